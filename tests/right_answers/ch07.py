"""Right answers to the Chapter 7 exercises in other valid styles; each must keep full marks.

question -> [(what makes it different, code that replaces the solution block of that
question)], written at indentation 0 as in ``tests/wrong_answers/``.
"""

RIGHT_ANSWERS: dict[str, list[tuple[str, str]]] = {
    "q1": [
        ("np.einsum for both products",
         "pre = np.einsum('bi,ih->bh', x, W_xh) + np.einsum('bj,jh->bh', h, W_hh)\n"
         "return np.tanh(pre + b)"),
        ("torch on the arrays, back to NumPy",
         "pre = torch.from_numpy(x) @ torch.from_numpy(W_xh) + torch.from_numpy(h) @ "
         "torch.from_numpy(W_hh)\n"
         "return torch.tanh(pre + torch.from_numpy(b)).numpy()"),
        ("input and state concatenated, one product with the stacked weights",
         "return np.tanh(np.hstack([x, h]) @ np.vstack([W_xh, W_hh]) + b)"),
        ("torch float32 tensors (torch.Tensor), back to NumPy",
         "pre = torch.Tensor(x) @ torch.Tensor(W_xh) + torch.Tensor(h) @ torch.Tensor(W_hh)\n"
         "return torch.tanh(pre + torch.Tensor(b)).numpy()"),
        ("one example at a time, with np.dot",
         "return np.array([np.tanh(np.dot(x_i, W_xh) + np.dot(h_i, W_hh) + b)\n"
         "                 for x_i, h_i in zip(x, h)])"),
    ],
    "q2": [
        ("an output array filled step by step, without rnn_step",
         "batch, time, _ = xs.shape\n"
         "hs = np.empty((batch, time, W_hh.shape[0]), dtype=np.result_type(xs, h0, W_hh))\n"
         "h = h0\n"
         "for t in range(time):\n"
         "    h = np.tanh(xs[:, t] @ W_xh + h @ W_hh + b)\n"
         "    hs[:, t] = h\n"
         "return hs"),
        ("rnn_step in a loop, the list of states transposed",
         "states = []\n"
         "h = h0.copy()\n"
         "for t in range(xs.shape[1]):\n"
         "    h = rnn_step(xs[:, t, :], h, W_xh, W_hh, b)\n"
         "    states.append(h)\n"
         "return np.array(states).transpose(1, 0, 2)"),
        ("float32 torch tensors (torch.Tensor), states back to NumPy",
         "h, states = torch.Tensor(h0), []\n"
         "for t in range(xs.shape[1]):\n"
         "    h = torch.tanh(torch.Tensor(xs[:, t]) @ torch.Tensor(W_xh)\n"
         "                   + h @ torch.Tensor(W_hh) + torch.Tensor(b))\n"
         "    states.append(h)\n"
         "return torch.stack(states, dim=1).numpy()"),
        ("time-major: the input projection of every step at once, then np.moveaxis",
         "projected = np.moveaxis(xs @ W_xh + b, 1, 0)\n"
         "h, states = h0, []\n"
         "for p in projected:\n"
         "    h = np.tanh(p + h @ W_hh)\n"
         "    states.append(h)\n"
         "return np.moveaxis(np.array(states), 0, 1)"),
    ],
    "q3": [
        ("the gradients of the pre-activations first, the weight gradients with einsum after",
         "hs = rnn_forward(xs, h0, W_xh, W_hh, b)\n"
         "prev = np.concatenate([h0[:, None], hs[:, :-1]], axis=1)\n"
         "das = np.zeros(hs.shape)\n"
         "dh = 0\n"
         "for t in range(xs.shape[1] - 1, -1, -1):\n"
         "    das[:, t] = (dh + grad_hs[:, t]) * (1 - hs[:, t] ** 2)\n"
         "    dh = das[:, t] @ W_hh.T\n"
         "return (das @ W_xh.T, dh, np.einsum('bti,bth->ih', xs, das),\n"
         "        np.einsum('btj,bth->jh', prev, das), das.sum(axis=(0, 1)))"),
        ("in torch tensors, by hand, without autograd",
         "xs_t, h0_t, W_xh_t, W_hh_t, b_t, g = (torch.as_tensor(a, dtype=torch.float64)\n"
         "                                      for a in (xs, h0, W_xh, W_hh, b, grad_hs))\n"
         "states, h = [], h0_t\n"
         "for t in range(xs_t.shape[1]):\n"
         "    h = torch.tanh(xs_t[:, t] @ W_xh_t + h @ W_hh_t + b_t)\n"
         "    states.append(h)\n"
         "grads = [torch.zeros_like(a) for a in (xs_t, h0_t, W_xh_t, W_hh_t, b_t)]\n"
         "d_xs, _, d_W_xh, d_W_hh, d_b = grads\n"
         "carried = torch.zeros_like(h0_t)\n"
         "for t in reversed(range(xs_t.shape[1])):\n"
         "    da = (carried + g[:, t]) * (1 - states[t] ** 2)\n"
         "    before = states[t - 1] if t else h0_t\n"
         "    d_xs[:, t] = da @ W_xh_t.T\n"
         "    d_W_xh += xs_t[:, t].T @ da\n"
         "    d_W_hh += before.T @ da\n"
         "    d_b += da.sum(0)\n"
         "    carried = da @ W_hh_t.T\n"
         "return d_xs.numpy(), carried.numpy(), d_W_xh.numpy(), d_W_hh.numpy(), d_b.numpy()"),
        ("pre-activations kept, tanh' as 1 / cosh^2",
         "h, pre = h0, []\n"
         "for t in range(xs.shape[1]):\n"
         "    a = xs[:, t] @ W_xh + h @ W_hh + b\n"
         "    pre.append(a)\n"
         "    h = np.tanh(a)\n"
         "d_xs, d_W_xh = np.zeros(xs.shape), np.zeros(W_xh.shape)\n"
         "d_W_hh, d_b, dh = np.zeros(W_hh.shape), np.zeros(b.shape), np.zeros(h0.shape)\n"
         "for t in reversed(range(xs.shape[1])):\n"
         "    da = (dh + grad_hs[:, t]) / np.cosh(pre[t]) ** 2\n"
         "    h_prev = np.tanh(pre[t - 1]) if t > 0 else h0\n"
         "    d_xs[:, t] = da @ W_xh.T\n"
         "    d_W_xh += xs[:, t].T @ da\n"
         "    d_W_hh += h_prev.T @ da\n"
         "    d_b += da.sum(axis=0)\n"
         "    dh = da @ W_hh.T\n"
         "return d_xs, dh, d_W_xh, d_W_hh, d_b"),
        ("a list of gradients in the arguments' dtype",
         "hs = rnn_forward(xs, h0, W_xh, W_hh, b)\n"
         "d_xs, d_W_xh, d_W_hh, d_b = (np.zeros_like(a) for a in (xs, W_xh, W_hh, b))\n"
         "dh = np.zeros_like(h0)\n"
         "for t in reversed(range(xs.shape[1])):\n"
         "    da = (dh + grad_hs[:, t]) * (1 - hs[:, t] * hs[:, t])\n"
         "    d_xs[:, t] = da @ W_xh.T\n"
         "    d_W_xh = d_W_xh + xs[:, t].T @ da\n"
         "    d_W_hh = d_W_hh + (hs[:, t - 1] if t >= 1 else h0).T @ da\n"
         "    d_b = d_b + np.sum(da, axis=0)\n"
         "    dh = da @ W_hh.T\n"
         "return [d_xs, dh, d_W_xh, d_W_hh, d_b]"),
    ],
    "q4": [
        ("sliding_window_view on each part",
         "from numpy.lib.stride_tricks import sliding_window_view\n"
         "cut = int(train_fraction * len(series))\n"
         "result = []\n"
         "for part in (series[:cut], series[cut:]):\n"
         "    if len(part) < window + horizon:\n"
         "        result += [np.empty((0, window)), np.empty((0, horizon))]\n"
         "        continue\n"
         "    views = sliding_window_view(part, window + horizon)\n"
         "    result += [views[:, :window].copy(), views[:, window:].copy()]\n"
         "return tuple(result)"),
        ("indices of every sample at once, by broadcasting",
         "import math\n"
         "cut = math.floor(train_fraction * len(series))\n"
         "out = []\n"
         "for start, stop in ((0, cut), (cut, len(series))):\n"
         "    n = max(stop - start - window - horizon + 1, 0)\n"
         "    first = start + np.arange(n)[:, None]\n"
         "    out.append(series[first + np.arange(window)])\n"
         "    out.append(series[first + window + np.arange(horizon)])\n"
         "return out"),
        ("a loop that fills preallocated arrays, targets flat when the horizon is 1",
         "cut = int(train_fraction * len(series))\n"
         "out = []\n"
         "for part in (series[:cut], series[cut:]):\n"
         "    n = max(len(part) - window - horizon + 1, 0)\n"
         "    X, Y = np.zeros((n, window)), np.zeros((n, horizon))\n"
         "    for s in range(n):\n"
         "        X[s] = part[s:s + window]\n"
         "        Y[s] = part[s + window:s + window + horizon]\n"
         "    out += [X, Y[:, 0] if horizon == 1 else Y]\n"
         "return tuple(out)"),
    ],
    "q5": [
        ("top k of the raw logits, the temperature after",
         "top = logits.topk(k, dim=1)\n"
         "probs = F.softmax(top.values / temperature, dim=1)\n"
         "picked = torch.multinomial(probs, num_samples=1, generator=generator)[:, 0]\n"
         "return top.indices[torch.arange(len(logits)), picked]"),
        ("-inf outside the top k, an inverse CDF with torch.rand",
         "scaled = logits / temperature\n"
         "kth = scaled.topk(k, dim=-1).values[:, -1:]\n"
         "probs = torch.softmax(scaled.masked_fill(scaled < kth, float('-inf')), dim=-1)\n"
         "u = torch.rand(len(logits), 1, generator=generator, dtype=probs.dtype)\n"
         "cdf = probs.cumsum(dim=-1)\n"
         "token = torch.searchsorted(cdf, u * cdf[:, -1:]).squeeze(-1)\n"
         "return token.clamp(max=logits.shape[-1] - 1)"),
        ("the Gumbel-max trick",
         "scaled = logits / temperature\n"
         "kth = scaled.topk(k, dim=-1).values[:, -1:]\n"
         "u = torch.rand(scaled.shape, generator=generator).clamp_min(1e-12)\n"
         "gumbel = -torch.log(-torch.log(u))\n"
         "return (scaled.masked_fill(scaled < kth, float('-inf')) + gumbel).argmax(dim=-1)"),
        ("the temperature as a power of the probabilities, p ** (1 / T), renormalised",
         "probs = torch.softmax(logits, dim=-1) ** (1 / temperature)\n"
         "top = probs.topk(k, dim=-1)\n"
         "weights = top.values / top.values.sum(dim=-1, keepdim=True)\n"
         "choice = torch.multinomial(weights, 1, generator=generator)\n"
         "return top.indices.gather(-1, choice)[:, 0]"),
        ("one row at a time, in float64, as a list turned into a tensor",
         "tokens = []\n"
         "for row in logits.double():\n"
         "    values, ids = torch.sort(row / temperature, descending=True)\n"
         "    probs = torch.exp(values[:k] - values[0])\n"
         "    pick = torch.multinomial(probs / probs.sum(), 1, generator=generator)\n"
         "    tokens.append(int(ids[pick]))\n"
         "return torch.tensor(tokens)"),
    ],
    "q6": [
        ("the mask as weights, log2 of e for the conversion",
         "weights = mask.astype(float)\n"
         "nats = np.sum(losses * weights) / np.sum(weights)\n"
         "return nats * np.log2(np.e), np.exp(nats)"),
        ("per-sequence sums and counts, perplexity as 2 ** bpc",
         "import math\n"
         "total = sum(float(row[keep].sum()) for row, keep in zip(losses, mask))\n"
         "count = sum(int(keep.sum()) for keep in mask)\n"
         "bpc = total / count / math.log(2)\n"
         "return bpc, 2 ** bpc"),
        ("torch float32 tensors",
         "import math\n"
         "real = torch.tensor(losses, dtype=torch.float32)[torch.tensor(mask)]\n"
         "nats = real.sum() / real.numel()\n"
         "return (nats / math.log(2)).item(), torch.exp(nats).item()"),
        ("torch tensors, masked_select",
         "real = torch.masked_select(torch.from_numpy(losses), torch.from_numpy(mask))\n"
         "nats = real.mean()\n"
         "return (nats / np.log(2)).item(), nats.exp().item()"),
    ],
    "q7": [
        ("F.linear and slices of the stacked rows",
         "H = h.shape[1]\n"
         "gi = F.linear(x, params['weight_ih'], params['bias_ih'])\n"
         "gh = F.linear(h, params['weight_hh'], params['bias_hh'])\n"
         "r = torch.sigmoid(gi[:, :H] + gh[:, :H])\n"
         "z = torch.sigmoid(gi[:, H:2 * H] + gh[:, H:2 * H])\n"
         "n = torch.tanh(gi[:, 2 * H:] + r * gh[:, 2 * H:])\n"
         "return n + z * (h - n)"),
        ("each gate's weights split out first, products written per gate",
         "W_ir, W_iz, W_in = params['weight_ih'].split(h.shape[1])\n"
         "W_hr, W_hz, W_hn = params['weight_hh'].split(h.shape[1])\n"
         "b_ir, b_iz, b_in = params['bias_ih'].split(h.shape[1])\n"
         "b_hr, b_hz, b_hn = params['bias_hh'].split(h.shape[1])\n"
         "r = torch.sigmoid(x @ W_ir.T + b_ir + h @ W_hr.T + b_hr)\n"
         "z = torch.sigmoid(x @ W_iz.T + b_iz + h @ W_hz.T + b_hz)\n"
         "n = torch.tanh(x @ W_in.T + b_in + r * (h @ W_hn.T + b_hn))\n"
         "return (1 - z) * n + z * h"),
        ("both gates from one sigmoid, then split",
         "H = h.shape[1]\n"
         "gi = x @ params['weight_ih'].T + params['bias_ih']\n"
         "gh = h @ params['weight_hh'].T + params['bias_hh']\n"
         "r, z = torch.sigmoid(gi[:, :2 * H] + gh[:, :2 * H]).split(H, dim=1)\n"
         "n = torch.tanh(gi[:, 2 * H:] + r * gh[:, 2 * H:])\n"
         "return z * h + (1 - z) * n"),
        ("torch.addmm and F.sigmoid",
         "gi = torch.addmm(params['bias_ih'], x, params['weight_ih'].t())\n"
         "gh = torch.addmm(params['bias_hh'], h, params['weight_hh'].t())\n"
         "(i_r, i_z, i_n), (h_r, h_z, h_n) = gi.chunk(3, 1), gh.chunk(3, 1)\n"
         "r, z = F.sigmoid(i_r + h_r), F.sigmoid(i_z + h_z)\n"
         "n = torch.tanh(i_n + r * h_n)\n"
         "return torch.lerp(n, h, z)"),
    ],
    "q8": [
        ("one gather with the source index of every step",
         "t = torch.arange(x.shape[1])[None, :]\n"
         "L = lengths[:, None]\n"
         "source = torch.where(t < L, L - 1 - t, t)\n"
         "return torch.gather(x, 1, source[:, :, None].expand(-1, -1, x.shape[2]))"),
        ("each row rebuilt with torch.cat",
         "return torch.stack([torch.cat([row[:n].flip(0), row[n:]])\n"
         "                    for row, n in zip(x, lengths.tolist())])"),
        ("NumPy fancy indexing, back to a tensor",
         "arr = x.numpy()\n"
         "T = arr.shape[1]\n"
         "t = np.arange(T)[None, :]\n"
         "L = lengths.numpy()[:, None]\n"
         "source = np.where(t < L, L - 1 - t, t)\n"
         "return torch.from_numpy(arr[np.arange(len(arr))[:, None], source])"),
        ("step by step, into torch.empty_like",
         "out = torch.empty_like(x)\n"
         "for i in range(x.shape[0]):\n"
         "    n = int(lengths[i])\n"
         "    for t in range(x.shape[1]):\n"
         "        out[i, t] = x[i, n - 1 - t] if t < n else x[i, t]\n"
         "return out"),
    ],
}
