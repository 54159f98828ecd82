"""Right answers to the Chapter 8 exercises in other valid styles; each must keep full marks.

question -> [(what makes it different, code that replaces the solution block of that
question)], written at indentation 0 as in ``tests/wrong_answers/``.
"""

RIGHT_ANSWERS: dict[str, list[tuple[str, str]]] = {
    "q1": [
        ("the smallest float for masked scores, the scale applied after masking",
         "import math\n\n"
         "scores = q @ k.mT\n"
         "if mask is not None:\n"
         "    scores = scores.masked_fill(~mask, torch.finfo(scores.dtype).min)\n"
         "weights = torch.softmax(scores / math.sqrt(k.size(-1)), dim=-1)\n"
         "return weights @ v, weights"),
        ("einsum, torch.where and an explicit softmax",
         "scores = torch.einsum('...qd,...kd->...qk', q, k) / q.shape[-1] ** 0.5\n"
         "if mask is not None:\n"
         "    scores = torch.where(mask, scores, torch.tensor(float('-inf'), "
         "dtype=scores.dtype))\n"
         "scores = scores - scores.amax(dim=-1, keepdim=True)\n"
         "weights = scores.exp() / scores.exp().sum(dim=-1, keepdim=True)\n"
         "return torch.einsum('...qk,...kv->...qv', weights, v), weights"),
        ("q scaled first (a new tensor), F.softmax, a large negative score for the mask",
         "q = q * q.shape[-1] ** -0.5\n"
         "scores = torch.matmul(q, k.transpose(-1, -2))\n"
         "if mask is not None:\n"
         "    scores = scores.masked_fill(mask.logical_not(), -1e30)\n"
         "weights = F.softmax(scores, dim=-1)\n"
         "return torch.matmul(weights, v), weights"),
        ("computed in float64, returned in the input's dtype",
         "scores = q.double() @ k.double().transpose(-2, -1) / q.shape[-1] ** 0.5\n"
         "if mask is not None:\n"
         "    scores[~mask.expand_as(scores)] = float('-inf')\n"
         "weights = scores.softmax(dim=-1)\n"
         "return (weights @ v.double()).to(q.dtype), weights.to(q.dtype)"),
    ],
    "q2a": [
        ("reshape and permute",
         "B, T, d_model = x.shape\n"
         "return x.reshape(B, T, n_heads, -1).permute(0, 2, 1, 3)"),
        ("the heads sliced one by one and stacked",
         "d_head = x.shape[-1] // n_heads\n"
         "return torch.stack([x[..., h * d_head:(h + 1) * d_head] for h in range(n_heads)],\n"
         "                   dim=1)"),
        ("unflatten and movedim, made contiguous",
         "return x.unflatten(-1, (n_heads, -1)).movedim(2, 1).contiguous()"),
    ],
    "q2b": [
        ("permute and flatten",
         "return x.permute(0, 2, 1, 3).flatten(2)"),
        ("the heads concatenated along the features",
         "return torch.cat(list(x.unbind(dim=1)), dim=-1)"),
        ("contiguous, then view",
         "B, n_heads, T, d_head = x.shape\n"
         "return x.transpose(1, 2).contiguous().view(B, T, -1)"),
    ],
    "q3": [
        ("loops over sequences and rows, into a zero mask",
         "mask = torch.zeros(len(lengths), T, T, dtype=torch.bool)\n"
         "for b, length in enumerate(lengths.tolist()):\n"
         "    for i in range(T):\n"
         "        if i < length:\n"
         "            mask[b, i, :i + 1] = True\n"
         "        else:\n"
         "            mask[b, i, i] = True\n"
         "return mask"),
        ("comparisons of index grids, combined with | and &",
         "i = torch.arange(T)[:, None]\n"
         "j = torch.arange(T)[None, :]\n"
         "L = lengths[:, None, None]\n"
         "return ((j <= i) & (i < L)) | ((i >= L) & (i == j))"),
        ("a repeated causal mask, padded rows rewritten by index",
         "real = torch.arange(T)[None, :] < lengths[:, None]\n"
         "mask = torch.ones(T, T, dtype=torch.bool).tril().repeat(len(lengths), 1, 1)\n"
         "mask &= real[:, None, :]\n"
         "b, i = torch.nonzero(~real, as_tuple=True)\n"
         "mask[b, i, :] = False\n"
         "mask[b, i, i] = True\n"
         "return mask"),
    ],
    "q4": [
        ("question 1's attention with an explicit all-True mask",
         "K = k_t if cache is None else torch.cat([cache[0], k_t], dim=-2)\n"
         "V = v_t if cache is None else torch.cat([cache[1], v_t], dim=-2)\n"
         "sees = torch.ones(1, K.shape[-2], dtype=torch.bool)\n"
         "return attention(q_t, K, V, sees)[0], (K, V)"),
        ("the first step through an empty cache, and question 1's attention",
         "K0, V0 = cache if cache is not None else (k_t[..., :0, :], v_t[..., :0, :])\n"
         "K, V = torch.cat((K0, k_t), -2), torch.cat((V0, v_t), -2)\n"
         "out, _ = attention(q_t, K, V)\n"
         "return out, (K, V)"),
        ("einsum and an explicit softmax, a tuple built at the end",
         "K = k_t if cache is None else torch.cat([cache[0], k_t], dim=-2)\n"
         "V = v_t if cache is None else torch.cat([cache[1], v_t], dim=-2)\n"
         "scores = torch.einsum('...qd,...kd->...qk', q_t, K) / q_t.shape[-1] ** 0.5\n"
         "weights = torch.exp(scores - scores.logsumexp(dim=-1, keepdim=True))\n"
         "return torch.einsum('...qk,...kv->...qv', weights, V), tuple([K, V])"),
        ("the cache as a list, copies of the new key and value",
         "K, V = [k_t.clone(), v_t.clone()] if cache is None else [\n"
         "    torch.cat([cache[0], k_t], dim=-2), torch.cat([cache[1], v_t], dim=-2)]\n"
         "w = F.softmax(q_t @ K.mT / q_t.size(-1) ** 0.5, dim=-1)\n"
         "return w @ V, [K, V]"),
    ],
    "q5": [
        ("complex numbers: each pair as one complex number, times e^(i p theta)",
         "d = x.shape[-1]\n"
         "theta = 10000.0 ** (-torch.arange(0, d, 2, dtype=torch.float64) / d)\n"
         "angles = positions.double()[:, None] * theta\n"
         "z = torch.view_as_complex(x.double().reshape(*x.shape[:-1], d // 2, 2)"
         ".contiguous())\n"
         "return torch.view_as_real(z * torch.polar(torch.ones_like(angles), angles))"
         ".flatten(-2).to(x.dtype)"),
        ("a loop over the pairs, writing into a clone",
         "d = x.shape[-1]\n"
         "out = x.clone()\n"
         "p = positions.to(torch.float64)\n"
         "for i in range(d // 2):\n"
         "    angle = p * 10000.0 ** (-2 * i / d)\n"
         "    c = torch.cos(angle).to(x.dtype)[:, None]\n"
         "    s = torch.sin(angle).to(x.dtype)[:, None]\n"
         "    a, b = x[..., 2 * i:2 * i + 1], x[..., 2 * i + 1:2 * i + 2]\n"
         "    out[..., 2 * i:2 * i + 1] = a * c - b * s\n"
         "    out[..., 2 * i + 1:2 * i + 2] = a * s + b * c\n"
         "return out"),
        ("rotate-half written for interleaved pairs, with repeat_interleave",
         "d = x.shape[-1]\n"
         "inv = 1.0 / 10000.0 ** (torch.arange(0, d, 2, dtype=torch.float64) / d)\n"
         "angles = torch.outer(positions.double(), inv).repeat_interleave(2, dim=-1)\n"
         "swapped = torch.stack([-x[..., 1::2], x[..., 0::2]], dim=-1).reshape(x.shape)\n"
         "return (x * angles.cos() + swapped * angles.sin()).to(x.dtype)"),
        ("angles in float32, PyTorch's default, written into an empty tensor",
         "d = x.shape[-1]\n"
         "theta = 10000 ** (-torch.arange(0, d, 2) / d)\n"
         "angles = positions[:, None] * theta[None, :]\n"
         "out = torch.empty_like(x)\n"
         "out[..., 0::2] = x[..., 0::2] * angles.cos() - x[..., 1::2] * angles.sin()\n"
         "out[..., 1::2] = x[..., 0::2] * angles.sin() + x[..., 1::2] * angles.cos()\n"
         "return out"),
    ],
    "q6": [
        ("sorted from worst to best, the last beam_width kept",
         "beams = [([], 0.0)]\n"
         "def over(t):\n"
         "    return len(t) == max_len or (t and t[-1] == eos)\n"
         "while not all(over(t) for t, _ in beams):\n"
         "    nxt = [(t, s) for t, s in beams if over(t)]\n"
         "    for t, s in beams:\n"
         "        if not over(t):\n"
         "            lp = step_log_probs([bos] + t)\n"
         "            nxt += [(t + [w], s + lp[w]) for w in range(len(lp))]\n"
         "    beams = sorted(nxt, key=lambda c: c[1])[-beam_width:]\n"
         "return beams[-1][0], beams[-1][1]"),
        ("finished hypotheses marked by a flag, heapq.nlargest",
         "import heapq\n\n"
         "beams = [(0.0, [], False)]\n"
         "while not all(done for _, _, done in beams):\n"
         "    candidates = []\n"
         "    for score, tokens, done in beams:\n"
         "        if done:\n"
         "            candidates.append((score, tokens, True))\n"
         "            continue\n"
         "        lp = np.asarray(step_log_probs([bos, *tokens]), dtype=float)\n"
         "        for w in range(len(lp)):\n"
         "            new = tokens + [w]\n"
         "            candidates.append((score + lp[w], new, w == eos or len(new) == max_len))\n"
         "    beams = heapq.nlargest(beam_width, candidates, key=lambda c: c[0])\n"
         "best = max(beams, key=lambda c: c[0])\n"
         "return best[1], float(best[0])"),
        ("torch tensors for the scores, topk over all candidates",
         "beams = [((), 0.0)]\n"
         "def over(t):\n"
         "    return len(t) >= max_len or (len(t) > 0 and t[-1] == eos)\n"
         "for _ in range(max_len):\n"
         "    if all(over(t) for t, _ in beams):\n"
         "        break\n"
         "    seqs, scores = [], []\n"
         "    for t, s in beams:\n"
         "        if over(t):\n"
         "            seqs.append(t)\n"
         "            scores.append(s)\n"
         "        else:\n"
         "            lp = torch.as_tensor(step_log_probs([bos] + list(t)), "
         "dtype=torch.float64)\n"
         "            seqs += [t + (w,) for w in range(len(lp))]\n"
         "            scores += (s + lp).tolist()\n"
         "    top = torch.tensor(scores).topk(min(beam_width, len(scores))).indices.tolist()\n"
         "    beams = [(seqs[i], scores[i]) for i in top]\n"
         "tokens, score = max(beams, key=lambda b: b[1])\n"
         "return list(tokens), score"),
    ],
    "q7": [
        ("a NumPy integer, from the shapes of the weight matrices",
         "kv = n_kv_heads * (d_model // n_heads)\n"
         "shapes = [(d_model, d_model), (kv, d_model), (kv, d_model), (d_model, d_model),\n"
         "          (d_ff, d_model), (d_model, d_ff)]\n"
         "total = np.sum([np.prod(s) + (s[0] if bias else 0) for s in shapes])\n"
         "return total + 2 * d_model * (2 if bias else 1)"),
        ("term by term, in a dict",
         "d_head = d_model // n_heads\n"
         "b = 1 if bias else 0\n"
         "parts = {\n"
         "    'ln1': d_model * (1 + b), 'ln2': d_model * (1 + b),\n"
         "    'q': d_model * d_model + b * d_model,\n"
         "    'k': d_model * n_kv_heads * d_head + b * n_kv_heads * d_head,\n"
         "    'v': d_model * n_kv_heads * d_head + b * n_kv_heads * d_head,\n"
         "    'o': d_model * d_model + b * d_model,\n"
         "    'up': d_model * d_ff + b * d_ff, 'down': d_ff * d_model + b * d_model,\n"
         "}\n"
         "return sum(parts.values())"),
        ("the weights and the biases counted apart, with numpy integers",
         "kv = n_kv_heads * d_model // n_heads\n"
         "weights = np.int64(2 * d_model * d_model + 2 * d_model * kv + 2 * d_model * d_ff)\n"
         "biases = np.int64(3 * d_model + 2 * kv + d_ff + 2 * d_model) if bias else 0\n"
         "return int(weights + 2 * d_model + biases)"),
    ],
    "q8": [
        ("the paper's recursive rule for the slopes, loops for the matrix",
         "import math\n\n"
         "def slopes_of(n):\n"
         "    if math.log2(n).is_integer():\n"
         "        return [2 ** (-8 * (h + 1) / n) for h in range(n)]\n"
         "    c = 2 ** math.floor(math.log2(n))\n"
         "    return slopes_of(c) + slopes_of(2 * c)[0::2][:n - c]\n\n"
         "bias = torch.full((n_heads, T, T), float('-inf'))\n"
         "for h, m in enumerate(slopes_of(n_heads)):\n"
         "    for i in range(T):\n"
         "        for j in range(i + 1):\n"
         "            bias[h, i, j] = -m * (i - j)\n"
         "return bias"),
        ("NumPy in float64, torch.where and triu for the future",
         "c = 1 << (n_heads.bit_length() - 1)\n"
         "m = [2.0 ** (-8 * (h + 1) / c) for h in range(c)]\n"
         "m += [2.0 ** (-4 * (2 * k + 1) / c) for k in range(n_heads - c)]\n"
         "i = np.arange(T)\n"
         "dist = torch.from_numpy((i[:, None] - i[None, :]).astype(float))\n"
         "future = torch.ones(T, T, dtype=torch.bool).triu(1)\n"
         "bias = -torch.tensor(m, dtype=torch.float64)[:, None, None] * dist\n"
         "return torch.where(future, torch.tensor(float('-inf'), dtype=torch.float64), "
         "bias)"),
    ],
}
