"""Right answers to the Chapter 6 exercises in other valid styles; each must keep full marks.

question -> [(what makes it different, code that replaces the solution block of that
question)], written at indentation 0 as in ``tests/wrong_answers/``.
"""

RIGHT_ANSWERS: dict[str, list[tuple[str, str]]] = {
    "q1": [
        ("im2col with F.unfold and one matrix product",
         "kh, kw = kernel.shape\n"
         "padded = F.pad(image, (padding, padding, padding, padding))\n"
         "columns = F.unfold(padded[None, None], (kh, kw), stride=stride)[0]\n"
         "h_out = (padded.shape[0] - kh) // stride + 1\n"
         "w_out = (padded.shape[1] - kw) // stride + 1\n"
         "return (kernel.reshape(1, -1) @ columns).reshape(h_out, w_out)"),
        ("zero padding by hand, then Tensor.unfold windows",
         "h, w = image.shape\n"
         "padded = torch.zeros(h + 2 * padding, w + 2 * padding, dtype=image.dtype)\n"
         "padded[padding:padding + h, padding:padding + w] = image\n"
         "kh, kw = kernel.shape\n"
         "windows = padded.unfold(0, kh, stride).unfold(1, kw, stride)\n"
         "return (windows * kernel).sum(dim=(-2, -1))"),
        ("a loop over the kernel's taps: each tap adds a strided slice",
         "padded = F.pad(image, [padding] * 4)\n"
         "kh, kw = kernel.shape\n"
         "h_out = (padded.shape[0] - kh) // stride + 1\n"
         "w_out = (padded.shape[1] - kw) // stride + 1\n"
         "out = 0\n"
         "for u in range(kh):\n"
         "    for v in range(kw):\n"
         "        out = out + kernel[u, v] * padded[u:u + stride * (h_out - 1) + 1:stride,\n"
         "                                          v:v + stride * (w_out - 1) + 1:stride]\n"
         "return out"),
    ],
    "q2": [
        ("F.conv2d with grad_output as a kernel dilated by the stride, cut to size",
         "padded = F.pad(image, (padding, padding, padding, padding))\n"
         "grad = F.conv2d(padded[None, None], grad_output[None, None].to(padded.dtype),\n"
         "                dilation=stride)[0, 0]\n"
         "return grad[:kernel_size[0], :kernel_size[1]]"),
        ("Question 1's conv2d_single, with grad_output spread out by the stride",
         "padded = F.pad(image, (padding, padding, padding, padding))\n"
         "h_out, w_out = grad_output.shape\n"
         "spread = torch.zeros(stride * (h_out - 1) + 1, stride * (w_out - 1) + 1,\n"
         "                     dtype=padded.dtype)\n"
         "spread[::stride, ::stride] = grad_output\n"
         "return conv2d_single(padded, spread)[:kernel_size[0], :kernel_size[1]]"),
        ("im2col: the unfolded windows times the flattened grad_output",
         "padded = F.pad(image, (padding, padding, padding, padding))\n"
         "columns = F.unfold(padded[None, None], kernel_size, stride=stride)[0]\n"
         "return (columns @ grad_output.reshape(-1)).reshape(kernel_size)"),
        ("a loop over the outputs: each adds grad_output[i, j] times its window",
         "padded = F.pad(image, (padding, padding, padding, padding))\n"
         "kh, kw = kernel_size\n"
         "grad = torch.zeros(kh, kw, dtype=torch.float64)\n"
         "for i in range(grad_output.shape[0]):\n"
         "    for j in range(grad_output.shape[1]):\n"
         "        window = padded[i * stride:i * stride + kh, j * stride:j * stride + kw]\n"
         "        grad += grad_output[i, j] * window\n"
         "return grad"),
    ],
    "q3": [
        ("Tensor.unfold windows and amax",
         "stride = stride or kernel\n"
         "windows = x.unfold(0, kernel, stride).unfold(1, kernel, stride)\n"
         "return windows.amax(dim=(-2, -1))"),
        ("nested list comprehensions turned into a tensor",
         "if stride is None:\n"
         "    stride = kernel\n"
         "rows = range(0, x.shape[0] - kernel + 1, stride)\n"
         "cols = range(0, x.shape[1] - kernel + 1, stride)\n"
         "return torch.tensor([[x[i:i + kernel, j:j + kernel].max().item() for j in cols]\n"
         "                     for i in rows])"),
        ("a running maximum that starts from the window's first value",
         "stride = kernel if stride is None else stride\n"
         "h_out = (x.shape[0] - kernel) // stride + 1\n"
         "w_out = (x.shape[1] - kernel) // stride + 1\n"
         "out = x.new_empty(h_out, w_out)\n"
         "for i in range(h_out):\n"
         "    for j in range(w_out):\n"
         "        window = x[i * stride:i * stride + kernel, j * stride:j * stride + kernel]\n"
         "        best = window[0, 0]\n"
         "        for value in window.flatten():\n"
         "            best = max(best, value)\n"
         "        out[i, j] = best\n"
         "return out"),
    ],
    "q4": [
        ("a sum over pairs of consecutive channel counts",
         "channels = [in_channels] + [c for c, _ in layers]\n"
         "per_layer = 2 if batch_norm else 1\n"
         "return sum(c_out * c_in * k * k + per_layer * c_out\n"
         "           for c_in, (c_out, k) in zip(channels, layers))"),
        ("weights and the rest counted separately, with numpy",
         "import numpy as np\n"
         "outs = np.array([c for c, _ in layers], dtype=np.int64)\n"
         "kernels = np.array([k for _, k in layers], dtype=np.int64)\n"
         "ins = np.concatenate([[in_channels], outs[:-1]]).astype(np.int64)\n"
         "weights = int(np.sum(outs * ins * kernels ** 2))\n"
         "return weights + (2 if batch_norm else 1) * int(outs.sum())"),
    ],
    "q5": [
        ("backwards from the output pixel, positions in each layer's own coordinates",
         "reached = {0}\n"
         "for kernel, stride, dilation in reversed(layers):\n"
         "    reached = {stride * p + dilation * t for p in reached for t in range(kernel)}\n"
         "field = max(reached) - min(reached) + 1\n"
         "return (field, len(reached) * len(reached))"),
        ("a 1-D footprint of zeros and ones, spread by np.convolve layer after layer",
         "import numpy as np\n"
         "footprint, jump = np.ones(1), 1\n"
         "for kernel, stride, dilation in layers:\n"
         "    taps = np.zeros(dilation * jump * (kernel - 1) + 1)\n"
         "    taps[::dilation * jump] = 1\n"
         "    footprint = (np.convolve(footprint, taps) > 0).astype(float)\n"
         "    jump *= stride\n"
         "return [len(footprint), int(footprint.sum()) ** 2]"),
        ("measured like the chapter: gradients through convolutions of ones",
         "field, jump = 1, 1\n"
         "for kernel, stride, dilation in layers:\n"
         "    field += dilation * (kernel - 1) * jump\n"
         "    jump *= stride\n"
         "convs = [nn.Conv2d(1, 1, k, stride=s, dilation=d, bias=False) for k, s, d in layers]\n"
         "for conv in convs:\n"
         "    nn.init.ones_(conv.weight)\n"
         "x = torch.zeros(1, 1, field, field, requires_grad=True)\n"
         "nn.Sequential(*convs)(x)[0, 0, 0, 0].backward()\n"
         "return field, int(torch.count_nonzero(x.grad))"),
    ],
    "q6": [
        ("named layers called one by one (torchvision style), F.relu, out += identity",
         "def __init__(self, in_channels, mid_channels, out_channels, stride=1):\n"
         "    super().__init__()\n"
         "    self.conv1 = nn.Conv2d(in_channels, mid_channels, kernel_size=1, bias=False)\n"
         "    self.bn1 = nn.BatchNorm2d(mid_channels)\n"
         "    self.conv2 = nn.Conv2d(mid_channels, mid_channels, kernel_size=3,\n"
         "                           stride=stride, padding=1, bias=False)\n"
         "    self.bn2 = nn.BatchNorm2d(mid_channels)\n"
         "    self.conv3 = nn.Conv2d(mid_channels, out_channels, kernel_size=1, bias=False)\n"
         "    self.bn3 = nn.BatchNorm2d(out_channels)\n"
         "    self.downsample = None\n"
         "    if stride != 1 or in_channels != out_channels:\n"
         "        self.downsample = nn.Sequential(\n"
         "            nn.Conv2d(in_channels, out_channels, 1, stride=stride, bias=False),\n"
         "            nn.BatchNorm2d(out_channels))\n"
         "\n"
         "def forward(self, x):\n"
         "    identity = x if self.downsample is None else self.downsample(x)\n"
         "    out = F.relu(self.bn1(self.conv1(x)))\n"
         "    out = F.relu(self.bn2(self.conv2(out)))\n"
         "    out = self.bn3(self.conv3(out))\n"
         "    out += identity\n"
         "    return F.relu(out)\n"),
        ("ReLU written as clamp(min=0), shortcut as an nn.Identity",
         "def __init__(self, in_channels, mid_channels, out_channels, stride=1):\n"
         "    super().__init__()\n"
         "    self.conv1 = nn.Conv2d(in_channels, mid_channels, 1, bias=False)\n"
         "    self.bn1 = nn.BatchNorm2d(mid_channels)\n"
         "    self.conv2 = nn.Conv2d(mid_channels, mid_channels, 3, stride, 1, bias=False)\n"
         "    self.bn2 = nn.BatchNorm2d(mid_channels)\n"
         "    self.conv3 = nn.Conv2d(mid_channels, out_channels, 1, bias=False)\n"
         "    self.bn3 = nn.BatchNorm2d(out_channels)\n"
         "    self.shortcut = nn.Identity()\n"
         "    if stride != 1 or in_channels != out_channels:\n"
         "        self.shortcut = nn.Sequential(\n"
         "            nn.Conv2d(in_channels, out_channels, 1, stride=stride, bias=False),\n"
         "            nn.BatchNorm2d(out_channels))\n"
         "\n"
         "def forward(self, x):\n"
         "    out = self.bn1(self.conv1(x)).clamp(min=0)\n"
         "    out = self.bn2(self.conv2(out)).clamp(min=0)\n"
         "    out = self.bn3(self.conv3(out))\n"
         "    return (out + self.shortcut(x)).clamp(min=0)\n"),
        ("one reused nn.ReLU(inplace=True), convolutions with biases, a conv helper",
         "def __init__(self, in_channels, mid_channels, out_channels, stride=1):\n"
         "    super().__init__()\n"
         "\n"
         "    def conv_bn(c_in, c_out, k, s=1):\n"
         "        return nn.Sequential(nn.Conv2d(c_in, c_out, k, stride=s, padding=k // 2),\n"
         "                             nn.BatchNorm2d(c_out))\n"
         "\n"
         "    self.reduce = conv_bn(in_channels, mid_channels, 1)\n"
         "    self.spatial = conv_bn(mid_channels, mid_channels, 3, stride)\n"
         "    self.expand = conv_bn(mid_channels, out_channels, 1)\n"
         "    self.relu = nn.ReLU(inplace=True)\n"
         "    self.project = (stride != 1 or in_channels != out_channels)\n"
         "    if self.project:\n"
         "        self.shortcut = conv_bn(in_channels, out_channels, 1, stride)\n"
         "\n"
         "def forward(self, x):\n"
         "    out = self.relu(self.reduce(x))\n"
         "    out = self.relu(self.spatial(out))\n"
         "    out = self.expand(out)\n"
         "    skip = self.shortcut(x) if self.project else x\n"
         "    return self.relu(torch.add(out, skip))\n"),
        ("nn.ModuleList of layers and padding='same' where the stride is 1",
         "def __init__(self, in_channels, mid_channels, out_channels, stride=1):\n"
         "    super().__init__()\n"
         "    padding = 'same' if stride == 1 else 1\n"
         "    self.layers = nn.ModuleList([\n"
         "        nn.Conv2d(in_channels, mid_channels, 1), nn.BatchNorm2d(mid_channels),\n"
         "        nn.ReLU(),\n"
         "        nn.Conv2d(mid_channels, mid_channels, 3, stride, padding),\n"
         "        nn.BatchNorm2d(mid_channels), nn.ReLU(),\n"
         "        nn.Conv2d(mid_channels, out_channels, 1), nn.BatchNorm2d(out_channels)])\n"
         "    self.shortcut = nn.Sequential()\n"
         "    if stride != 1 or in_channels != out_channels:\n"
         "        self.shortcut = nn.Sequential(\n"
         "            nn.Conv2d(in_channels, out_channels, 1, stride),\n"
         "            nn.BatchNorm2d(out_channels))\n"
         "\n"
         "def forward(self, x):\n"
         "    skip = self.shortcut(x)\n"
         "    out = x\n"
         "    for layer in self.layers:\n"
         "        out = layer(out)\n"
         "    return (out + skip).relu()\n"),
    ],
    "q7": [
        ("one RandomAffine, larger but still plausible changes",
         "digit_augment = v2.RandomAffine(degrees=15, translate=(0.125, 0.125),\n"
         "                                scale=(0.85, 1.15))"),
        ("a function of my own: rotation and shift drawn with torch, then contrast",
         "def digit_augment(image):\n"
         "    angle = float(torch.empty(()).uniform_(-12, 12))\n"
         "    dx, dy = torch.randint(-1, 2, (2,)).tolist()\n"
         "    out = v2.functional.affine(image, angle=angle, translate=[dx, dy], scale=1.0,\n"
         "                               shear=[0.0, 0.0])\n"
         "    contrast = float(torch.empty(()).uniform_(0.8, 1.2))\n"
         "    return ((out - 0.5) * contrast + 0.5).clamp(0, 1)"),
        ("rotation, then a small perspective change and a slight blur",
         "digit_augment = v2.Compose([\n"
         "    v2.RandomRotation(8),\n"
         "    v2.RandomPerspective(distortion_scale=0.2, p=0.7),\n"
         "    v2.GaussianBlur(3, sigma=(0.1, 0.6)),\n"
         "])"),
        ("a writer's slant: shear of up to 20 degrees, and a pixel of shift",
         "digit_augment = v2.RandomAffine(degrees=0, translate=(0.08, 0.08), shear=20)"),
        ("rotations of up to 20 degrees and nothing else",
         "digit_augment = v2.RandomRotation(20)"),
        ("a small elastic distortion, as for handwriting, then a small affine change",
         "digit_augment = v2.Compose([v2.ElasticTransform(alpha=20.0, sigma=3.0),\n"
         "                            v2.RandomAffine(degrees=8, translate=(0.08, 0.08))])"),
        ("a small affine change and a little Gaussian noise",
         "digit_augment = v2.Compose([\n"
         "    v2.RandomAffine(degrees=10, translate=(0.1, 0.1)),\n"
         "    v2.GaussianNoise(sigma=0.05),\n"
         "])"),
        ("a small affine change, and now and then a small patch erased",
         "digit_augment = v2.Compose([\n"
         "    v2.RandomAffine(degrees=10, translate=(0.1, 0.1), scale=(0.9, 1.1)),\n"
         "    v2.RandomErasing(p=0.5, scale=(0.05, 0.12), ratio=(0.5, 2.0), value=0),\n"
         "])"),
    ],
    "q8": [
        ("a custom module with F.relu and F.max_pool2d, a view instead of nn.Flatten",
         "class DigitsNet(nn.Module):\n"
         "    def __init__(self):\n"
         "        super().__init__()\n"
         "        self.conv1 = nn.Conv2d(1, 16, 3, padding=1)\n"
         "        self.conv2 = nn.Conv2d(16, 32, 3, padding=1)\n"
         "        self.head = nn.Linear(32 * 4 * 4, 10)\n"
         "\n"
         "    def forward(self, x):\n"
         "        x = F.max_pool2d(F.relu(self.conv1(x)), 2)\n"
         "        x = F.max_pool2d(F.relu(self.conv2(x)), 2)\n"
         "        return self.head(x.view(x.shape[0], -1))\n"
         "\n"
         "return DigitsNet()"),
        ("strided convolutions instead of pooling, GELU, batch norm",
         "return nn.Sequential(\n"
         "    nn.Conv2d(1, 16, 3, padding=1), nn.BatchNorm2d(16), nn.GELU(),\n"
         "    nn.Conv2d(16, 32, 3, stride=2, padding=1), nn.BatchNorm2d(32), nn.GELU(),\n"
         "    nn.Conv2d(32, 32, 3, stride=2, padding=1), nn.BatchNorm2d(32), nn.GELU(),\n"
         "    nn.Flatten(), nn.Linear(32 * 4 * 4, 10))"),
        ("the chapter's LeNet without batch norm, 5x5 kernels",
         "return nn.Sequential(\n"
         "    nn.Conv2d(1, 16, 5, padding=2), nn.ReLU(), nn.MaxPool2d(2),\n"
         "    nn.Conv2d(16, 32, 5, padding=2), nn.ReLU(), nn.MaxPool2d(2),\n"
         "    nn.Flatten(), nn.Linear(32 * 4 * 4, 64), nn.ReLU(), nn.Linear(64, 10))"),
        ("ELU and PReLU activations, log-probabilities out (LogSoftmax)",
         "return nn.Sequential(\n"
         "    nn.Conv2d(1, 16, 3, padding=1), nn.ELU(), nn.MaxPool2d(2),\n"
         "    nn.Conv2d(16, 32, 3, padding=1), nn.PReLU(), nn.MaxPool2d(2),\n"
         "    nn.Flatten(), nn.Linear(32 * 4 * 4, 64), nn.ELU(), nn.Linear(64, 10),\n"
         "    nn.LogSoftmax(dim=1))"),
        ("a 4x4 convolution as the classifier at the end (no Linear), then Flatten",
         "return nn.Sequential(\n"
         "    nn.Conv2d(1, 16, 3, padding=1), nn.BatchNorm2d(16), nn.ReLU(), nn.MaxPool2d(2),\n"
         "    nn.Conv2d(16, 32, 3, padding=1), nn.BatchNorm2d(32), nn.ReLU(), nn.MaxPool2d(2),\n"
         "    nn.Conv2d(32, 10, 4), nn.Flatten())"),
    ],
}
