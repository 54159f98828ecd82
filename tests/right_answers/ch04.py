"""Right answers to the Chapter 4 exercises in other valid styles; each must keep full marks.

question -> [(what makes it different, code that replaces the solution block of that
question)], written at indentation 0 as in ``tests/wrong_answers/``.
"""

RIGHT_ANSWERS = {
    "q1": [
        ("in-place updates on copies of the arguments",
         "param, velocity = param.copy(), velocity.copy()\n"
         "velocity *= momentum\n"
         "velocity += grad\n"
         "param -= lr * velocity\n"
         "return param, velocity"),
        ("NumPy functions instead of operators",
         "new_velocity = np.add(np.multiply(momentum, velocity), grad)\n"
         "return np.subtract(param, lr * new_velocity), new_velocity"),
    ],
    "q2": [
        ("the paper's efficient form: corrections folded into the step size and eps",
         "m = beta1 * m + (1 - beta1) * grad\n"
         "v = beta2 * v + (1 - beta2) * grad * grad\n"
         "root = math.sqrt(1 - beta2**t)\n"
         "step_size = lr * root / (1 - beta1**t)\n"
         "return param - step_size * m / (v**0.5 + eps * root), m, v"),
        ("in-place updates on copies",
         "param, m, v = param.copy(), m.copy(), v.copy()\n"
         "m *= beta1\n"
         "m += (1 - beta1) * grad\n"
         "v *= beta2\n"
         "v += (1 - beta2) * np.square(grad)\n"
         "param -= lr * (m / (1 - beta1**t)) / (np.sqrt(v / (1 - beta2**t)) + eps)\n"
         "return param, m, v"),
    ],
    "q3": [
        ("written out in full, without calling adam_step",
         "param = param - lr * weight_decay * param\n"
         "m = beta1 * m + (1 - beta1) * grad\n"
         "v = beta2 * v + (1 - beta2) * grad**2\n"
         "m_hat, v_hat = m / (1 - beta1**t), v / (1 - beta2**t)\n"
         "return param - lr * m_hat / (np.sqrt(v_hat) + eps), m, v"),
        ("calls adam_step with keyword arguments",
         "shrunk = param * (1 - lr * weight_decay)\n"
         "return adam_step(shrunk, grad, m, v, t=t, lr=lr, beta1=beta1, beta2=beta2, eps=eps)"),
    ],
    "q4": [
        ("in-place updates on copies, ** 0.5 for the square root",
         "param, state_sum = param.copy(), state_sum.copy()\n"
         "g = grad + weight_decay * param\n"
         "state_sum += g * g\n"
         "param -= lr / (1 + (t - 1) * lr_decay) * g / (state_sum**0.5 + eps)\n"
         "return param, state_sum"),
        ("NumPy functions, the weight decay only when it is not zero",
         "g = np.add(grad, np.multiply(weight_decay, param)) if weight_decay else grad\n"
         "new_sum = np.add(state_sum, np.square(g))\n"
         "clr = lr / (1.0 + lr_decay * (t - 1))\n"
         "return np.subtract(param, clr * np.divide(g, np.sqrt(new_sum) + eps)), new_sum"),
    ],
    "q5": [
        ("a dict comprehension on len(p.shape)",
         "return {name: p - lr * grads[name] - (lr * weight_decay * p if len(p.shape) >= 2\n"
         "                                      else 0.0)\n"
         "        for name, p in params.items()}"),
        ("copies, then the decay and the step in place",
         "new_params = {name: np.array(p, dtype=float) for name, p in params.items()}\n"
         "for name, p in new_params.items():\n"
         "    if p.ndim >= 2:\n"
         "        p *= 1 - lr * weight_decay\n"
         "    p -= lr * grads[name]\n"
         "return new_params"),
    ],
    "q6": [
        ("a helper for the cosine part, as in the chapter",
         "def cosine(t, total, peak, low):\n"
         "    return low + (peak - low) * (1 + math.cos(math.pi * t / total)) / 2\n"
         "\n"
         "if step < warmup_steps:\n"
         "    return peak_lr * (step + 1) / warmup_steps\n"
         "return cosine(step - warmup_steps, total_steps - warmup_steps, peak_lr, min_lr)"),
        ("np.cos, one expression per branch, a NumPy float",
         "if step >= warmup_steps:\n"
         "    s, S = step - warmup_steps, total_steps - warmup_steps\n"
         "    return min_lr + 0.5 * (peak_lr - min_lr) * (1 + np.cos(np.pi * s / S))\n"
         "return (step + 1) / warmup_steps * peak_lr"),
    ],
    "q7": [
        ("a while loop over a list",
         "losses = list(val_losses)\n"
         "best, best_epoch, waited, epoch = float('inf'), 0, 0, 0\n"
         "while epoch < len(losses) and (epoch == 0 or waited < patience):\n"
         "    epoch += 1\n"
         "    if losses[epoch - 1] < best - min_delta:\n"
         "        best, best_epoch, waited = losses[epoch - 1], epoch, 0\n"
         "    else:\n"
         "        waited += 1\n"
         "return epoch, best_epoch"),
        ("counts from 0 internally and converts at the end",
         "best, best_index, last_good = np.inf, 0, 0\n"
         "for index, loss in enumerate(np.asarray(val_losses, dtype=float)):\n"
         "    if loss < best - min_delta:\n"
         "        best, best_index, last_good = loss, index, index\n"
         "    elif index - last_good >= patience:\n"
         "        return int(index + 1), int(best_index + 1)\n"
         "return int(len(val_losses)), int(best_index + 1)"),
    ],
    "q8": [
        ("counts the drops and uses lr * factor ** drops",
         "best, bad_epochs, drops, rates = None, 0, 0, []\n"
         "for loss in np.asarray(val_losses, dtype=float):\n"
         "    if best is None or loss < best - threshold * best:\n"
         "        best, bad_epochs = loss, 0\n"
         "    else:\n"
         "        bad_epochs += 1\n"
         "    if bad_epochs == patience + 1:\n"
         "        drops, bad_epochs = drops + 1, 0\n"
         "    rates.append(max(lr * factor**drops, min_lr))\n"
         "return rates"),
        ("returns a NumPy array",
         "rates = np.empty(len(val_losses))\n"
         "best, bad_epochs = math.inf, 0\n"
         "for epoch, loss in enumerate(val_losses):\n"
         "    improved = loss < best * (1 - threshold)\n"
         "    best = loss if improved else best\n"
         "    bad_epochs = 0 if improved else bad_epochs + 1\n"
         "    if bad_epochs > patience:\n"
         "        lr = max(lr * factor, min_lr)\n"
         "        bad_epochs = 0\n"
         "    rates[epoch] = lr\n"
         "return rates"),
    ],
    "q9": [
        ("if/elif with the bound of each scheme written out",
         "if scheme == 'lecun':\n"
         "    return math.sqrt(3 / fan_in)\n"
         "elif scheme == 'xavier':\n"
         "    return math.sqrt(6 / (fan_in + fan_out))\n"
         "elif scheme == 'he':\n"
         "    return math.sqrt(6 / fan_in)\n"
         "return 1 / math.sqrt(fan_in)"),
        ("a gain times sqrt(3 / fan), as nn.init computes it, as a NumPy float",
         "gains = {'lecun': 1.0, 'xavier': 1.0, 'he': np.sqrt(2.0),\n"
         "         'pytorch': np.sqrt(1 / 3)}\n"
         "fan = (fan_in + fan_out) / 2 if scheme == 'xavier' else fan_in\n"
         "return gains[scheme] * np.sqrt(3 / fan)"),
    ],
    "q10": [
        ("a mask from rng.binomial, a copy in evaluation",
         "if not training:\n"
         "    return x.copy()\n"
         "if p >= 1:\n"
         "    return np.zeros(x.shape)\n"
         "mask = rng.binomial(1, 1 - p, size=x.shape)\n"
         "return x * mask / (1 - p)"),
        ("rng.uniform and np.where",
         "if training and p > 0:\n"
         "    keep = rng.uniform(size=x.shape) < 1 - p\n"
         "    scale = 0.0 if p == 1 else 1 / (1 - p)\n"
         "    return np.where(keep, x * scale, 0.0)\n"
         "return x"),
    ],
    "q11": [
        ("a binomial mask, the dropped value and the scaling written out",
         "if not training or p == 0:\n"
         "    return x\n"
         "if p == 1:\n"
         "    return 0.0 * np.asarray(x, dtype=float)\n"
         "keep = rng.binomial(1, 1 - p, size=np.shape(x)).astype(bool)\n"
         "variance = (1 - p) * (1 + p * ALPHA_PRIME**2)\n"
         "scale = variance ** -0.5\n"
         "shift = -scale * p * ALPHA_PRIME\n"
         "out = np.full(np.shape(x), scale * ALPHA_PRIME + shift)\n"
         "out[keep] = scale * np.asarray(x, dtype=float)[keep] + shift\n"
         "return out"),
        ("the mask from question 10's dropout, then a x' + b",
         "if not training or p in (0, 1):\n"
         "    return dropout(x, p, training, rng)\n"
         "kept = dropout(np.ones(np.shape(x)), p, True, rng) != 0\n"
         "a = 1 / np.sqrt((1 - p) * (1 + p * ALPHA_PRIME**2))\n"
         "return np.where(kept, a * x, a * ALPHA_PRIME) + a * p * -ALPHA_PRIME"),
        ("the mean and variance of x' computed first, then b from the mean",
         "if not training or p == 0:\n"
         "    return x\n"
         "if p == 1:\n"
         "    return np.zeros(np.shape(x))\n"
         "mean = p * ALPHA_PRIME\n"
         "variance = (1 - p) + p * ALPHA_PRIME**2 - mean**2\n"
         "a = 1 / math.sqrt(variance)\n"
         "x_prime = np.where(rng.uniform(size=np.shape(x)) < p, ALPHA_PRIME, x)\n"
         "return a * (x_prime - mean)"),
    ],
    "q12": [
        ("the chapter's style: unbiased variance as var * n / (n - 1)",
         "if training:\n"
         "    n = len(x)\n"
         "    mean = x.mean(axis=0)\n"
         "    var = ((x - mean) ** 2).mean(axis=0)\n"
         "    new_mean = (1 - momentum) * running_mean + momentum * mean\n"
         "    new_var = (1 - momentum) * running_var + momentum * var * n / (n - 1)\n"
         "    return gamma * (x - mean) / np.sqrt(var + eps) + beta, new_mean, new_var\n"
         "x_hat = (x - running_mean) / np.sqrt(running_var + eps)\n"
         "return gamma * x_hat + beta, running_mean.copy(), running_var.copy()"),
        ("np.mean and np.var with keepdims",
         "if not training:\n"
         "    return (gamma * (x - running_mean) / (running_var + eps) ** 0.5 + beta,\n"
         "            running_mean, running_var)\n"
         "mean = np.mean(x, axis=0, keepdims=True)\n"
         "var = np.var(x, axis=0, keepdims=True)\n"
         "y = gamma * (x - mean) / np.sqrt(var + eps) + beta\n"
         "unbiased = np.var(x, axis=0, ddof=1)\n"
         "return (y, momentum * mean[0] + (1 - momentum) * running_mean,\n"
         "        momentum * unbiased + (1 - momentum) * running_var)"),
    ],
    "q13": [
        ("a loop over the groups",
         "out = np.empty(x.shape)\n"
         "size = x.shape[1] // num_groups\n"
         "axes = tuple(range(1, x.ndim))\n"
         "for g in range(num_groups):\n"
         "    part = x[:, g * size:(g + 1) * size]\n"
         "    mean = part.mean(axis=axes, keepdims=True)\n"
         "    var = part.var(axis=axes, keepdims=True)\n"
         "    out[:, g * size:(g + 1) * size] = (part - mean) / np.sqrt(var + eps)\n"
         "shape = [1] * x.ndim\n"
         "shape[1] = -1\n"
         "return out * np.reshape(gamma, shape) + np.reshape(beta, shape)"),
        ("a (batch, groups, channels per group, ...) view, statistics over its trailing axes",
         "n, c = x.shape[:2]\n"
         "split = x.reshape((n, num_groups, c // num_groups) + x.shape[2:])\n"
         "axes = tuple(range(2, split.ndim))\n"
         "centred = split - split.mean(axis=axes, keepdims=True)\n"
         "var = (centred**2).mean(axis=axes, keepdims=True)\n"
         "x_hat = (centred / np.sqrt(var + eps)).reshape(x.shape)\n"
         "extra = x.ndim - 2\n"
         "g = np.expand_dims(gamma, tuple(range(1, 1 + extra)))\n"
         "b = np.expand_dims(beta, tuple(range(1, 1 + extra)))\n"
         "return x_hat * g + b"),
    ],
    "q14": [
        ("torch's formula: a factor min(1, max_norm / (norm + 1e-6)) for every gradient",
         "total_norm = math.sqrt(sum(float((g * g).sum()) for g in grads))\n"
         "scale = min(1.0, max_norm / (total_norm + 1e-6))\n"
         "return [g * scale for g in grads], total_norm"),
        ("np.linalg.norm of all entries together, copies when nothing is clipped",
         "total_norm = float(np.linalg.norm(np.concatenate([np.ravel(g) for g in grads])))\n"
         "if total_norm > max_norm:\n"
         "    return [g * (max_norm / total_norm) for g in grads], total_norm\n"
         "return [g.copy() for g in grads], total_norm"),
    ],
}
