"""Plausible wrong answers to the Chapter 8 exercises; each must lose points.

question -> [(what is wrong, code that replaces the solution block of that question)].
The code is written at indentation 0; it is indented to the block's level when substituted.
"""


def _attention(scale: str = " / q.shape[-1] ** 0.5",
               masking: str = "scores = scores.masked_fill(~mask, float('-inf'))\n",
               softmax: str = "weights = scores.softmax(dim=-1)\n") -> str:
    """The solution of question 1 with one of its parts changed."""
    return ("scores = q @ k.transpose(-2, -1)" + scale + "\n"
            "if mask is not None:\n"
            "    " + masking + softmax +
            "return weights @ v, weights")


def _decoder_mask(real: str = "torch.arange(T)[None, :] < lengths[:, None]",
                  causal: str = "torch.ones(T, T, dtype=torch.bool).tril()",
                  combine: str = "torch.where(real[:, :, None], causal & real[:, None, :], "
                                 "itself)") -> str:
    """The solution of question 3 with one of its parts changed."""
    return (f"real = {real}\n"
            f"causal = {causal}\n"
            "itself = torch.eye(T, dtype=torch.bool)\n"
            f"return {combine}")


def _step(grow: str = ("K = torch.cat([cache[0], k_t], dim=-2)\n"
                       "V = torch.cat([cache[1], v_t], dim=-2)\n"),
          scores: str = "q_t @ K.transpose(-2, -1) / q_t.shape[-1] ** 0.5",
          out: str = "return weights @ V, (K, V)") -> str:
    """The solution of question 4 with one of its parts changed."""
    body = "".join("    " + line + "\n" for line in grow.splitlines())
    return ("if cache is None:\n"
            "    K, V = k_t, v_t\n"
            "else:\n" + body +
            f"weights = ({scores}).softmax(dim=-1)\n" + out)


def _rope(theta: str = "10000.0 ** (-torch.arange(0, d, 2, dtype=torch.float64) / d)",
          angles: str = "positions.to(torch.float64)[:, None] * theta[None, :]",
          pairs: str = "a, b = x[..., 0::2], x[..., 1::2]",
          rotate: str = "torch.stack([a * cos - b * sin, a * sin + b * cos], dim=-1)"
                        ".flatten(-2)") -> str:
    """The solution of question 5 with one of its parts changed."""
    return ("d = x.shape[-1]\n"
            f"theta = {theta}\n"
            f"angles = {angles}\n"
            "cos, sin = angles.cos().to(x.dtype), angles.sin().to(x.dtype)\n"
            f"{pairs}\n"
            f"return {rotate}")


def _beam(extend: str = ("log_probs = step_log_probs([bos] + tokens)\n"
                         "for token, lp in enumerate(log_probs):\n"
                         "    candidates.append((tokens + [token], score + float(lp)))\n"),
          finished: str = "len(tokens) == max_len or (len(tokens) > 0 and tokens[-1] == eos)",
          keep: str = "beams = candidates[:beam_width]") -> str:
    """The solution of question 6 with one of its parts changed."""
    inner = "".join("        " + line + "\n" for line in extend.splitlines())
    return ("def finished(tokens):\n"
            f"    return {finished}\n\n"
            "beams = [([], 0.0)]\n"
            "while not all(finished(tokens) for tokens, _ in beams):\n"
            "    candidates = []\n"
            "    for tokens, score in beams:\n"
            "        if finished(tokens):\n"
            "            candidates.append((tokens, score))\n"
            "            continue\n" + inner +
            "    candidates.sort(key=lambda c: c[1], reverse=True)\n"
            f"    {keep}\n"
            "return beams[0]")


def _params(norms: str = "2 * (2 * d_model if bias else d_model)",
            attn: str = "2 * linear(d_model, d_model) + 2 * linear(d_model, d_kv)",
            mlp: str = "linear(d_model, d_ff) + linear(d_ff, d_model)",
            d_kv: str = "n_kv_heads * (d_model // n_heads)",
            biases: str = "(n_out if bias else 0)") -> str:
    """The solution of question 7 with one of its terms changed."""
    return (f"d_kv = {d_kv}\n\n"
            "def linear(n_in, n_out):\n"
            f"    return n_in * n_out + {biases}\n\n"
            f"return {norms} + {attn} + {mlp}")


def _alibi(slopes: str = "",
           distance: str = "torch.arange(T)[:, None] - torch.arange(T)[None, :]",
           bias: str = "-slopes[:, None, None] * distance",
           fill: str = "bias.masked_fill(distance < 0, float('-inf'))") -> str:
    """The solution of question 8 with one of its parts changed (``slopes`` replaces the
    whole slope computation)."""
    rule = (f"slopes = {slopes}\n" if slopes else
            "c = 2 ** int(np.floor(np.log2(n_heads)))\n"
            "slopes = 2.0 ** (-8.0 * torch.arange(1, c + 1) / c)\n"
            "extra = 2.0 ** (-4.0 * (2 * torch.arange(n_heads - c) + 1) / c)\n"
            "slopes = torch.cat([slopes, extra])\n")
    return (rule + f"distance = {distance}\n"
            f"bias = {bias}\n"
            f"return {fill}")


WRONG_ANSWERS = {
    "q1": [
        ("no scaling by the square root of d_k", _attention(scale="")),
        ("divided by d_k instead of its square root",
         _attention(scale=" / q.shape[-1]")),
        ("scaled by the size of the values, d_v", _attention(scale=" / v.shape[-1] ** 0.5")),
        ("the softmax over the queries (dim=-2)",
         _attention(softmax="weights = scores.softmax(dim=-2)\n")),
        ("the opposite mask convention: True = ignore",
         _attention(masking="scores = scores.masked_fill(mask, float('-inf'))\n")),
        ("masked scores set to 0 instead of -inf",
         _attention(masking="scores = scores.masked_fill(~mask, 0.0)\n")),
        ("the weights multiplied by the mask after the softmax, not renormalised",
         "scores = q @ k.transpose(-2, -1) / q.shape[-1] ** 0.5\n"
         "weights = scores.softmax(dim=-1)\n"
         "if mask is not None:\n"
         "    weights = weights * mask\n"
         "return weights @ v, weights"),
        ("q scaled in place",
         "q /= q.shape[-1] ** 0.5\n" + _attention(scale="")),
        ("PyTorch's fused function for the output",
         "scores = q @ k.transpose(-2, -1) / q.shape[-1] ** 0.5\n"
         "if mask is not None:\n"
         "    scores = scores.masked_fill(~mask, float('-inf'))\n"
         "return F.scaled_dot_product_attention(q, k, v, attn_mask=mask), "
         "scores.softmax(-1)"),
    ],
    "q2a": [
        ("view straight to (B, n_heads, T, d_head), without a transpose",
         "B, T, d_model = x.shape\n"
         "return x.view(B, n_heads, T, d_model // n_heads)"),
        ("the features cut as (d_head, n_heads): heads take every n_heads-th feature",
         "B, T, d_model = x.shape\n"
         "return x.view(B, T, d_model // n_heads, n_heads).permute(0, 3, 1, 2)"),
        ("the heads left on the third axis: (B, T, n_heads, d_head)",
         "B, T, d_model = x.shape\n"
         "return x.view(B, T, n_heads, d_model // n_heads)"),
        ("the time and head-size axes swapped: (B, n_heads, d_head, T)",
         "B, T, d_model = x.shape\n"
         "return x.view(B, T, n_heads, d_model // n_heads).permute(0, 2, 3, 1)"),
        ("n_heads and d_head confused: d_head heads of n_heads features",
         "B, T, d_model = x.shape\n"
         "return x.view(B, T, d_model // n_heads, n_heads).transpose(1, 2)"),
    ],
    "q2b": [
        ("reshape without undoing the transpose",
         "B, n_heads, T, d_head = x.shape\n"
         "return x.reshape(B, T, n_heads * d_head)"),
        ("view after the transpose: fails on a non-contiguous tensor",
         "B, n_heads, T, d_head = x.shape\n"
         "return x.transpose(1, 2).view(B, T, n_heads * d_head)"),
        ("the wrong axes swapped: (B, d_head, ...) flattened",
         "B, n_heads, T, d_head = x.shape\n"
         "return x.transpose(1, 3).reshape(B, T, n_heads * d_head)"),
        ("features ordered head-minor: feature f of every head, then f + 1",
         "B, n_heads, T, d_head = x.shape\n"
         "return x.permute(0, 2, 3, 1).reshape(B, T, n_heads * d_head)"),
        ("the heads summed instead of concatenated",
         "return x.sum(dim=1)"),
    ],
    "q3": [
        ("the opposite convention: True = ignore",
         _decoder_mask(combine="~torch.where(real[:, :, None], causal & real[:, None, :], "
                               "itself)")),
        ("triu instead of tril: each query sees the future",
         _decoder_mask(causal="torch.ones(T, T, dtype=torch.bool).triu()")),
        ("the rule chosen by the key's column, not the query's row",
         _decoder_mask(combine="torch.where(real[:, None, :], causal, itself)")),
        ("padded query rows fully masked: NaN in the attention",
         _decoder_mask(combine="causal & real[:, None, :] & real[:, :, None]")),
        ("padded query rows keep the causal pattern over the real keys",
         _decoder_mask(combine="causal & real[:, None, :]")),
        ("a strict causal mask: no position sees itself",
         _decoder_mask(causal="torch.ones(T, T, dtype=torch.bool).tril(-1)")),
        ("lengths read as the index of the last real token",
         _decoder_mask(real="torch.arange(T)[None, :] <= lengths[:, None]")),
        ("an additive float mask, 0 and -inf",
         "real = torch.arange(T)[None, :] < lengths[:, None]\n"
         "allowed = torch.ones(T, T, dtype=torch.bool).tril() & real[:, None, :]\n"
         "allowed = allowed | (torch.eye(T, dtype=torch.bool) & ~real[:, :, None])\n"
         "return torch.zeros(allowed.shape).masked_fill(~allowed, float('-inf'))"),
        ("padding only, without the causal part",
         _decoder_mask(causal="torch.ones(T, T, dtype=torch.bool)")),
    ],
    "q4": [
        ("the cache grown along axis 1, right only without a head axis",
         _step(grow="K = torch.cat([cache[0], k_t], dim=1)\n"
                    "V = torch.cat([cache[1], v_t], dim=1)\n")),
        ("attends before appending: the new position does not see itself",
         "if cache is None:\n"
         "    return v_t, (k_t, v_t)\n"
         "K, V = cache\n"
         "weights = (q_t @ K.transpose(-2, -1) / q_t.shape[-1] ** 0.5).softmax(dim=-1)\n"
         "return weights @ V, (torch.cat([K, k_t], dim=-2), torch.cat([V, v_t], dim=-2))"),
        ("no scaling by the square root of d_k",
         _step(scores="q_t @ K.transpose(-2, -1)")),
        ("queries cached instead of keys",
         _step(grow="K = torch.cat([cache[0], q_t], dim=-2)\n"
                    "V = torch.cat([cache[1], v_t], dim=-2)\n",
               scores="q_t @ torch.cat([K[..., :-1, :], k_t], dim=-2).transpose(-2, -1)"
                      " / q_t.shape[-1] ** 0.5")
         .replace("if cache is None:\n    K, V = k_t, v_t", "if cache is None:\n"
                  "    K, V = q_t, v_t")),
        ("the cache grown along the batch axis",
         _step(grow="K = torch.cat([cache[0], k_t], dim=0)\n"
                    "V = torch.cat([cache[1], v_t], dim=0)\n")),
        ("the cache never grows: only the first position is kept",
         _step(grow="K, V = cache\n")),
        ("the new position attends to itself only",
         _step(scores="q_t @ k_t.transpose(-2, -1) / q_t.shape[-1] ** 0.5",
               out="return weights @ v_t, (K, V)")),
        ("a causal mask built from the cache's shape hides the past",
         _step(scores="(q_t @ K.transpose(-2, -1) / q_t.shape[-1] ** 0.5).masked_fill("
                      "~torch.ones(1, K.shape[-2], dtype=torch.bool).tril(), "
                      "float('-inf'))")),
    ],
    "q5": [
        ("theta_i = 10000 ** (-2i / d) with i already even: the exponent doubled",
         _rope(theta="10000.0 ** (-2 * torch.arange(0, d, 2, dtype=torch.float64) / d)")),
        ("the halves paired (i, i + d/2), the other convention",
         _rope(pairs="a, b = x[..., :d // 2], x[..., d // 2:]",
               rotate="torch.cat([a * cos - b * sin, a * sin + b * cos], dim=-1)")),
        ("theta_i = 10000 ** (-i / d): the exponent off by a factor 2",
         _rope(theta="10000.0 ** (-torch.arange(d // 2, dtype=torch.float64) / d)")),
        ("rotated the other way: sin with the opposite sign",
         _rope(rotate="torch.stack([a * cos + b * sin, -a * sin + b * cos], dim=-1)"
                      ".flatten(-2)")),
        ("the positions ignored: rows numbered 0, 1, 2...",
         _rope(angles="torch.arange(x.shape[-2], dtype=torch.float64)[:, None] * "
                      "theta[None, :]")),
        ("a positive exponent: 10000 ** (2i / d)",
         _rope(theta="10000.0 ** (torch.arange(0, d, 2, dtype=torch.float64) / d)")),
        ("angles in degrees",
         _rope(angles="torch.deg2rad(positions.to(torch.float64)[:, None] * "
                      "theta[None, :])")),
        ("the rotated halves concatenated, not interleaved back",
         _rope(rotate="torch.cat([a * cos - b * sin, a * sin + b * cos], dim=-1)")),
    ],
    "q6": [
        ("the model asked without the bos token",
         _beam(extend="log_probs = step_log_probs(tokens)\n"
                      "for token, lp in enumerate(log_probs):\n"
                      "    candidates.append((tokens + [token], score + float(lp)))\n")),
        ("finished hypotheses set aside, the beam refilled with unfinished ones",
         "done, beams = [], [([], 0.0)]\n"
         "while beams:\n"
         "    candidates = []\n"
         "    for tokens, score in beams:\n"
         "        log_probs = step_log_probs([bos] + tokens)\n"
         "        for token, lp in enumerate(log_probs):\n"
         "            candidates.append((tokens + [token], score + float(lp)))\n"
         "    candidates.sort(key=lambda c: c[1], reverse=True)\n"
         "    beams = []\n"
         "    for tokens, score in candidates[:beam_width]:\n"
         "        if tokens[-1] == eos or len(tokens) == max_len:\n"
         "            done.append((tokens, score))\n"
         "        else:\n"
         "            beams.append((tokens, score))\n"
         "return max(done, key=lambda c: c[1])"),
        ("greedy search: the best token at each step",
         "tokens, score = [], 0.0\n"
         "while len(tokens) < max_len and (not tokens or tokens[-1] != eos):\n"
         "    log_probs = step_log_probs([bos] + tokens)\n"
         "    token = int(np.argmax(log_probs))\n"
         "    tokens, score = tokens + [token], score + float(log_probs[token])\n"
         "return tokens, score"),
        ("beam_width kept per hypothesis, never cut overall",
         _beam(extend="log_probs = step_log_probs([bos] + tokens)\n"
                      "for token in np.argsort(-log_probs)[:beam_width]:\n"
                      "    candidates.append((tokens + [int(token)], score + "
                      "float(log_probs[token])))\n",
               keep="beams = candidates")),
        ("probabilities summed instead of log-probabilities",
         _beam(extend="log_probs = step_log_probs([bos] + tokens)\n"
                      "for token, lp in enumerate(log_probs):\n"
                      "    candidates.append((tokens + [token], score + float(np.exp(lp))))"
                      "\n")),
        ("finished hypotheses extended past eos",
         _beam(finished="len(tokens) == max_len")),
        ("probabilities multiplied: the score starts at 0 and stays 0",
         _beam(extend="log_probs = step_log_probs([bos] + tokens)\n"
                      "for token, lp in enumerate(log_probs):\n"
                      "    candidates.append((tokens + [token], score * float(lp)))\n")),
        ("the worst beam_width kept: sorted the wrong way",
         _beam(keep="beams = candidates[::-1][:beam_width]")),
        ("the bos token returned with the tokens",
         _beam().replace("return beams[0]", "return [bos] + beams[0][0], beams[0][1]")),
        ("the last kept hypothesis returned, not the best",
         _beam().replace("return beams[0]", "return beams[-1]")),
    ],
    "q7": [
        ("the layer norms forgotten", _params(norms="0")),
        ("the biases forgotten",
         _params(biases="0", norms="2 * d_model")),
        ("keys and values as large as the queries (plain multi-head attention)",
         _params(d_kv="d_model")),
        ("keys and values of n_kv_heads * d_model",
         _params(d_kv="n_kv_heads * d_model")),
        ("layer-norm biases counted even when bias is False",
         _params(norms="4 * d_model")),
        ("the output projection forgotten",
         _params(attn="linear(d_model, d_model) + 2 * linear(d_model, d_kv)")),
        ("one key/value projection instead of two",
         _params(attn="2 * linear(d_model, d_model) + linear(d_model, d_kv)")),
        ("a float: d_model / n_heads",
         _params(d_kv="n_kv_heads * (d_model / n_heads)")),
        ("counted by building the modules",
         "block = nn.ModuleList([nn.LayerNorm(d_model), nn.LayerNorm(d_model),\n"
         "                       nn.Linear(d_model, d_model, bias=bias),\n"
         "                       nn.Linear(d_model, d_model, bias=bias),\n"
         "                       nn.Linear(d_model, d_ff, bias=bias),\n"
         "                       nn.Linear(d_ff, d_model, bias=bias)])\n"
         "return sum(p.numel() for p in block.parameters())"),
        ("layers built on the meta device, counted with state_dict",
         "layers = [nn.Linear(d_model, d_model, bias=bias, device='meta'),\n"
         "          nn.Linear(d_model, n_kv_heads * d_model // n_heads, bias=bias, "
         "device='meta')]\n"
         "sizes = [sum(t.numel() for t in m.state_dict().values()) for m in layers]\n"
         "return 2 * sizes[0] + 2 * sizes[1] + 2 * d_model * (1 + bias) + "
         "2 * d_model * d_ff + bias * (d_ff + d_model)"),
    ],
    "q8": [
        ("c the smallest power of two above n_heads",
         _alibi(slopes="2.0 ** (-8.0 * torch.arange(1, n_heads + 1) / "
                       "2 ** int(np.ceil(np.log2(n_heads))))")),
        ("slopes counted from h = 0: the first head has slope 1",
         _alibi(slopes="2.0 ** (-8.0 * torch.arange(n_heads) / n_heads)")),
        ("the power-of-two formula for every number of heads",
         _alibi(slopes="2.0 ** (-8.0 * torch.arange(1, n_heads + 1) / n_heads)")),
        ("a positive bias: far keys favoured",
         _alibi(bias="slopes[:, None, None] * distance")),
        ("the distance j - i: a bonus for the past, and the mask on the wrong side",
         _alibi(distance="torch.arange(T)[None, :] - torch.arange(T)[:, None]")),
        ("|i - j| everywhere, no causal -inf",
         _alibi(bias="-slopes[:, None, None] * distance.abs()", fill="bias")),
        ("0 instead of -inf in the future",
         _alibi(fill="bias.masked_fill(distance < 0, 0.0)")),
        ("the slopes in increasing order",
         _alibi(slopes="2.0 ** (-8.0 * torch.arange(n_heads, 0, -1) / n_heads)")),
    ],
}
