"""Plausible wrong answers to the Chapter 6 exercises; each must lose points.

question -> [(what is wrong, code that replaces the solution block of that question)].
The code is written at indentation 0; it is indented to the block's level when substituted.
"""

WRONG_ANSWERS = {
    "q1": [
        ("true convolution: the kernel is flipped",
         "image = F.pad(image, (padding, padding, padding, padding))\n"
         "kernel = kernel.flip(0, 1)\n"
         "kh, kw = kernel.shape\n"
         "h_out = (image.shape[0] - kh) // stride + 1\n"
         "w_out = (image.shape[1] - kw) // stride + 1\n"
         "out = torch.zeros(h_out, w_out, dtype=image.dtype)\n"
         "for i in range(h_out):\n"
         "    for j in range(w_out):\n"
         "        window = image[i * stride:i * stride + kh, j * stride:j * stride + kw]\n"
         "        out[i, j] = (window * kernel).sum()\n"
         "return out"),
        ("padding ignored",
         "kh, kw = kernel.shape\n"
         "h_out = (image.shape[0] - kh) // stride + 1\n"
         "w_out = (image.shape[1] - kw) // stride + 1\n"
         "out = torch.zeros(h_out, w_out, dtype=image.dtype)\n"
         "for i in range(h_out):\n"
         "    for j in range(w_out):\n"
         "        window = image[i * stride:i * stride + kh, j * stride:j * stride + kw]\n"
         "        out[i, j] = (window * kernel).sum()\n"
         "return out"),
        ("the window moves one pixel at a time whatever the stride",
         "image = F.pad(image, (padding, padding, padding, padding))\n"
         "kh, kw = kernel.shape\n"
         "h_out = (image.shape[0] - kh) // stride + 1\n"
         "w_out = (image.shape[1] - kw) // stride + 1\n"
         "out = torch.zeros(h_out, w_out, dtype=image.dtype)\n"
         "for i in range(h_out):\n"
         "    for j in range(w_out):\n"
         "        out[i, j] = (image[i:i + kh, j:j + kw] * kernel).sum()\n"
         "return out"),
        ("one output row and column too few (forgets the + 1)",
         "image = F.pad(image, (padding, padding, padding, padding))\n"
         "kh, kw = kernel.shape\n"
         "h_out = (image.shape[0] - kh) // stride\n"
         "w_out = (image.shape[1] - kw) // stride\n"
         "out = torch.zeros(h_out, w_out, dtype=image.dtype)\n"
         "for i in range(h_out):\n"
         "    for j in range(w_out):\n"
         "        window = image[i * stride:i * stride + kh, j * stride:j * stride + kw]\n"
         "        out[i, j] = (window * kernel).sum()\n"
         "return out"),
    ],
    "q2": [
        ("forgets the + 1",
         "return (size + 2 * padding - dilation * (kernel - 1) - 1) // stride"),
        ("true division: returns a float and does not round down",
         "return (size + 2 * padding - dilation * (kernel - 1) - 1) / stride + 1"),
        ("ignores the dilation",
         "return (size + 2 * padding - kernel) // stride + 1"),
        ("pads on one side only",
         "return (size + padding - dilation * (kernel - 1) - 1) // stride + 1"),
        ("rounds up instead of down",
         "return -(-(size + 2 * padding - dilation * (kernel - 1) - 1) // stride) + 1"),
    ],
    "q3": [
        ("average instead of maximum",
         "stride = kernel if stride is None else stride\n"
         "h_out = (x.shape[0] - kernel) // stride + 1\n"
         "w_out = (x.shape[1] - kernel) // stride + 1\n"
         "out = torch.empty(h_out, w_out, dtype=x.dtype)\n"
         "for i in range(h_out):\n"
         "    for j in range(w_out):\n"
         "        out[i, j] = x[i * stride:i * stride + kernel,\n"
         "                      j * stride:j * stride + kernel].mean()\n"
         "return out"),
        ("default stride 1 instead of the kernel size",
         "stride = 1 if stride is None else stride\n"
         "h_out = (x.shape[0] - kernel) // stride + 1\n"
         "w_out = (x.shape[1] - kernel) // stride + 1\n"
         "out = torch.empty(h_out, w_out, dtype=x.dtype)\n"
         "for i in range(h_out):\n"
         "    for j in range(w_out):\n"
         "        out[i, j] = x[i * stride:i * stride + kernel,\n"
         "                      j * stride:j * stride + kernel].max()\n"
         "return out"),
        ("keeps partial windows at the border (ceil mode)",
         "stride = kernel if stride is None else stride\n"
         "h_out = -(-(x.shape[0] - kernel) // stride) + 1\n"
         "w_out = -(-(x.shape[1] - kernel) // stride) + 1\n"
         "out = torch.empty(h_out, w_out, dtype=x.dtype)\n"
         "for i in range(h_out):\n"
         "    for j in range(w_out):\n"
         "        out[i, j] = x[i * stride:i * stride + kernel,\n"
         "                      j * stride:j * stride + kernel].max()\n"
         "return out"),
        ("the running maximum starts at 0, so negative maxima come out as 0",
         "stride = kernel if stride is None else stride\n"
         "h_out = (x.shape[0] - kernel) // stride + 1\n"
         "w_out = (x.shape[1] - kernel) // stride + 1\n"
         "out = torch.zeros(h_out, w_out, dtype=x.dtype)\n"
         "for i in range(h_out):\n"
         "    for j in range(w_out):\n"
         "        for value in x[i * stride:i * stride + kernel,\n"
         "                       j * stride:j * stride + kernel].flatten():\n"
         "            out[i, j] = max(out[i, j], value)\n"
         "return out"),
    ],
    "q4": [
        ("every layer takes in_channels as its input (the channels are not chained)",
         "total = 0\n"
         "for out_channels, kernel in layers:\n"
         "    total += out_channels * in_channels * kernel * kernel\n"
         "    total += 2 * out_channels if batch_norm else out_channels\n"
         "return total"),
        ("forgets the biases",
         "total, channels = 0, in_channels\n"
         "for out_channels, kernel in layers:\n"
         "    total += out_channels * channels * kernel * kernel\n"
         "    if batch_norm:\n"
         "        total += 2 * out_channels\n"
         "    channels = out_channels\n"
         "return total"),
        ("counts batch norm's running statistics as parameters",
         "total, channels = 0, in_channels\n"
         "for out_channels, kernel in layers:\n"
         "    total += out_channels * channels * kernel * kernel\n"
         "    total += 4 * out_channels if batch_norm else out_channels\n"
         "    channels = out_channels\n"
         "return total"),
        ("keeps the convolution's bias in front of batch norm",
         "total, channels = 0, in_channels\n"
         "for out_channels, kernel in layers:\n"
         "    total += out_channels * channels * kernel * kernel + out_channels\n"
         "    if batch_norm:\n"
         "        total += 2 * out_channels\n"
         "    channels = out_channels\n"
         "return total"),
    ],
    "q5": [
        ("ignores the strides: adds kernel - 1 per layer",
         "return 1 + sum(kernel - 1 for kernel, stride in layers)"),
        ("multiplies the jump by the stride before adding the layer",
         "field, jump = 1, 1\n"
         "for kernel, stride in layers:\n"
         "    jump *= stride\n"
         "    field += (kernel - 1) * jump\n"
         "return field"),
        ("multiplies the kernel sizes",
         "field = 1\n"
         "for kernel, stride in layers:\n"
         "    field *= kernel\n"
         "return field"),
    ],
    "q6": [
        ("no shortcut: a plain two-convolution block",
         "self.main = nn.Sequential(\n"
         "    nn.Conv2d(in_channels, out_channels, 3, stride=stride, padding=1, bias=False),\n"
         "    nn.BatchNorm2d(out_channels), nn.ReLU(),\n"
         "    nn.Conv2d(out_channels, out_channels, 3, padding=1, bias=False),\n"
         "    nn.BatchNorm2d(out_channels))\n"
         "self.shortcut = lambda x: 0"),
        ("identity shortcut even when the shapes change",
         "self.main = nn.Sequential(\n"
         "    nn.Conv2d(in_channels, out_channels, 3, stride=stride, padding=1, bias=False),\n"
         "    nn.BatchNorm2d(out_channels), nn.ReLU(),\n"
         "    nn.Conv2d(out_channels, out_channels, 3, padding=1, bias=False),\n"
         "    nn.BatchNorm2d(out_channels))\n"
         "self.shortcut = nn.Identity()"),
        ("no padding: the main path shrinks the maps",
         "self.main = nn.Sequential(\n"
         "    nn.Conv2d(in_channels, out_channels, 3, stride=stride, bias=False),\n"
         "    nn.BatchNorm2d(out_channels), nn.ReLU(),\n"
         "    nn.Conv2d(out_channels, out_channels, 3, bias=False),\n"
         "    nn.BatchNorm2d(out_channels))\n"
         "self.shortcut = nn.Identity()\n"
         "if stride != 1 or in_channels != out_channels:\n"
         "    self.shortcut = nn.Sequential(\n"
         "        nn.Conv2d(in_channels, out_channels, 1, stride=stride, bias=False),\n"
         "        nn.BatchNorm2d(out_channels))"),
        ("a projection shortcut always, even when the shapes match",
         "self.main = nn.Sequential(\n"
         "    nn.Conv2d(in_channels, out_channels, 3, stride=stride, padding=1, bias=False),\n"
         "    nn.BatchNorm2d(out_channels), nn.ReLU(),\n"
         "    nn.Conv2d(out_channels, out_channels, 3, padding=1, bias=False),\n"
         "    nn.BatchNorm2d(out_channels))\n"
         "self.shortcut = nn.Sequential(\n"
         "    nn.Conv2d(in_channels, out_channels, 1, stride=stride, bias=False),\n"
         "    nn.BatchNorm2d(out_channels))"),
    ],
    "q7": [
        ("mirrors the digits (horizontal flips)",
         "digit_augment = v2.Compose([\n"
         "    v2.RandomHorizontalFlip(),\n"
         "    v2.RandomAffine(degrees=10, translate=(0.1, 0.1)),\n"
         "])"),
        ("rotations of up to 180 degrees turn a 6 into a 9",
         "digit_augment = v2.RandomRotation(180)"),
        ("no augmentation at all",
         "digit_augment = v2.Identity()"),
        ("crops so aggressive that they cut the digit away",
         "digit_augment = v2.RandomResizedCrop(16, scale=(0.08, 1.0))"),
        ("normalises the images out of the [0, 1] range",
         "digit_augment = v2.Compose([\n"
         "    v2.RandomAffine(degrees=10, translate=(0.1, 0.1)),\n"
         "    v2.Normalize([0.3], [0.4]),\n"
         "])"),
    ],
    "q8": [
        ("a fully connected network: no convolution",
         "return nn.Sequential(nn.Flatten(), nn.Linear(256, 64), nn.ReLU(), nn.Linear(64, 10))"),
        ("too many parameters: a wide flattened layer",
         "return nn.Sequential(nn.Conv2d(1, 32, 3, padding=1), nn.ReLU(), nn.Flatten(),\n"
         "                     nn.Linear(32 * 16 * 16, 64), nn.ReLU(), nn.Linear(64, 10))"),
        ("the wrong number of outputs",
         "return nn.Sequential(nn.Conv2d(1, 16, 3, padding=1), nn.ReLU(), nn.MaxPool2d(4),\n"
         "                     nn.Flatten(), nn.Linear(16 * 4 * 4, 9))"),
        ("a convolution with too little capacity: one filter and no hidden layer",
         "return nn.Sequential(nn.Conv2d(1, 1, 3, padding=1), nn.MaxPool2d(4), nn.Flatten(),\n"
         "                     nn.Linear(16, 10))"),
        ("the same model object on every call",
         "global _cached_model\n"
         "if '_cached_model' not in globals():\n"
         "    _cached_model = nn.Sequential(nn.Conv2d(1, 16, 3, padding=1), nn.ReLU(),\n"
         "                                  nn.MaxPool2d(2), nn.Flatten(),\n"
         "                                  nn.Linear(16 * 8 * 8, 10))\n"
         "return _cached_model"),
    ],
}
