"""Plausible wrong answers to the Chapter 4 exercises; each must lose points.

question -> [(what is wrong, code that replaces the solution block of that question)].
The code is written at indentation 0; it is indented to the block's level when substituted.
"""

_STOP_LOOP = (
    "best, best_epoch, waited = math.inf, 0, 0\n"
    "for epoch, loss in enumerate(val_losses, start=1):\n"
    "    if {improved}:\n"
    "        best, best_epoch, waited = loss, epoch, 0\n"
    "    else:\n"
    "        waited += 1\n"
    "    if waited {compare} patience:\n"
    "        return epoch, best_epoch\n"
    "return len(val_losses), best_epoch")

_PLATEAU_LOOP = (
    "best, bad_epochs, rates = math.inf, 0, []\n"
    "for loss in val_losses:\n"
    "    if {improved}:\n"
    "        best, bad_epochs = loss, 0\n"
    "    else:\n"
    "        bad_epochs += 1\n"
    "    if bad_epochs {compare} patience:\n"
    "        {drop}\n"
    "    rates.append(float(lr))\n"
    "return rates")

_PLATEAU_DROP = "lr, bad_epochs = max(lr * factor, min_lr), 0"

_GROUP_NORM_END = (
    "normalised = ((groups - mean) / np.sqrt(var + eps)).reshape(x.shape)\n"
    "per_channel = (1, -1) + (1,) * (x.ndim - 2)\n"
    "return gamma.reshape(per_channel) * normalised + beta.reshape(per_channel)")

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
        ("updates the caller's arrays in place, as the chapter's optimisers do",
         "velocity *= momentum\n"
         "velocity += grad\n"
         "param -= lr * velocity\n"
         "return param, velocity"),
        ("one step of torch.optim.SGD(momentum=...), which the question does not allow",
         "p = torch.nn.Parameter(torch.tensor(param, dtype=torch.float64))\n"
         "sgd = torch.optim.SGD([p], lr=lr, momentum=momentum)\n"
         "sgd.state[p][\"momentum_buffer\"] = torch.tensor(velocity, dtype=torch.float64)\n"
         "p.grad = torch.tensor(grad, dtype=torch.float64)\n"
         "sgd.step()\n"
         "new_velocity = sgd.state[p][\"momentum_buffer\"].numpy().copy()\n"
         "return p.detach().numpy().copy(), new_velocity"),
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
        ("updates m and v in place",
         "m *= beta1\n"
         "m += (1 - beta1) * grad\n"
         "v *= beta2\n"
         "v += (1 - beta2) * grad**2\n"
         "return param - lr * (m / (1 - beta1**t)) / (np.sqrt(v / (1 - beta2**t)) + eps), m, v"),
        ("one step of torch.optim.Adam from the given state, which the question does not "
         "allow",
         "p = torch.nn.Parameter(torch.tensor(param, dtype=torch.float64))\n"
         "adam = torch.optim.Adam([p], lr=lr, betas=(beta1, beta2), eps=eps)\n"
         "adam.state[p] = {\"step\": torch.tensor(float(t - 1)),\n"
         "                 \"exp_avg\": torch.tensor(m, dtype=torch.float64),\n"
         "                 \"exp_avg_sq\": torch.tensor(v, dtype=torch.float64)}\n"
         "p.grad = torch.tensor(grad, dtype=torch.float64)\n"
         "adam.step()\n"
         "state = adam.state[p]\n"
         "return (p.detach().numpy().copy(), state[\"exp_avg\"].numpy().copy(),\n"
         "        state[\"exp_avg_sq\"].numpy().copy())"),
    ],
    "q3": [
        ("L2 penalty added to the gradient (torch.optim.Adam's weight_decay)",
         "return adam_step(param, grad + weight_decay * param, m, v, t, lr, beta1, beta2, eps)"),
        ("decay not multiplied by the learning rate",
         "param = param * (1 - weight_decay)\n"
         "return adam_step(param, grad, m, v, t, lr, beta1, beta2, eps)"),
        ("forgets the weight decay (plain Adam)",
         "return adam_step(param, grad, m, v, t, lr, beta1, beta2, eps)"),
        ("shrinks the caller's parameter in place",
         "param *= 1 - lr * weight_decay\n"
         "return adam_step(param, grad, m, v, t, lr, beta1, beta2, eps)"),
        ("forgets to pass the betas and eps on to adam_step",
         "param = param * (1 - lr * weight_decay)\n"
         "return adam_step(param, grad, m, v, t, lr)"),
        ("passes the betas on but not eps",
         "param = param * (1 - lr * weight_decay)\n"
         "return adam_step(param, grad, m, v, t, lr, beta1, beta2)"),
        ("one step of torch.optim.AdamW from the given state, which the question does not "
         "allow",
         "p = torch.nn.Parameter(torch.tensor(param, dtype=torch.float64))\n"
         "adamw = torch.optim.AdamW([p], lr=lr, betas=(beta1, beta2), eps=eps,\n"
         "                          weight_decay=weight_decay)\n"
         "adamw.state[p] = {\"step\": torch.tensor(float(t - 1)),\n"
         "                  \"exp_avg\": torch.tensor(m, dtype=torch.float64),\n"
         "                  \"exp_avg_sq\": torch.tensor(v, dtype=torch.float64)}\n"
         "p.grad = torch.tensor(grad, dtype=torch.float64)\n"
         "adamw.step()\n"
         "state = adamw.state[p]\n"
         "return (p.detach().numpy().copy(), state[\"exp_avg\"].numpy().copy(),\n"
         "        state[\"exp_avg_sq\"].numpy().copy())"),
    ],
    "q4": [
        ("the basic AdaGrad: ignores lr_decay and weight_decay",
         "state_sum = state_sum + grad**2\n"
         "return param - lr * grad / (np.sqrt(state_sum) + eps), state_sum"),
        ("the L2 term in the step but not in the accumulator",
         "state_sum = state_sum + grad**2\n"
         "step_lr = lr / (1 + (t - 1) * lr_decay)\n"
         "full = grad + weight_decay * param\n"
         "return param - step_lr * full / (np.sqrt(state_sum) + eps), state_sum"),
        ("decoupled decay (AdamW's way) instead of the classic L2 term",
         "step_lr = lr / (1 + (t - 1) * lr_decay)\n"
         "param = param * (1 - step_lr * weight_decay)\n"
         "state_sum = state_sum + grad**2\n"
         "return param - step_lr * grad / (np.sqrt(state_sum) + eps), state_sum"),
        ("lr_decay with t instead of t - 1: the first step is already decayed",
         "grad = grad + weight_decay * param\n"
         "state_sum = state_sum + grad**2\n"
         "step_lr = lr / (1 + t * lr_decay)\n"
         "return param - step_lr * grad / (np.sqrt(state_sum) + eps), state_sum"),
        ("lr_decay as an exponential decay lr * (1 - lr_decay) ** (t - 1)",
         "grad = grad + weight_decay * param\n"
         "state_sum = state_sum + grad**2\n"
         "step_lr = lr * (1 - lr_decay) ** (t - 1)\n"
         "return param - step_lr * grad / (np.sqrt(state_sum) + eps), state_sum"),
        ("an average of the squares (RMSProp) instead of their sum",
         "grad = grad + weight_decay * param\n"
         "state_sum = 0.99 * state_sum + 0.01 * grad**2\n"
         "step_lr = lr / (1 + (t - 1) * lr_decay)\n"
         "return param - step_lr * grad / (np.sqrt(state_sum) + eps), state_sum"),
        ("eps inside the square root",
         "grad = grad + weight_decay * param\n"
         "state_sum = state_sum + grad**2\n"
         "step_lr = lr / (1 + (t - 1) * lr_decay)\n"
         "return param - step_lr * grad / np.sqrt(state_sum + eps), state_sum"),
        ("steps with the old state, then adds the new square",
         "grad = grad + weight_decay * param\n"
         "step_lr = lr / (1 + (t - 1) * lr_decay)\n"
         "new_sum = state_sum + grad**2\n"
         "return param - step_lr * grad / (np.sqrt(state_sum) + eps), new_sum"),
        ("no eps: a coordinate whose gradient is 0 becomes nan",
         "grad = grad + weight_decay * param\n"
         "state_sum = state_sum + grad**2\n"
         "step_lr = lr / (1 + (t - 1) * lr_decay)\n"
         "return param - step_lr * grad / np.sqrt(state_sum), state_sum"),
        ("updates the caller's state in place",
         "grad = grad + weight_decay * param\n"
         "state_sum += grad**2\n"
         "step_lr = lr / (1 + (t - 1) * lr_decay)\n"
         "return param - step_lr * grad / (np.sqrt(state_sum) + eps), state_sum"),
        ("one step of torch.optim.Adagrad, which the question does not allow",
         "p = torch.nn.Parameter(torch.tensor(param, dtype=torch.float64))\n"
         "opt = torch.optim.Adagrad([p], lr=lr, lr_decay=lr_decay, weight_decay=weight_decay,\n"
         "                          eps=eps)\n"
         "opt.state[p][\"sum\"] = torch.tensor(state_sum, dtype=torch.float64)\n"
         "opt.state[p][\"step\"] = torch.tensor(float(t - 1))\n"
         "p.grad = torch.tensor(grad, dtype=torch.float64)\n"
         "opt.step()\n"
         "return p.detach().numpy().copy(), opt.state[p][\"sum\"].numpy().copy()"),
    ],
    "q5": [
        ("decays every parameter, biases and gamma included",
         "return {name: p - lr * (grads[name] + weight_decay * p) for name, p in params.items()}"),
        ("decides by the name: decays everything called 'weight' (bn.weight too)",
         "new_params = {}\n"
         "for name, p in params.items():\n"
         "    decay = weight_decay if name.endswith('weight') else 0.0\n"
         "    new_params[name] = p - lr * (grads[name] + decay * p)\n"
         "return new_params"),
        ("decays only the 2-D matrices, not convolution kernels",
         "new_params = {}\n"
         "for name, p in params.items():\n"
         "    decay = weight_decay if np.ndim(p) == 2 else 0.0\n"
         "    new_params[name] = p - lr * (grads[name] + decay * p)\n"
         "return new_params"),
        ("updates the caller's arrays in place",
         "for name, p in params.items():\n"
         "    if np.ndim(p) >= 2:\n"
         "        p *= 1 - lr * weight_decay\n"
         "    p -= lr * grads[name]\n"
         "return dict(params)"),
        ("writes the new arrays into the caller's dict",
         "for name, p in list(params.items()):\n"
         "    decay = weight_decay if np.ndim(p) >= 2 else 0.0\n"
         "    params[name] = p - lr * (grads[name] + decay * p)\n"
         "return params"),
        ("decay without the learning rate",
         "new_params = {}\n"
         "for name, p in params.items():\n"
         "    decay = weight_decay if np.ndim(p) >= 2 else 0.0\n"
         "    new_params[name] = p * (1 - decay) - lr * grads[name]\n"
         "return new_params"),
        ("torch.optim.SGD with two parameter groups, which the question does not allow",
         "tensors = {n: torch.nn.Parameter(torch.tensor(p, dtype=torch.float64))\n"
         "           for n, p in params.items()}\n"
         "decayed = [t for t in tensors.values() if t.dim() >= 2]\n"
         "others = [t for t in tensors.values() if t.dim() < 2]\n"
         "sgd = torch.optim.SGD([{\"params\": decayed, \"weight_decay\": weight_decay},\n"
         "                       {\"params\": others, \"weight_decay\": 0.0}], lr=lr)\n"
         "for n, t in tensors.items():\n"
         "    t.grad = torch.tensor(grads[n], dtype=torch.float64)\n"
         "sgd.step()\n"
         "return {n: t.detach().numpy().copy() for n, t in tensors.items()}"),
    ],
    "q6": [
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
        ("divides by warmup_steps even when it is 0",
         "ramp = peak_lr * (step + 1) / warmup_steps\n"
         "if step < warmup_steps:\n"
         "    return ramp\n"
         "progress = (step - warmup_steps) / (total_steps - warmup_steps)\n"
         "return min_lr + (peak_lr - min_lr) * (1 + math.cos(math.pi * progress)) / 2"),
        ("replays PyTorch's schedulers, which the question does not allow",
         "sched = torch.optim.lr_scheduler\n"
         "opt = torch.optim.SGD([torch.nn.Parameter(torch.zeros(1))], lr=peak_lr)\n"
         "parts, milestones = [], []\n"
         "if warmup_steps:\n"
         "    parts.append(sched.LinearLR(opt, start_factor=1 / warmup_steps,\n"
         "                                total_iters=warmup_steps - 1))\n"
         "    milestones.append(warmup_steps)\n"
         "parts.append(sched.CosineAnnealingLR(opt, T_max=total_steps - warmup_steps,\n"
         "                                     eta_min=min_lr))\n"
         "scheduler = sched.SequentialLR(opt, parts, milestones=milestones)\n"
         "for _ in range(step):\n"
         "    opt.step()\n"
         "    scheduler.step()\n"
         "return opt.param_groups[0][\"lr\"]"),
    ],
    "q7": [
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
         _STOP_LOOP.format(improved="loss < best - min_delta", compare=">")),
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
         _STOP_LOOP.format(improved="loss < best", compare=">=")),
        ("min_delta taken as a fraction of the best loss",
         _STOP_LOOP.format(improved="loss < best * (1 - min_delta)", compare=">=")),
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
         _STOP_LOOP.format(improved="loss <= best - min_delta", compare=">=")),
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
        ("looks into the future: the best epoch is the lowest loss of the whole list",
         "stop, _ = len(val_losses), None\n"
         "best, waited = math.inf, 0\n"
         "for epoch, loss in enumerate(val_losses, start=1):\n"
         "    if loss < best - min_delta:\n"
         "        best, waited = loss, 0\n"
         "    else:\n"
         "        waited += 1\n"
         "    if waited >= patience:\n"
         "        stop = epoch\n"
         "        break\n"
         "return stop, int(np.argmin(val_losses)) + 1"),
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
    "q8": [
        ("drops when the count reaches patience (early stopping's rule)",
         _PLATEAU_LOOP.format(improved="loss < best * (1 - threshold)", compare=">=",
                              drop=_PLATEAU_DROP)),
        ("threshold taken as an amount, not a fraction of best",
         _PLATEAU_LOOP.format(improved="loss < best - threshold", compare=">",
                              drop=_PLATEAU_DROP)),
        ("forgets min_lr",
         _PLATEAU_LOOP.format(improved="loss < best * (1 - threshold)", compare=">",
                              drop="lr, bad_epochs = lr * factor, 0")),
        ("does not restart the count after a drop",
         _PLATEAU_LOOP.format(improved="loss < best * (1 - threshold)", compare=">",
                              drop="lr = max(lr * factor, min_lr)")),
        ("forgets best after a drop",
         _PLATEAU_LOOP.format(improved="loss < best * (1 - threshold)", compare=">",
                              drop="lr, bad_epochs, best = max(lr * factor, min_lr), 0, "
                                   "math.inf")),
        ("compares with the previous epoch instead of the best",
         "previous, bad_epochs, rates = math.inf, 0, []\n"
         "for loss in val_losses:\n"
         "    if loss < previous * (1 - threshold):\n"
         "        bad_epochs = 0\n"
         "    else:\n"
         "        bad_epochs += 1\n"
         "    previous = loss\n"
         "    if bad_epochs > patience:\n"
         "        lr, bad_epochs = max(lr * factor, min_lr), 0\n"
         "    rates.append(float(lr))\n"
         "return rates"),
        ("best - threshold * best with best = inf is nan: the first loss is no improvement",
         _PLATEAU_LOOP.format(improved="loss < best - threshold * best", compare=">",
                              drop=_PLATEAU_DROP)),
        ("records the rate before the epoch's update (one epoch late)",
         "best, bad_epochs, rates = math.inf, 0, []\n"
         "for loss in val_losses:\n"
         "    rates.append(float(lr))\n"
         "    if loss < best * (1 - threshold):\n"
         "        best, bad_epochs = loss, 0\n"
         "    else:\n"
         "        bad_epochs += 1\n"
         "    if bad_epochs > patience:\n"
         "        lr, bad_epochs = max(lr * factor, min_lr), 0\n"
         "return rates"),
        ("a loss equal to best counts as an improvement (<= instead of <)",
         _PLATEAU_LOOP.format(improved="loss <= best * (1 - threshold)", compare=">",
                              drop=_PLATEAU_DROP)),
        ("replays torch's ReduceLROnPlateau, which the question does not allow",
         "opt = torch.optim.SGD([torch.nn.Parameter(torch.zeros(1))], lr=lr)\n"
         "scheduler = lr_scheduler.ReduceLROnPlateau(opt, factor=factor, patience=patience,\n"
         "                                           threshold=threshold, min_lr=min_lr)\n"
         "rates = []\n"
         "for loss in val_losses:\n"
         "    opt.step()\n"
         "    scheduler.step(float(loss))\n"
         "    rates.append(opt.param_groups[0][\"lr\"])\n"
         "return rates"),
    ],
    "q9": [
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
        ("Xavier with fan_in and fan_out multiplied instead of added",
         "variance = {'lecun': 1 / fan_in, 'xavier': 2 / (fan_in * fan_out), 'he': 2 / fan_in,\n"
         "            'pytorch': 1 / (3 * fan_in)}[scheme]\n"
         "return math.sqrt(3 * variance)"),
    ],
    "q10": [
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
        ("ignores the generator it is given (a fresh unseeded one)",
         "if not training:\n"
         "    return x\n"
         "if p == 1:\n"
         "    return np.zeros_like(x)\n"
         "return x * (np.random.default_rng().random(x.shape) >= p) / (1 - p)"),
        ("NumPy's global generator instead of rng",
         "if not training:\n"
         "    return x\n"
         "if p == 1:\n"
         "    return np.zeros_like(x)\n"
         "return x * (np.random.rand(*x.shape) >= p) / (1 - p)"),
        ("torch's generator instead of rng",
         "if not training:\n"
         "    return x\n"
         "if p == 1:\n"
         "    return np.zeros_like(x)\n"
         "return x * (torch.rand(x.shape).numpy() >= p) / (1 - p)"),
        ("p = 1 divides 0 by 0",
         "if not training:\n"
         "    return x\n"
         "return x * (rng.random(x.shape) >= p) / (1 - p)"),
        ("zeroes the caller's array in place",
         "if not training:\n"
         "    return x\n"
         "if p == 1:\n"
         "    return np.zeros_like(x)\n"
         "x[rng.random(x.shape) < p] = 0\n"
         "return x / (1 - p)"),
        ("one mask shared by every example of the batch",
         "if not training or p == 0:\n"
         "    return x\n"
         "if p == 1:\n"
         "    return np.zeros_like(x, dtype=float)\n"
         "keep = rng.random(x.shape[1:]) >= p\n"
         "return x * keep / (1 - p)"),
        ("torch.nn.functional.dropout, which the question does not allow",
         "if not training:\n"
         "    return x\n"
         "return torch.nn.functional.dropout(torch.tensor(x), p, True).numpy()"),
        ("F.dropout with a seed from rng: torch's dropout, which the question does not allow",
         "if not training:\n"
         "    return x\n"
         "generator_seed = int(rng.integers(2**31))\n"
         "with torch.random.fork_rng():\n"
         "    torch.random.default_generator.manual_seed(generator_seed)\n"
         "    return torch.nn.functional.dropout(torch.tensor(x), p, True).numpy()"),
    ],
    "q11": [
        ("plain inverted dropout: keeps the mean, not the variance",
         "if not training or p == 0:\n"
         "    return x\n"
         "if p == 1:\n"
         "    return np.zeros_like(x, dtype=float)\n"
         "return x * (rng.random(np.shape(x)) >= p) / (1 - p)"),
        ("alpha' for the dropped entries, then only the inverted scaling 1 / (1 - p)",
         "if not training or p == 0:\n"
         "    return x\n"
         "if p == 1:\n"
         "    return np.zeros_like(x, dtype=float)\n"
         "keep = rng.random(np.shape(x)) >= p\n"
         "return np.where(keep, x, ALPHA_PRIME) / (1 - p)"),
        ("a = 1 / sqrt(1 - p): forgets the variance added by the dropped value",
         "if not training or p == 0:\n"
         "    return x\n"
         "if p == 1:\n"
         "    return np.zeros_like(x, dtype=float)\n"
         "keep = rng.random(np.shape(x)) >= p\n"
         "a = 1 / math.sqrt(1 - p)\n"
         "return a * np.where(keep, x, ALPHA_PRIME) - a * p * ALPHA_PRIME"),
        ("sign error in b",
         "if not training or p == 0:\n"
         "    return x\n"
         "if p == 1:\n"
         "    return np.zeros_like(x, dtype=float)\n"
         "keep = rng.random(np.shape(x)) >= p\n"
         "a = 1 / math.sqrt((1 - p) * (1 + p * ALPHA_PRIME**2))\n"
         "return a * np.where(keep, x, ALPHA_PRIME) + a * p * ALPHA_PRIME"),
        ("the variance without the mean's square: a from E[x'^2] instead of Var(x')",
         "if not training or p == 0:\n"
         "    return x\n"
         "if p == 1:\n"
         "    return np.zeros_like(x, dtype=float)\n"
         "keep = rng.random(np.shape(x)) >= p\n"
         "a = 1 / math.sqrt(1 - p + p * ALPHA_PRIME**2)\n"
         "return a * np.where(keep, x, ALPHA_PRIME) - a * p * ALPHA_PRIME"),
        ("dropped entries set to 0 before the affine map",
         "if not training or p == 0:\n"
         "    return x\n"
         "if p == 1:\n"
         "    return np.zeros_like(x, dtype=float)\n"
         "keep = rng.random(np.shape(x)) >= p\n"
         "a = 1 / math.sqrt((1 - p) * (1 + p * ALPHA_PRIME**2))\n"
         "return a * np.where(keep, x, 0.0) - a * p * ALPHA_PRIME"),
        ("writes into np.empty_like(x): integers in, truncated integers out",
         "if not training or p == 0:\n"
         "    return x\n"
         "if p == 1:\n"
         "    return np.zeros_like(x, dtype=float)\n"
         "keep = rng.random(np.shape(x)) >= p\n"
         "a = 1 / math.sqrt((1 - p) * (1 + p * ALPHA_PRIME**2))\n"
         "b = -a * p * ALPHA_PRIME\n"
         "out = np.empty_like(x)\n"
         "out[keep] = a * x[keep] + b\n"
         "out[~keep] = a * ALPHA_PRIME + b\n"
         "return out"),
        ("no special case for p = 1: divides by zero",
         "if not training or p == 0:\n"
         "    return x\n"
         "keep = rng.random(np.shape(x)) >= p\n"
         "with np.errstate(divide=\"ignore\", invalid=\"ignore\"):\n"
         "    a = 1 / np.sqrt((1 - p) * (1 + p * ALPHA_PRIME**2))\n"
         "    return a * np.where(keep, x, ALPHA_PRIME) - a * p * ALPHA_PRIME"),
        ("one mask shared by every example of the batch",
         "if not training or p == 0:\n"
         "    return x\n"
         "if p == 1:\n"
         "    return np.zeros_like(x, dtype=float)\n"
         "keep = rng.random(np.shape(x)[1:]) >= p\n"
         "a = 1 / math.sqrt((1 - p) * (1 + p * ALPHA_PRIME**2))\n"
         "return a * np.where(keep, x, ALPHA_PRIME) - a * p * ALPHA_PRIME"),
        ("torch.nn.functional.alpha_dropout, which the question does not allow",
         "if not training:\n"
         "    return x\n"
         "return torch.nn.functional.alpha_dropout(torch.tensor(x, dtype=torch.float64), p,\n"
         "                                         True).numpy()"),
        ("NumPy's global np.random.random, which the question does not allow",
         "if not training or p == 0:\n"
         "    return x\n"
         "if p == 1:\n"
         "    return np.zeros_like(x, dtype=float)\n"
         "keep = np.random.random(np.shape(x)) >= p\n"
         "a = 1 / math.sqrt((1 - p) * (1 + p * ALPHA_PRIME**2))\n"
         "return a * np.where(keep, x, ALPHA_PRIME) - a * p * ALPHA_PRIME"),
    ],
    "q12": [
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
        ("updates the running statistics in place",
         "if training:\n"
         "    mean, var = x.mean(axis=0), x.var(axis=0)\n"
         "    running_mean *= 1 - momentum\n"
         "    running_mean += momentum * mean\n"
         "    running_var *= 1 - momentum\n"
         "    running_var += momentum * x.var(axis=0, ddof=1)\n"
         "else:\n"
         "    mean, var = running_mean, running_var\n"
         "return gamma * (x - mean) / np.sqrt(var + eps) + beta, running_mean, running_var"),
        ("eps left out in evaluation mode",
         "if training:\n"
         "    mean, var = x.mean(axis=0), x.var(axis=0)\n"
         "    running_mean = (1 - momentum) * running_mean + momentum * mean\n"
         "    running_var = (1 - momentum) * running_var + momentum * x.var(axis=0, ddof=1)\n"
         "    return gamma * (x - mean) / np.sqrt(var + eps) + beta, running_mean, running_var\n"
         "y = gamma * (x - running_mean) / np.sqrt(running_var) + beta\n"
         "return y, running_mean, running_var"),
        ("torch.nn.functional.batch_norm, which the question does not allow",
         "mean_t = torch.tensor(running_mean, dtype=torch.float64)\n"
         "var_t = torch.tensor(running_var, dtype=torch.float64)\n"
         "y = torch.nn.functional.batch_norm(\n"
         "    torch.tensor(x, dtype=torch.float64), mean_t, var_t,\n"
         "    torch.tensor(gamma, dtype=torch.float64), torch.tensor(beta, dtype=torch.float64),\n"
         "    training=training, momentum=momentum, eps=eps)\n"
         "return y.numpy(), mean_t.numpy(), var_t.numpy()"),
    ],
    "q13": [
        ("normalises over the batch too (one mean per group for the whole batch)",
         "groups = np.moveaxis(x.reshape(x.shape[0], num_groups, -1), 1, 0)\n"
         "groups = groups.reshape(num_groups, -1)\n"
         "mean = groups.mean(axis=1, keepdims=True)\n"
         "var = groups.var(axis=1, keepdims=True)\n"
         "flat = (groups - mean) / np.sqrt(var + eps)\n"
         "shape = (num_groups, x.shape[0], -1)\n"
         "normalised = np.moveaxis(flat.reshape(shape), 0, 1).reshape(x.shape)\n"
         "per_channel = (1, -1) + (1,) * (x.ndim - 2)\n"
         "return gamma.reshape(per_channel) * normalised + beta.reshape(per_channel)"),
        ("groups of interleaved channels (c % num_groups) instead of consecutive ones",
         "shape = (x.shape[0], x.shape[1] // num_groups, num_groups, -1)\n"
         "split = x.reshape(shape)\n"
         "mean = split.mean(axis=(1, 3), keepdims=True)\n"
         "var = split.var(axis=(1, 3), keepdims=True)\n"
         "normalised = ((split - mean) / np.sqrt(var + eps)).reshape(x.shape)\n"
         "per_channel = (1, -1) + (1,) * (x.ndim - 2)\n"
         "return gamma.reshape(per_channel) * normalised + beta.reshape(per_channel)"),
        ("the unbiased variance",
         "groups = x.reshape(x.shape[0], num_groups, -1)\n"
         "mean = groups.mean(axis=2, keepdims=True)\n"
         "var = groups.var(axis=2, ddof=1, keepdims=True)\n" + _GROUP_NORM_END),
        ("eps outside the square root",
         "groups = x.reshape(x.shape[0], num_groups, -1)\n"
         "mean = groups.mean(axis=2, keepdims=True)\n"
         "var = groups.var(axis=2, keepdims=True)\n"
         "normalised = ((groups - mean) / (np.sqrt(var) + eps)).reshape(x.shape)\n"
         "per_channel = (1, -1) + (1,) * (x.ndim - 2)\n"
         "return gamma.reshape(per_channel) * normalised + beta.reshape(per_channel)"),
        ("gamma and beta along the last axis instead of the channels",
         "groups = x.reshape(x.shape[0], num_groups, -1)\n"
         "mean = groups.mean(axis=2, keepdims=True)\n"
         "var = groups.var(axis=2, keepdims=True)\n"
         "normalised = ((groups - mean) / np.sqrt(var + eps)).reshape(x.shape)\n"
         "return gamma * normalised + beta"),
        ("works for images only: statistics over axes 2 and 3 of each channel",
         "mean = x.mean(axis=(2, 3), keepdims=True)\n"
         "var = x.var(axis=(2, 3), keepdims=True)\n"
         "normalised = (x - mean) / np.sqrt(var + eps)\n"
         "return gamma[None, :, None, None] * normalised + beta[None, :, None, None]"),
        ("torch.nn.functional.group_norm, which the question does not allow",
         "return torch.nn.functional.group_norm(\n"
         "    torch.tensor(x, dtype=torch.float64), num_groups,\n"
         "    torch.tensor(gamma, dtype=torch.float64), torch.tensor(beta, dtype=torch.float64),\n"
         "    eps=eps).numpy()"),
        ("writes the normalised groups into np.empty_like(x): integers are truncated",
         "out = np.empty_like(x)\n"
         "size = x.shape[1] // num_groups\n"
         "axes = tuple(range(1, x.ndim))\n"
         "for g in range(num_groups):\n"
         "    part = x[:, g * size:(g + 1) * size]\n"
         "    mean = part.mean(axis=axes, keepdims=True)\n"
         "    var = part.var(axis=axes, keepdims=True)\n"
         "    out[:, g * size:(g + 1) * size] = (part - mean) / np.sqrt(var + eps)\n"
         "per_channel = (1, -1) + (1,) * (x.ndim - 2)\n"
         "return gamma.reshape(per_channel) * out + beta.reshape(per_channel)"),
    ],
    "q14": [
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
        ("always rescales to max_norm, even small gradients (and 0 / 0 for zeros)",
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
        ("divides by the norm first: zero gradients raise ZeroDivisionError",
         "total_norm = math.sqrt(sum(float(np.sum(g**2)) for g in grads))\n"
         "scale = min(1.0, max_norm / total_norm)\n"
         "return [g * scale for g in grads], total_norm"),
        ("scales the caller's arrays in place",
         "total_norm = math.sqrt(sum(float(np.sum(g**2)) for g in grads))\n"
         "if total_norm > max_norm:\n"
         "    for g in grads:\n"
         "        g *= max_norm / total_norm\n"
         "return grads, total_norm"),
        ("nn.utils.clip_grad_norm_ on tensors, which the question does not allow",
         "params = [torch.nn.Parameter(torch.zeros(np.shape(g), dtype=torch.float64))\n"
         "          for g in grads]\n"
         "for p, g in zip(params, grads):\n"
         "    p.grad = torch.tensor(g, dtype=torch.float64)\n"
         "norm = torch.nn.utils.clip_grad_norm_(params, max_norm)\n"
         "return [p.grad.numpy().copy() for p in params], float(norm)"),
        ("nn.utils.get_total_norm, which the question does not allow",
         "tensors = [torch.tensor(g, dtype=torch.float64) for g in grads]\n"
         "total_norm = float(torch.nn.utils.get_total_norm(tensors))\n"
         "if total_norm <= max_norm:\n"
         "    return list(grads), total_norm\n"
         "return [g * (max_norm / total_norm) for g in grads], total_norm"),
    ],
}
