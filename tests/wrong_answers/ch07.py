"""Plausible wrong answers to the Chapter 7 exercises; each must lose points.

question -> [(what is wrong, code that replaces the solution block of that question)].
The code is written at indentation 0; it is indented to the block's level when substituted.
"""


_WEIGHTS = ("d_W_xh += xs[:, t].T @ da\n"
            "d_W_hh += h_prev.T @ da\n"
            "d_b += da.sum(axis=0)\n")


def _backward(step: str = "da = dh * (1 - hs[:, t] ** 2)\n",
              weights: str = _WEIGHTS,
              carry: str = "dh = da @ W_hh.T\n",
              arrive: str = "dh = dh + grad_hs[:, t]\n") -> str:
    """The solution of question 3 with one of its lines changed."""
    body = arrive + step + "h_prev = hs[:, t - 1] if t > 0 else h0\n" + \
        "d_xs[:, t] = da @ W_xh.T\n" + weights + carry
    loop = "".join("    " + line + "\n" for line in body.splitlines())
    return ("hs = rnn_forward(xs, h0, W_xh, W_hh, b)\n"
            "d_xs = np.zeros_like(xs, dtype=float)\n"
            "d_W_xh, d_W_hh = np.zeros_like(W_xh, dtype=float), np.zeros_like(W_hh, "
            "dtype=float)\n"
            "d_b = np.zeros_like(b, dtype=float)\n"
            "dh = np.zeros_like(h0, dtype=float)\n"
            "for t in reversed(range(xs.shape[1])):\n" + loop +
            "return d_xs, dh, d_W_xh, d_W_hh, d_b")


def _windows(samples: str, split: str = ("cut = int(train_fraction * len(series))\n"
                                         "return (*samples(series[:cut]), "
                                         "*samples(series[cut:]))")) -> str:
    """make_windows with its inner ``samples(part)`` (or its split) written another way."""
    return samples + "\n" + split


_SAMPLES = (
    "def samples(part):\n"
    "    n = max(len(part) - window - horizon + 1, 0)\n"
    "    X = np.array([part[s:s + window] for s in range(n)]).reshape(n, window)\n"
    "    Y = np.array([part[s + window:s + window + horizon] for s in range(n)])\n"
    "    return X, Y.reshape(n, horizon)\n"
)


def _gru(gates: str = "r = torch.sigmoid(i_r + h_r)\nz = torch.sigmoid(i_z + h_z)\n",
         candidate: str = "n = torch.tanh(i_n + r * h_n)\n",
         out: str = "return (1 - z) * n + z * h",
         bias_hh: str = " + params[\"bias_hh\"]",
         order: str = "i_r, i_z, i_n = gi.chunk(3, dim=1)\nh_r, h_z, h_n = gh.chunk(3, dim=1)\n"
         ) -> str:
    """The solution of question 7 with one of its parts changed."""
    return ("gi = x @ params[\"weight_ih\"].T + params[\"bias_ih\"]\n"
            "gh = h @ params[\"weight_hh\"].T" + bias_hh + "\n" + order + gates + candidate
            + out)


WRONG_ANSWERS = {
    "q1": [
        ("the weights used as nn.RNN stores them, transposed",
         "return np.tanh(x @ W_xh.T + h @ W_hh.T + b)"),
        ("W_hh transposed: h @ W_hh.T",
         "return np.tanh(x @ W_xh + h @ W_hh.T + b)"),
        ("a sigmoid instead of tanh",
         "return 1 / (1 + np.exp(-(x @ W_xh + h @ W_hh + b)))"),
        ("the bias forgotten",
         "return np.tanh(x @ W_xh + h @ W_hh)"),
        ("the previous state ignored",
         "return np.tanh(x @ W_xh + b)"),
        ("writes the new state into h, in place",
         "np.tanh(x @ W_xh + h @ W_hh + b, out=h)\n"
         "return h"),
    ],
    "q2": [
        ("only the last state",
         "h = h0\n"
         "for t in range(xs.shape[1]):\n"
         "    h = rnn_step(xs[:, t], h, W_xh, W_hh, b)\n"
         "return h"),
        ("h0 kept as the first state: time + 1 states",
         "h, states = h0, [h0]\n"
         "for t in range(xs.shape[1]):\n"
         "    h = rnn_step(xs[:, t], h, W_xh, W_hh, b)\n"
         "    states.append(h)\n"
         "return np.stack(states, axis=1)"),
        ("every step starts from h0: the state is not carried",
         "return np.stack([rnn_step(xs[:, t], h0, W_xh, W_hh, b)\n"
         "                 for t in range(xs.shape[1])], axis=1)"),
        ("time first: (time, batch, hidden)",
         "h, states = h0, []\n"
         "for t in range(xs.shape[1]):\n"
         "    h = rnn_step(xs[:, t], h, W_xh, W_hh, b)\n"
         "    states.append(h)\n"
         "return np.stack(states)"),
        ("loops over the first axis, as if xs were (time, batch, input)",
         "h, states = h0, []\n"
         "for x_t in xs:\n"
         "    h = rnn_step(x_t, h, W_xh, W_hh, b)\n"
         "    states.append(h)\n"
         "return np.stack(states, axis=1)"),
        ("updates h0 in place, step after step",
         "h, states = h0, []\n"
         "for t in range(xs.shape[1]):\n"
         "    h[:] = rnn_step(xs[:, t], h, W_xh, W_hh, b)\n"
         "    states.append(h.copy())\n"
         "return np.stack(states, axis=1)"),
    ],
    "q3": [
        ("the tanh's derivative forgotten",
         _backward(step="da = dh\n")),
        ("the tanh's derivative taken at the previous state",
         _backward(step="da = dh * (1 - (hs[:, t - 1] if t > 0 else h0) ** 2)\n")),
        ("the tanh's derivative written as 1 - tanh(h)^2, of the state instead of the "
         "pre-activation",
         _backward(step="da = dh * (1 - np.tanh(hs[:, t]) ** 2)\n")),
        ("d_W_hh from the new state h_t, not the previous one",
         _backward(weights=_WEIGHTS.replace("h_prev.T", "hs[:, t].T"))),
        ("W_hh not transposed on the way back",
         _backward(carry="dh = da @ W_hh\n")),
        ("nothing flows back through time: each step sees only its own loss",
         _backward(carry="dh = np.zeros_like(dh)\nd_h0 = da @ W_hh.T\n")
         .replace("return d_xs, dh,", "return d_xs, d_h0,")),
        ("d_h0 taken before the last product with W_hh: the gradient of the first "
         "pre-activation",
         _backward(carry="d_h0 = da\ndh = da @ W_hh.T\n")
         .replace("return d_xs, dh,", "return d_xs, d_h0,")),
        ("only the loss at the last step is used",
         _backward(arrive="dh = dh + (grad_hs[:, t] if t == xs.shape[1] - 1 else 0)\n")),
        ("the weight gradients are overwritten at each step, not added up",
         _backward(weights=_WEIGHTS.replace("+=", "="))),
        ("the bias gradient averaged over the batch",
         _backward(weights=_WEIGHTS.replace("da.sum(", "da.mean("))),
        ("the gradient carried back is added into grad_hs, in place",
         "hs = rnn_forward(xs, h0, W_xh, W_hh, b)\n"
         "d_xs = np.zeros_like(xs, dtype=float)\n"
         "d_W_xh, d_W_hh = np.zeros_like(W_xh, dtype=float), np.zeros_like(W_hh, dtype=float)\n"
         "d_b = np.zeros_like(b, dtype=float)\n"
         "d_h0 = None\n"
         "for t in reversed(range(xs.shape[1])):\n"
         "    da = grad_hs[:, t] * (1 - hs[:, t] ** 2)\n"
         "    h_prev = hs[:, t - 1] if t > 0 else h0\n"
         "    d_xs[:, t] = da @ W_xh.T\n"
         "    d_W_xh += xs[:, t].T @ da\n"
         "    d_W_hh += h_prev.T @ da\n"
         "    d_b += da.sum(axis=0)\n"
         "    if t > 0:\n"
         "        grad_hs[:, t - 1] += da @ W_hh.T\n"
         "    else:\n"
         "        d_h0 = da @ W_hh.T\n"
         "return d_xs, d_h0, d_W_xh, d_W_hh, d_b"),
        ("lets autograd do it, which the question bans",
         "leaves = [torch.tensor(a, dtype=torch.float64, requires_grad=True)\n"
         "          for a in (xs, h0, W_xh, W_hh, b)]\n"
         "x_t, h, Wx, Wh, bias = leaves\n"
         "states = []\n"
         "for t in range(xs.shape[1]):\n"
         "    h = torch.tanh(x_t[:, t] @ Wx + h @ Wh + bias)\n"
         "    states.append(h)\n"
         "(torch.stack(states, 1) * torch.tensor(grad_hs)).sum().backward()\n"
         "return tuple(leaf.grad.numpy() for leaf in leaves)"),
    ],
    "q4": [
        ("windows of the whole series, then the first samples for training: some straddle "
         "the cut",
         _windows(_SAMPLES, "X, Y = samples(series)\n"
                            "n_train = int(train_fraction * len(X))\n"
                            "return X[:n_train], Y[:n_train], X[n_train:], Y[n_train:]")),
        ("the samples shuffled before the split",
         _windows(_SAMPLES, "X, Y = samples(series)\n"
                            "order = np.random.permutation(len(X))\n"
                            "X, Y = X[order], Y[order]\n"
                            "n_train = int(train_fraction * len(X))\n"
                            "return X[:n_train], Y[:n_train], X[n_train:], Y[n_train:]")),
        ("the targets start one step early: they overlap the last input",
         _windows(_SAMPLES.replace("part[s + window:s + window + horizon]",
                                   "part[s + window - 1:s + window - 1 + horizon]"))),
        ("the last sample of each part is dropped",
         _windows(_SAMPLES.replace("len(part) - window - horizon + 1",
                                   "len(part) - window - horizon"))),
        ("validation inputs reach back into the training part",
         _windows(_SAMPLES, "cut = int(train_fraction * len(series))\n"
                            "start = max(cut - window, 0)\n"
                            "return (*samples(series[:cut]), *samples(series[start:]))")),
        ("the horizon ignored: one target per sample",
         _windows(_SAMPLES.replace("part[s + window:s + window + horizon]",
                                   "part[s + window:s + window + 1]")
                  .replace("Y.reshape(n, horizon)", "Y.reshape(n, 1)"))),
        ("the cut rounded to the nearest step, not down",
         _windows(_SAMPLES, "cut = round(train_fraction * len(series))\n"
                            "return (*samples(series[:cut]), *samples(series[cut:]))")),
        ("a part without samples gives arrays of shape (0,)",
         _windows("def samples(part):\n"
                  "    n = len(part) - window - horizon + 1\n"
                  "    X = np.array([part[s:s + window] for s in range(n)])\n"
                  "    Y = np.array([part[s + window:s + window + horizon] for s in range(n)])\n"
                  "    return X, Y\n")),
    ],
    "q5": [
        ("the logits multiplied by the temperature",
         "top = torch.topk(logits * temperature, k, dim=-1)\n"
         "probs = torch.softmax(top.values, dim=-1)\n"
         "choice = torch.multinomial(probs, 1, generator=generator)\n"
         "return top.indices.gather(-1, choice).squeeze(-1)"),
        ("the probabilities divided by the temperature, which renormalising undoes",
         "probs = torch.softmax(logits, dim=-1) / temperature\n"
         "top = torch.topk(probs, k, dim=-1)\n"
         "choice = torch.multinomial(top.values, 1, generator=generator)\n"
         "return top.indices.gather(-1, choice).squeeze(-1)"),
        ("k + 1 tokens kept",
         "top = torch.topk(logits / temperature, min(k + 1, logits.shape[-1]), dim=-1)\n"
         "probs = torch.softmax(top.values, dim=-1)\n"
         "choice = torch.multinomial(probs, 1, generator=generator)\n"
         "return top.indices.gather(-1, choice).squeeze(-1)"),
        ("k - 1 tokens kept",
         "top = torch.topk(logits / temperature, k - 1, dim=-1)\n"
         "probs = torch.softmax(top.values, dim=-1)\n"
         "choice = torch.multinomial(probs, 1, generator=generator)\n"
         "return top.indices.gather(-1, choice).squeeze(-1)"),
        ("returns the position among the top k, not the token id",
         "top = torch.topk(logits / temperature, k, dim=-1)\n"
         "probs = torch.softmax(top.values, dim=-1)\n"
         "return torch.multinomial(probs, 1, generator=generator).squeeze(-1)"),
        ("draws from the global random state, not the generator",
         "top = torch.topk(logits / temperature, k, dim=-1)\n"
         "probs = torch.softmax(top.values, dim=-1)\n"
         "choice = torch.multinomial(probs, 1)\n"
         "return top.indices.gather(-1, choice).squeeze(-1)"),
        ("torch.distributions.Categorical, which has no generator",
         "top = torch.topk(logits / temperature, k, dim=-1)\n"
         "choice = torch.distributions.Categorical(logits=top.values).sample()\n"
         "return top.indices.gather(-1, choice[:, None]).squeeze(-1)"),
        ("the logits outside the top k set to 0 instead of -inf",
         "scaled = logits / temperature\n"
         "kth = torch.topk(scaled, k, dim=-1).values[:, -1:]\n"
         "probs = torch.softmax(torch.where(scaled >= kth, scaled, 0.0), dim=-1)\n"
         "return torch.multinomial(probs, 1, generator=generator).squeeze(-1)"),
        ("the top-k probabilities of the whole softmax, not renormalised (inverse CDF)",
         "probs = torch.softmax(logits / temperature, dim=-1)\n"
         "top = torch.topk(probs, k, dim=-1)\n"
         "u = torch.rand(len(logits), 1, generator=generator, dtype=probs.dtype)\n"
         "position = (top.values.cumsum(-1) < u).sum(-1).clamp(max=k - 1)\n"
         "return top.indices.gather(-1, position[:, None]).squeeze(-1)"),
        ("one distribution for the whole batch: the first row's",
         "top = torch.topk(logits[0] / temperature, k)\n"
         "probs = torch.softmax(top.values, dim=-1)\n"
         "choice = torch.multinomial(probs, len(logits), replacement=True,\n"
         "                           generator=generator)\n"
         "return top.indices[choice]"),
        ("shape (batch, 1): the last axis is not squeezed",
         "top = torch.topk(logits / temperature, k, dim=-1)\n"
         "probs = torch.softmax(top.values, dim=-1)\n"
         "choice = torch.multinomial(probs, 1, generator=generator)\n"
         "return top.indices.gather(-1, choice)"),
    ],
    "q6": [
        ("the padding counted: the mean over every position",
         "nats = losses.mean()\n"
         "return float(nats / np.log(2)), float(np.exp(nats))"),
        ("every position summed, padding included, divided by the real ones",
         "nats = losses.sum() / mask.sum()\n"
         "return float(nats / np.log(2)), float(np.exp(nats))"),
        ("the masked sum divided by every position",
         "nats = (losses * mask).sum() / mask.size\n"
         "return float(nats / np.log(2)), float(np.exp(nats))"),
        ("the mean of each sequence's mean: short sequences weigh as much as long ones",
         "means = [row[keep].mean() for row, keep in zip(losses, mask) if keep.any()]\n"
         "nats = np.mean(means)\n"
         "return float(nats / np.log(2)), float(np.exp(nats))"),
        ("nats times ln 2 instead of divided by it",
         "nats = losses[mask].mean()\n"
         "return float(nats * np.log(2)), float(np.exp(nats))"),
        ("the loss left in nats",
         "nats = losses[mask].mean()\n"
         "return float(nats), float(np.exp(nats))"),
        ("the perplexity as 2 to the mean loss in nats",
         "nats = losses[mask].mean()\n"
         "return float(nats / np.log(2)), float(2 ** nats)"),
        ("the perplexity as e to the bits per character",
         "bpc = losses[mask].mean() / np.log(2)\n"
         "return float(bpc), float(np.exp(bpc))"),
    ],
    "q7": [
        ("the reset gate applied before the matrix product (Cho et al.'s original form)",
         "hidden = h.shape[1]\n"
         "W_hr, W_hz, W_hn = params[\"weight_hh\"].split(hidden)\n"
         "b_hr, b_hz, b_hn = params[\"bias_hh\"].split(hidden)\n"
         "i_r, i_z, i_n = (x @ params[\"weight_ih\"].T + params[\"bias_ih\"]).chunk(3, 1)\n"
         "r = torch.sigmoid(i_r + h @ W_hr.T + b_hr)\n"
         "z = torch.sigmoid(i_z + h @ W_hz.T + b_hz)\n"
         "n = torch.tanh(i_n + (r * h) @ W_hn.T + b_hn)\n"
         "return (1 - z) * n + z * h"),
        ("z and 1 - z swapped", _gru(out="return z * n + (1 - z) * h")),
        ("the gates read in the order z, r, n",
         _gru(order="i_z, i_r, i_n = gi.chunk(3, dim=1)\nh_z, h_r, h_n = gh.chunk(3, dim=1)\n")),
        ("bias_hh dropped", _gru(bias_hh="")),
        ("b_hn added outside the reset gate",
         _gru(bias_hh="", candidate="b_r, b_z, b_n = params[\"bias_hh\"].chunk(3)\n"
                                    "r = torch.sigmoid(i_r + h_r + b_r)\n"
                                    "z = torch.sigmoid(i_z + h_z + b_z)\n"
                                    "n = torch.tanh(i_n + r * h_n + b_n)\n")),
        ("tanh for the gates", _gru(gates="r = torch.tanh(i_r + h_r)\n"
                                          "z = torch.tanh(i_z + h_z)\n")),
        ("multiplies h by z in place",
         _gru(out="h_new = (1 - z) * n\nh.mul_(z)\nreturn h_new + h")),
        ("an nn.GRUCell with the parameters copied in (banned)",
         "cell = nn.GRUCell(x.shape[1], h.shape[1], dtype=x.dtype)\n"
         "cell.load_state_dict(params)\n"
         "with torch.no_grad():\n"
         "    return cell(x, h)"),
        ("torch's own gru_cell function (banned)",
         "return torch.gru_cell(x, h, params[\"weight_ih\"], params[\"weight_hh\"],\n"
         "                      params[\"bias_ih\"], params[\"bias_hh\"])"),
    ],
    "q8": [
        ("the whole time axis flipped, padding first",
         "return x.flip(1)"),
        ("reverses in place, then returns a copy",
         "for i, length in enumerate(lengths.tolist()):\n"
         "    x[i, :length] = x[i, :length].flip(0).clone()\n"
         "return x.clone()"),
        ("one step too far: the source index is L - t, not L - 1 - t",
         "t = torch.arange(x.shape[1])[None, :]\n"
         "index = torch.where(t < lengths[:, None], lengths[:, None] - t, t)\n"
         "index = index.clamp(max=x.shape[1] - 1)\n"
         "return x.gather(1, index[:, :, None].expand_as(x))"),
        ("the real part sliced as x[i, :-pad]: at full length :-0 is empty",
         "out = x.clone()\n"
         "for i, length in enumerate(lengths.tolist()):\n"
         "    pad = x.shape[1] - length\n"
         "    out[i, :length] = x[i, :-pad].flip(0)\n"
         "return out"),
        ("the padding set to zero",
         "out = torch.zeros_like(x)\n"
         "for i, length in enumerate(lengths.tolist()):\n"
         "    out[i, :length] = x[i, :length].flip(0)\n"
         "return out"),
        ("flipped, then rolled back: the padding comes out reversed",
         "flipped = x.flip(1)\n"
         "return torch.stack([row.roll(-(x.shape[1] - int(n)), 0)\n"
         "                    for row, n in zip(flipped, lengths)])"),
    ],
}
