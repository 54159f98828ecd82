"""Plausible wrong answers to the Chapter 4 exercises; each must lose points.

question -> [(what is wrong, code that replaces the solution block of that question)].
The code is written at indentation 0; it is indented to the block's level when substituted.
"""

WRONG_ANSWERS = {
    "q1": [
        ("exponentially weighted form without rescaling the learning rate",
         "velocity = momentum * velocity + (1 - momentum) * grad\n"
         "return param - lr * velocity, velocity"),
        ("steps with the old velocity",
         "new_velocity = momentum * velocity + grad\n"
         "return param - lr * velocity, new_velocity"),
        ("sign error: steps uphill",
         "velocity = momentum * velocity + grad\n"
         "return param + lr * velocity, velocity"),
        ("returns the old velocity",
         "new_velocity = momentum * velocity + grad\n"
         "return param - lr * new_velocity, velocity"),
    ],
    "q2": [
        ("no bias correction",
         "m = beta1 * m + (1 - beta1) * grad\n"
         "v = beta2 * v + (1 - beta2) * grad**2\n"
         "return param - lr * m / (np.sqrt(v) + eps), m, v"),
        ("bias correction with t - 1 (a step counter that starts at 0)",
         "m = beta1 * m + (1 - beta1) * grad\n"
         "v = beta2 * v + (1 - beta2) * grad**2\n"
         "m_hat = m / (1 - beta1 ** max(t - 1, 1))\n"
         "v_hat = v / (1 - beta2 ** max(t - 1, 1))\n"
         "return param - lr * m_hat / (np.sqrt(v_hat) + eps), m, v"),
        ("eps inside the square root",
         "m = beta1 * m + (1 - beta1) * grad\n"
         "v = beta2 * v + (1 - beta2) * grad**2\n"
         "m_hat = m / (1 - beta1**t)\n"
         "v_hat = v / (1 - beta2**t)\n"
         "return param - lr * m_hat / np.sqrt(v_hat + eps), m, v"),
        ("second moment of |grad| instead of grad squared",
         "m = beta1 * m + (1 - beta1) * grad\n"
         "v = beta2 * v + (1 - beta2) * np.abs(grad)\n"
         "m_hat = m / (1 - beta1**t)\n"
         "v_hat = v / (1 - beta2**t)\n"
         "return param - lr * m_hat / (np.sqrt(v_hat) + eps), m, v"),
    ],
    "q3": [
        ("L2 penalty added to the gradient (torch.optim.Adam's weight_decay)",
         "return adam_step(param, grad + weight_decay * param, m, v, t, lr, beta1, beta2, eps)"),
        ("decay not multiplied by the learning rate",
         "param = param * (1 - weight_decay)\n"
         "return adam_step(param, grad, m, v, t, lr, beta1, beta2, eps)"),
        ("forgets the weight decay (plain Adam)",
         "return adam_step(param, grad, m, v, t, lr, beta1, beta2, eps)"),
    ],
    "q4": [
        ("warm-up starts at 0 and reaches the peak one step late",
         "if step < warmup_steps:\n"
         "    return peak_lr * step / warmup_steps\n"
         "progress = (step - warmup_steps) / (total_steps - warmup_steps)\n"
         "return min_lr + (peak_lr - min_lr) * (1 + math.cos(math.pi * progress)) / 2"),
        ("cosine over all the steps instead of those after the warm-up",
         "if step < warmup_steps:\n"
         "    return peak_lr * (step + 1) / warmup_steps\n"
         "progress = step / total_steps\n"
         "return min_lr + (peak_lr - min_lr) * (1 + math.cos(math.pi * progress)) / 2"),
        ("ignores min_lr",
         "if step < warmup_steps:\n"
         "    return peak_lr * (step + 1) / warmup_steps\n"
         "progress = (step - warmup_steps) / (total_steps - warmup_steps)\n"
         "return peak_lr * (1 + math.cos(math.pi * progress)) / 2"),
        ("warm-up starts from min_lr",
         "if step < warmup_steps:\n"
         "    return min_lr + (peak_lr - min_lr) * (step + 1) / warmup_steps\n"
         "progress = (step - warmup_steps) / (total_steps - warmup_steps)\n"
         "return min_lr + (peak_lr - min_lr) * (1 + math.cos(math.pi * progress)) / 2"),
    ],
    "q5": [
        ("old-style scaling: multiplies the kept entries by 1 - p",
         "if not training:\n"
         "    return x\n"
         "return x * (rng.random(x.shape) >= p) * (1 - p)"),
        ("p used as the keep probability",
         "if not training or p == 0:\n"
         "    return x\n"
         "return x * (rng.random(x.shape) < p) / p"),
        ("no scaling at all",
         "if not training:\n"
         "    return x\n"
         "return x * (rng.random(x.shape) >= p)"),
        ("scales at evaluation time too",
         "if not training:\n"
         "    return x * (1 - p)\n"
         "return x * (rng.random(x.shape) >= p) / (1 - p)"),
        ("ignores the generator it is given",
         "if not training:\n"
         "    return x\n"
         "return x * (np.random.default_rng().random(x.shape) >= p) / (1 - p)"),
    ],
    "q6": [
        ("running variance from the biased variance",
         "if training:\n"
         "    mean, var = x.mean(axis=0), x.var(axis=0)\n"
         "    running_mean = (1 - momentum) * running_mean + momentum * mean\n"
         "    running_var = (1 - momentum) * running_var + momentum * var\n"
         "else:\n"
         "    mean, var = running_mean, running_var\n"
         "return gamma * (x - mean) / np.sqrt(var + eps) + beta, running_mean, running_var"),
        ("normalises with the unbiased variance in training",
         "if training:\n"
         "    mean, var = x.mean(axis=0), x.var(axis=0, ddof=1)\n"
         "    running_mean = (1 - momentum) * running_mean + momentum * mean\n"
         "    running_var = (1 - momentum) * running_var + momentum * var\n"
         "else:\n"
         "    mean, var = running_mean, running_var\n"
         "return gamma * (x - mean) / np.sqrt(var + eps) + beta, running_mean, running_var"),
        ("momentum convention reversed (keeps only momentum of the old value)",
         "if training:\n"
         "    mean, var = x.mean(axis=0), x.var(axis=0)\n"
         "    running_mean = momentum * running_mean + (1 - momentum) * mean\n"
         "    running_var = momentum * running_var + (1 - momentum) * x.var(axis=0, ddof=1)\n"
         "else:\n"
         "    mean, var = running_mean, running_var\n"
         "return gamma * (x - mean) / np.sqrt(var + eps) + beta, running_mean, running_var"),
        ("uses the batch statistics in evaluation mode too",
         "mean, var = x.mean(axis=0), x.var(axis=0)\n"
         "if training:\n"
         "    running_mean = (1 - momentum) * running_mean + momentum * mean\n"
         "    running_var = (1 - momentum) * running_var + momentum * x.var(axis=0, ddof=1)\n"
         "return gamma * (x - mean) / np.sqrt(var + eps) + beta, running_mean, running_var"),
        ("normalises over the features instead of the batch (layer norm)",
         "if training:\n"
         "    mean, var = x.mean(axis=1, keepdims=True), x.var(axis=1, keepdims=True)\n"
         "    running_mean = (1 - momentum) * running_mean + momentum * x.mean(axis=0)\n"
         "    running_var = (1 - momentum) * running_var + momentum * x.var(axis=0, ddof=1)\n"
         "else:\n"
         "    mean, var = running_mean, running_var\n"
         "return gamma * (x - mean) / np.sqrt(var + eps) + beta, running_mean, running_var"),
    ],
    "q7": [
        ("the variance used as the bound (forgets Uniform's a**2 / 3)",
         "variance = {'lecun': 1 / fan_in, 'xavier': 2 / (fan_in + fan_out), 'he': 2 / fan_in,\n"
         "            'pytorch': 1 / (3 * fan_in)}[scheme]\n"
         "return math.sqrt(variance)"),
        ("Xavier taken as 1 / fan_in (that is LeCun)",
         "variance = {'lecun': 1 / fan_in, 'xavier': 1 / fan_in, 'he': 2 / fan_in,\n"
         "            'pytorch': 1 / (3 * fan_in)}[scheme]\n"
         "return math.sqrt(3 * variance)"),
        ("PyTorch's default taken to be He",
         "variance = {'lecun': 1 / fan_in, 'xavier': 2 / (fan_in + fan_out), 'he': 2 / fan_in,\n"
         "            'pytorch': 2 / fan_in}[scheme]\n"
         "return math.sqrt(3 * variance)"),
        ("Uniform(±sqrt(1/n)) taken to match N(0, 1/n) for LeCun",
         "variance = {'lecun': 1 / (3 * fan_in), 'xavier': 2 / (fan_in + fan_out),\n"
         "            'he': 2 / fan_in, 'pytorch': 1 / (3 * fan_in)}[scheme]\n"
         "return math.sqrt(3 * variance)"),
    ],
    "q8": [
        ("compares with the previous epoch instead of the best",
         "previous, best, best_epoch, waited = math.inf, math.inf, 0, 0\n"
         "for epoch, loss in enumerate(val_losses, start=1):\n"
         "    if loss < best:\n"
         "        best, best_epoch = loss, epoch\n"
         "    if loss < previous - min_delta:\n"
         "        waited = 0\n"
         "    else:\n"
         "        waited += 1\n"
         "    previous = loss\n"
         "    if waited >= patience:\n"
         "        return epoch, best_epoch\n"
         "return len(val_losses), best_epoch"),
        ("off by one: stops one epoch too late",
         "best, best_epoch, waited = math.inf, 0, 0\n"
         "for epoch, loss in enumerate(val_losses, start=1):\n"
         "    if loss < best - min_delta:\n"
         "        best, best_epoch, waited = loss, epoch, 0\n"
         "    else:\n"
         "        waited += 1\n"
         "    if waited > patience:\n"
         "        return epoch, best_epoch\n"
         "return len(val_losses), best_epoch"),
        ("never resets the counter: counts every bad epoch",
         "best, best_epoch, waited = math.inf, 0, 0\n"
         "for epoch, loss in enumerate(val_losses, start=1):\n"
         "    if loss < best - min_delta:\n"
         "        best, best_epoch = loss, epoch\n"
         "    else:\n"
         "        waited += 1\n"
         "    if waited >= patience:\n"
         "        return epoch, best_epoch\n"
         "return len(val_losses), best_epoch"),
        ("ignores min_delta",
         "best, best_epoch, waited = math.inf, 0, 0\n"
         "for epoch, loss in enumerate(val_losses, start=1):\n"
         "    if loss < best:\n"
         "        best, best_epoch, waited = loss, epoch, 0\n"
         "    else:\n"
         "        waited += 1\n"
         "    if waited >= patience:\n"
         "        return epoch, best_epoch\n"
         "return len(val_losses), best_epoch"),
        ("epochs counted from 0",
         "best, best_epoch, waited = math.inf, 0, 0\n"
         "for epoch, loss in enumerate(val_losses):\n"
         "    if loss < best - min_delta:\n"
         "        best, best_epoch, waited = loss, epoch, 0\n"
         "    else:\n"
         "        waited += 1\n"
         "    if waited >= patience:\n"
         "        return epoch, best_epoch\n"
         "return len(val_losses) - 1, best_epoch"),
        ("a loss equal to the best counts as an improvement (<= instead of <)",
         "best, best_epoch, waited = math.inf, 0, 0\n"
         "for epoch, loss in enumerate(val_losses, start=1):\n"
         "    if loss <= best - min_delta:\n"
         "        best, best_epoch, waited = loss, epoch, 0\n"
         "    else:\n"
         "        waited += 1\n"
         "    if waited >= patience:\n"
         "        return epoch, best_epoch\n"
         "return len(val_losses), best_epoch"),
        ("best is the lowest loss seen, not the loss of the last improvement",
         "best, best_epoch, waited = math.inf, 0, 0\n"
         "for epoch, loss in enumerate(val_losses, start=1):\n"
         "    if loss < best - min_delta:\n"
         "        best_epoch, waited = epoch, 0\n"
         "    else:\n"
         "        waited += 1\n"
         "    best = min(best, loss)\n"
         "    if waited >= patience:\n"
         "        return epoch, best_epoch\n"
         "return len(val_losses), best_epoch"),
        ("returns the epochs as floats",
         "best, best_epoch, waited = math.inf, 0.0, 0\n"
         "for epoch, loss in enumerate(val_losses, start=1):\n"
         "    if loss < best - min_delta:\n"
         "        best, best_epoch, waited = loss, float(epoch), 0\n"
         "    else:\n"
         "        waited += 1\n"
         "    if waited >= patience:\n"
         "        return float(epoch), best_epoch\n"
         "return float(len(val_losses)), best_epoch"),
    ],
    "q9": [
        ("clips each array to max_norm separately",
         "total_norm = math.sqrt(sum(float(np.sum(g**2)) for g in grads))\n"
         "clipped = []\n"
         "for g in grads:\n"
         "    norm = math.sqrt(float(np.sum(g**2)))\n"
         "    clipped.append(g * (max_norm / norm) if norm > max_norm else g)\n"
         "return clipped, total_norm"),
        ("clips every entry by value instead of the norm",
         "total_norm = math.sqrt(sum(float(np.sum(g**2)) for g in grads))\n"
         "return [np.clip(g, -max_norm, max_norm) for g in grads], total_norm"),
        ("always rescales to max_norm, even small gradients",
         "total_norm = math.sqrt(sum(float(np.sum(g**2)) for g in grads))\n"
         "return [g * (max_norm / total_norm) for g in grads], total_norm"),
        ("returns the norm after clipping",
         "total_norm = math.sqrt(sum(float(np.sum(g**2)) for g in grads))\n"
         "scale = min(1.0, max_norm / total_norm)\n"
         "return [g * scale for g in grads], total_norm * scale"),
        ("sum of the arrays' norms instead of the norm of all entries",
         "total_norm = sum(math.sqrt(float(np.sum(g**2))) for g in grads)\n"
         "scale = min(1.0, max_norm / total_norm)\n"
         "return [g * scale for g in grads], total_norm"),
    ],
}
