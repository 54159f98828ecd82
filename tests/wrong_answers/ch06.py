"""Plausible wrong answers to the Chapter 6 exercises; each must lose points.

question -> [(what is wrong, code that replaces the solution block of that question)].
The code is written at indentation 0; it is indented to the block's level when substituted.
"""

_MAIN_PATH = (
    "    nn.Conv2d(in_channels, mid_channels, 1, bias=False),\n"
    "    nn.BatchNorm2d(mid_channels), nn.ReLU(),\n"
    "    nn.Conv2d(mid_channels, mid_channels, 3, stride=stride, padding=1, bias=False),\n"
    "    nn.BatchNorm2d(mid_channels), nn.ReLU(),\n"
    "    nn.Conv2d(mid_channels, out_channels, 1, bias=False),\n"
    "    nn.BatchNorm2d(out_channels))\n"
)
_SHORTCUT = (
    "self.shortcut = nn.Identity()\n"
    "if stride != 1 or in_channels != out_channels:\n"
    "    self.shortcut = nn.Sequential(\n"
    "        nn.Conv2d(in_channels, out_channels, 1, stride=stride, bias=False),\n"
    "        nn.BatchNorm2d(out_channels))\n"
)
_INIT = "def __init__(self, in_channels, mid_channels, out_channels, stride=1):\n"
_FORWARD = ("def forward(self, x):\n"
            "    return torch.relu(self.main(x) + self.shortcut(x))\n")


def _indent(code: str) -> str:
    return "".join("    " + line if line.strip() else line
                   for line in code.splitlines(keepends=True))


def _block(main: str = _MAIN_PATH, shortcut: str = _SHORTCUT, forward: str = _FORWARD) -> str:
    """A Bottleneck whose main path, shortcut or forward is replaced."""
    body = "super().__init__()\nself.main = nn.Sequential(\n" + main + shortcut
    return _INIT + _indent(body) + "\n" + forward


_CONV_LOOP = (
    "kh, kw = kernel.shape\n"
    "h_out = (image.shape[0] - kh) // stride + 1\n"
    "w_out = (image.shape[1] - kw) // stride + 1\n"
    "out = torch.zeros(h_out, w_out, dtype=image.dtype)\n"
    "for i in range(h_out):\n"
    "    for j in range(w_out):\n"
    "        window = image[i * stride:i * stride + kh, j * stride:j * stride + kw]\n"
    "        out[i, j] = (window * kernel).sum()\n"
    "return out"
)

_POOL = (
    "stride = kernel if stride is None else stride\n"
    "h_out = (x.shape[0] - kernel) // stride + 1\n"
    "w_out = (x.shape[1] - kernel) // stride + 1\n"
)

WRONG_ANSWERS = {
    "q1": [
        ("true convolution: the kernel is flipped",
         "image = F.pad(image, (padding, padding, padding, padding))\n"
         "kernel = kernel.flip(0, 1)\n" + _CONV_LOOP),
        ("padding ignored", _CONV_LOOP),
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
        ("calls F.conv2d, which the question bans",
         "return F.conv2d(image[None, None], kernel[None, None], stride=stride,\n"
         "                padding=padding)[0, 0]"),
        ("an nn.Conv2d with the kernel copied in (banned too)",
         "conv = nn.Conv2d(1, 1, tuple(kernel.shape), stride=stride, padding=padding,\n"
         "                 bias=False, dtype=image.dtype)\n"
         "with torch.no_grad():\n"
         "    conv.weight.copy_(kernel[None, None])\n"
         "    return conv(image[None, None])[0, 0]"),
        ("multiplies the window in place: without padding it is a view of the image",
         "if padding:\n"
         "    image = F.pad(image, (padding, padding, padding, padding))\n"
         "kh, kw = kernel.shape\n"
         "h_out = (image.shape[0] - kh) // stride + 1\n"
         "w_out = (image.shape[1] - kw) // stride + 1\n"
         "out = torch.zeros(h_out, w_out, dtype=image.dtype)\n"
         "for i in range(h_out):\n"
         "    for j in range(w_out):\n"
         "        window = image[i * stride:i * stride + kh, j * stride:j * stride + kw]\n"
         "        window *= kernel\n"
         "        out[i, j] = window.sum()\n"
         "return out"),
        ("F.conv3d with a depth of one: a library convolution all the same",
         "return F.conv3d(image[None, None, None], kernel[None, None, None],\n"
         "                stride=(1, stride, stride), padding=(0, padding, padding))[0, 0, 0]"),
        ("a transposed convolution with the flipped kernel: a library convolution too",
         "padded = F.pad(image, (padding, padding, padding, padding))\n"
         "kh, kw = kernel.shape\n"
         "out = F.conv_transpose2d(padded[None, None], kernel.flip(0, 1)[None, None],\n"
         "                         padding=(kh - 1, kw - 1))[0, 0]\n"
         "return out[::stride, ::stride]"),
        ("pads only the width: F.pad with two numbers pads the last dimension alone",
         "image = F.pad(image, (padding, padding))\n" + _CONV_LOOP),
    ],
    "q2": [
        ("forgets the padding: correlates the unpadded image",
         "h_out, w_out = grad_output.shape\n"
         "grad = torch.zeros(kernel_size, dtype=grad_output.dtype)\n"
         "for u in range(kernel_size[0]):\n"
         "    for v in range(kernel_size[1]):\n"
         "        met = image[u:u + stride * (h_out - 1) + 1:stride,\n"
         "                    v:v + stride * (w_out - 1) + 1:stride]\n"
         "        grad[u, v] = (met * grad_output).sum()\n"
         "return grad"),
        ("a true convolution: grad_output flipped",
         "padded = F.pad(image, (padding, padding, padding, padding))\n"
         "flipped = grad_output.flip(0, 1)\n"
         "h_out, w_out = grad_output.shape\n"
         "grad = torch.zeros(kernel_size, dtype=grad_output.dtype)\n"
         "for u in range(kernel_size[0]):\n"
         "    for v in range(kernel_size[1]):\n"
         "        met = padded[u:u + stride * (h_out - 1) + 1:stride,\n"
         "                     v:v + stride * (w_out - 1) + 1:stride]\n"
         "        grad[u, v] = (met * flipped).sum()\n"
         "return grad"),
        ("ignores the stride: the pixels met are taken next to each other",
         "padded = F.pad(image, (padding, padding, padding, padding))\n"
         "h_out, w_out = grad_output.shape\n"
         "grad = torch.zeros(kernel_size, dtype=grad_output.dtype)\n"
         "for u in range(kernel_size[0]):\n"
         "    for v in range(kernel_size[1]):\n"
         "        grad[u, v] = (padded[u:u + h_out, v:v + w_out] * grad_output).sum()\n"
         "return grad"),
        ("F.conv2d with grad_output as a dilated kernel, but not cut to the kernel's size",
         "padded = F.pad(image, (padding, padding, padding, padding))\n"
         "return F.conv2d(padded[None, None], grad_output[None, None],\n"
         "                dilation=stride)[0, 0]"),
        ("lets autograd do it, which the question bans",
         "kernel = torch.zeros(kernel_size, dtype=image.dtype, requires_grad=True)\n"
         "out = F.conv2d(image[None, None], kernel[None, None], stride=stride,\n"
         "               padding=padding)[0, 0]\n"
         "(out * grad_output).sum().backward()\n"
         "return kernel.grad"),
        ("torch.nn.grad.conv2d_weight, banned too",
         "return torch.nn.grad.conv2d_weight(image[None, None], (1, 1, *kernel_size),\n"
         "                                   grad_output[None, None], stride=stride,\n"
         "                                   padding=padding)[0, 0]"),
        ("the gradient with respect to the image's window sums, not weighted by grad_output",
         "padded = F.pad(image, (padding, padding, padding, padding))\n"
         "h_out, w_out = grad_output.shape\n"
         "grad = torch.zeros(kernel_size, dtype=grad_output.dtype)\n"
         "for u in range(kernel_size[0]):\n"
         "    for v in range(kernel_size[1]):\n"
         "        met = padded[u:u + stride * (h_out - 1) + 1:stride,\n"
         "                     v:v + stride * (w_out - 1) + 1:stride]\n"
         "        grad[u, v] = met.sum() * grad_output.mean()\n"
         "return grad"),
    ],
    "q3": [
        ("average instead of maximum",
         _POOL +
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
         _POOL +
         "out = torch.zeros(h_out, w_out, dtype=x.dtype)\n"
         "for i in range(h_out):\n"
         "    for j in range(w_out):\n"
         "        for value in x[i * stride:i * stride + kernel,\n"
         "                       j * stride:j * stride + kernel].flatten():\n"
         "            out[i, j] = max(out[i, j], value)\n"
         "return out"),
        ("calls F.max_pool2d, which the question bans",
         "return F.max_pool2d(x[None, None].float(), kernel, stride=stride)[0, 0]"),
        ("F.max_pool3d with a depth of one: PyTorch's pooling all the same",
         "stride = kernel if stride is None else stride\n"
         "return F.max_pool3d(x[None, None, None].double(), (1, kernel, kernel),\n"
         "                    stride=(1, stride, stride))[0, 0, 0]"),
        ("starts from -inf in x's dtype: fails on integers",
         _POOL +
         "out = torch.full((h_out, w_out), float('-inf'), dtype=x.dtype)\n"
         "for i in range(h_out):\n"
         "    for j in range(w_out):\n"
         "        out[i, j] = x[i * stride:i * stride + kernel,\n"
         "                      j * stride:j * stride + kernel].max()\n"
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
        ("pops the layers off the caller's list",
         "total, channels = 0, in_channels\n"
         "while layers:\n"
         "    out_channels, kernel = layers.pop(0)\n"
         "    total += out_channels * channels * kernel * kernel\n"
         "    total += 2 * out_channels if batch_norm else out_channels\n"
         "    channels = out_channels\n"
         "return total"),
    ],
    "q5": [
        ("ignores the dilation in the field, and counts no holes (the chapter's formula)",
         "field, jump = 1, 1\n"
         "for kernel, stride, dilation in layers:\n"
         "    field += (kernel - 1) * jump\n"
         "    jump *= stride\n"
         "return field, field ** 2"),
        ("the right field, but every pixel of it counted as seen: no holes",
         "field, jump = 1, 1\n"
         "for kernel, stride, dilation in layers:\n"
         "    field += dilation * (kernel - 1) * jump\n"
         "    jump *= stride\n"
         "return field, field ** 2"),
        ("the holes counted along one axis only (not squared)",
         "reached, jump = {0}, 1\n"
         "for kernel, stride, dilation in layers:\n"
         "    reached = {p + t * dilation * jump for p in reached for t in range(kernel)}\n"
         "    jump *= stride\n"
         "return max(reached) + 1, len(reached)"),
        ("pixels seen as the product of the kernels' taps: overlaps counted twice",
         "field, jump, taps = 1, 1, 1\n"
         "for kernel, stride, dilation in layers:\n"
         "    field += dilation * (kernel - 1) * jump\n"
         "    jump *= stride\n"
         "    taps *= kernel\n"
         "return field, min(taps, field) ** 2"),
        ("treats the dilation like a stride: it multiplies the jump",
         "reached, jump = {0}, 1\n"
         "for kernel, stride, dilation in layers:\n"
         "    reached = {p + t * dilation * jump for p in reached for t in range(kernel)}\n"
         "    jump *= stride * dilation\n"
         "return max(reached) + 1, len(reached) ** 2"),
        ("ignores the strides: each layer's taps spaced by its dilation alone",
         "reached = {0}\n"
         "for kernel, stride, dilation in layers:\n"
         "    reached = {p + t * dilation for p in reached for t in range(kernel)}\n"
         "return max(reached) + 1, len(reached) ** 2"),
        ("multiplies the jump by the stride before adding the layer",
         "reached, jump = {0}, 1\n"
         "for kernel, stride, dilation in layers:\n"
         "    jump *= stride\n"
         "    reached = {p + t * dilation * jump for p in reached for t in range(kernel)}\n"
         "return max(reached) + 1, len(reached) ** 2"),
    ],
    "q6": [
        ("the chapter's basic block: two 3x3 convolutions, no 1x1",
         _block(main="    nn.Conv2d(in_channels, mid_channels, 3, stride=stride, padding=1,\n"
                     "              bias=False),\n"
                     "    nn.BatchNorm2d(mid_channels), nn.ReLU(),\n"
                     "    nn.Conv2d(mid_channels, out_channels, 3, padding=1, bias=False),\n"
                     "    nn.BatchNorm2d(out_channels))\n")),
        ("no batch norm in the main path",
         _block(main="    nn.Conv2d(in_channels, mid_channels, 1), nn.ReLU(),\n"
                     "    nn.Conv2d(mid_channels, mid_channels, 3, stride=stride, padding=1),\n"
                     "    nn.ReLU(),\n"
                     "    nn.Conv2d(mid_channels, out_channels, 1))\n")),
        ("the stride on the first 1x1 convolution (the original ResNet's place)",
         _block(main="    nn.Conv2d(in_channels, mid_channels, 1, stride=stride, bias=False),\n"
                     "    nn.BatchNorm2d(mid_channels), nn.ReLU(),\n"
                     "    nn.Conv2d(mid_channels, mid_channels, 3, padding=1, bias=False),\n"
                     "    nn.BatchNorm2d(mid_channels), nn.ReLU(),\n"
                     "    nn.Conv2d(mid_channels, out_channels, 1, bias=False),\n"
                     "    nn.BatchNorm2d(out_channels))\n")),
        ("a ReLU after the last batch norm, before the sum",
         _block(main=_MAIN_PATH.replace("nn.BatchNorm2d(out_channels))",
                                        "nn.BatchNorm2d(out_channels), nn.ReLU())"))),
        ("no ReLU after the sum",
         _block(forward="def forward(self, x):\n"
                        "    return self.main(x) + self.shortcut(x)\n")),
        ("no ReLU between the convolutions",
         _block(main="    nn.Conv2d(in_channels, mid_channels, 1, bias=False),\n"
                     "    nn.BatchNorm2d(mid_channels),\n"
                     "    nn.Conv2d(mid_channels, mid_channels, 3, stride=stride, padding=1,\n"
                     "              bias=False),\n"
                     "    nn.BatchNorm2d(mid_channels),\n"
                     "    nn.Conv2d(mid_channels, out_channels, 1, bias=False),\n"
                     "    nn.BatchNorm2d(out_channels))\n")),
        ("a projection shortcut always, even when the shapes match",
         _block(shortcut="self.shortcut = nn.Sequential(\n"
                         "    nn.Conv2d(in_channels, out_channels, 1, stride=stride,\n"
                         "              bias=False),\n"
                         "    nn.BatchNorm2d(out_channels))\n")),
        ("a shortcut without batch norm",
         _block(shortcut="self.shortcut = nn.Identity()\n"
                         "if stride != 1 or in_channels != out_channels:\n"
                         "    self.shortcut = nn.Conv2d(in_channels, out_channels, 1,\n"
                         "                              stride=stride)\n")),
        ("a 3x3 convolution on the shortcut",
         _block(shortcut="self.shortcut = nn.Identity()\n"
                         "if stride != 1 or in_channels != out_channels:\n"
                         "    self.shortcut = nn.Sequential(\n"
                         "        nn.Conv2d(in_channels, out_channels, 3, stride=stride,\n"
                         "                  padding=1, bias=False),\n"
                         "        nn.BatchNorm2d(out_channels))\n")),
        ("the layers kept in a plain list: .parameters() does not see them",
         _INIT +
         "    super().__init__()\n"
         "    self.layers = [\n"
         "        nn.Conv2d(in_channels, mid_channels, 1, bias=False),\n"
         "        nn.BatchNorm2d(mid_channels), nn.ReLU(),\n"
         "        nn.Conv2d(mid_channels, mid_channels, 3, stride=stride, padding=1,\n"
         "                  bias=False),\n"
         "        nn.BatchNorm2d(mid_channels), nn.ReLU(),\n"
         "        nn.Conv2d(mid_channels, out_channels, 1, bias=False),\n"
         "        nn.BatchNorm2d(out_channels)]\n"
         "    self.shortcut = nn.Identity()\n"
         "    if stride != 1 or in_channels != out_channels:\n"
         "        self.shortcut = nn.Sequential(\n"
         "            nn.Conv2d(in_channels, out_channels, 1, stride=stride, bias=False),\n"
         "            nn.BatchNorm2d(out_channels))\n"
         "\n"
         "def forward(self, x):\n"
         "    out = x\n"
         "    for layer in self.layers:\n"
         "        out = layer(out)\n"
         "    return torch.relu(out + self.shortcut(x))\n"),
        ("a ReLU applied to x in place first: the caller's x changes",
         _block(forward="def forward(self, x):\n"
                        "    x = F.relu(x, inplace=True)\n"
                        "    return torch.relu(self.main(x) + self.shortcut(x))\n")),
        ("projects only when the channels change: forgets the stride",
         _block(shortcut="self.shortcut = nn.Identity()\n"
                         "if in_channels != out_channels:\n"
                         "    self.shortcut = nn.Sequential(\n"
                         "        nn.Conv2d(in_channels, out_channels, 1, stride=stride,\n"
                         "                  bias=False),\n"
                         "        nn.BatchNorm2d(out_channels))\n")),
    ],
    "q7": [
        ("mirrors the digits (horizontal flips)",
         "digit_augment = v2.Compose([\n"
         "    v2.RandomHorizontalFlip(),\n"
         "    v2.RandomAffine(degrees=10, translate=(0.1, 0.1)),\n"
         "])"),
        ("mirrors a digit now and then (p = 0.1)",
         "digit_augment = v2.Compose([\n"
         "    v2.RandomHorizontalFlip(p=0.1),\n"
         "    v2.RandomAffine(degrees=10, translate=(0.1, 0.1), scale=(0.9, 1.1)),\n"
         "])"),
        ("rotations of up to 180 degrees turn a 6 into a 9",
         "digit_augment = v2.RandomRotation(180)"),
        ("rotations of up to 45 degrees",
         "digit_augment = v2.Compose([v2.RandomRotation(45),\n"
         "                            v2.RandomAffine(0, translate=(0.1, 0.1))])"),
        ("no augmentation at all",
         "digit_augment = v2.Identity()"),
        ("crops so aggressive that they cut the digit away",
         "digit_augment = v2.RandomResizedCrop(16, scale=(0.08, 1.0))"),
        ("erases a third of the image, digit included",
         "digit_augment = v2.Compose([\n"
         "    v2.RandomAffine(degrees=10, translate=(0.1, 0.1)),\n"
         "    v2.RandomErasing(p=1.0, scale=(0.3, 0.35), value=0),\n"
         "])"),
        ("inverts the digits: white strokes on black",
         "digit_augment = v2.Compose([v2.RandomAffine(degrees=10, translate=(0.1, 0.1)),\n"
         "                            v2.RandomInvert()])"),
        ("shifts of up to a third of the image",
         "digit_augment = v2.RandomAffine(degrees=5, translate=(0.3, 0.3))"),
        ("normalises the images out of the [0, 1] range",
         "digit_augment = v2.Compose([\n"
         "    v2.RandomAffine(degrees=10, translate=(0.1, 0.1)),\n"
         "    v2.Normalize([0.3], [0.4]),\n"
         "])"),
        ("adds noise to the given digit in place",
         "def digit_augment(image):\n"
         "    image += 0.05 * torch.randn_like(image)\n"
         "    image.clamp_(0, 1)\n"
         "    return v2.RandomAffine(degrees=10, translate=(0.1, 0.1))(image)"),
        ("turns a digit upside down now and then (vertical flip, p = 0.05)",
         "digit_augment = v2.Compose([\n"
         "    v2.RandomVerticalFlip(p=0.05),\n"
         "    v2.RandomAffine(degrees=10, translate=(0.1, 0.1), scale=(0.9, 1.1)),\n"
         "])"),
        ("the same change on every call: a fixed rotation",
         "digit_augment = v2.Compose([\n"
         "    v2.Lambda(lambda image: v2.functional.rotate(image, 8.0)),\n"
         "])"),
    ],
    "q8": [
        ("a fully connected network: no convolution",
         "return nn.Sequential(nn.Flatten(), nn.Linear(256, 64), nn.ReLU(), nn.Linear(64, 10))"),
        ("an MLP behind a 1x1 convolution",
         "return nn.Sequential(nn.Conv2d(1, 4, 1), nn.ReLU(), nn.Flatten(),\n"
         "                     nn.Linear(4 * 16 * 16, 48), nn.ReLU(), nn.Linear(48, 10))"),
        ("two convolutions with no activation between them",
         "return nn.Sequential(nn.Conv2d(1, 8, 3, padding=1), nn.Conv2d(8, 16, 3, padding=1),\n"
         "                     nn.ReLU(), nn.MaxPool2d(4), nn.Flatten(),\n"
         "                     nn.Linear(16 * 4 * 4, 10))"),
        ("too many parameters: a wide flattened layer",
         "return nn.Sequential(nn.Conv2d(1, 32, 3, padding=1), nn.ReLU(),\n"
         "                     nn.Conv2d(32, 32, 3, padding=1), nn.ReLU(), nn.Flatten(),\n"
         "                     nn.Linear(32 * 16 * 16, 64), nn.ReLU(), nn.Linear(64, 10))"),
        ("the wrong number of outputs",
         "return nn.Sequential(nn.Conv2d(1, 16, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),\n"
         "                     nn.Conv2d(16, 16, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),\n"
         "                     nn.Flatten(), nn.Linear(16 * 4 * 4, 9))"),
        ("squeezes the output: a batch of one gives shape (10,)",
         "class Net(nn.Module):\n"
         "    def __init__(self):\n"
         "        super().__init__()\n"
         "        self.body = nn.Sequential(\n"
         "            nn.Conv2d(1, 16, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),\n"
         "            nn.Conv2d(16, 32, 3, padding=1), nn.ReLU(), nn.AdaptiveAvgPool2d(1))\n"
         "        self.head = nn.Linear(32, 10)\n"
         "\n"
         "    def forward(self, x):\n"
         "        return self.head(self.body(x).squeeze())\n"
         "\n"
         "return Net()"),
        ("too little capacity: two convolutions of one channel each",
         "return nn.Sequential(nn.Conv2d(1, 1, 3, padding=1), nn.ReLU(),\n"
         "                     nn.Conv2d(1, 1, 3, padding=1), nn.ReLU(), nn.MaxPool2d(4),\n"
         "                     nn.Flatten(), nn.Linear(16, 10))"),
        ("a softmax at the end: cross-entropy then sees probabilities, not scores",
         "return nn.Sequential(\n"
         "    nn.Conv2d(1, 16, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),\n"
         "    nn.Conv2d(16, 32, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),\n"
         "    nn.Flatten(), nn.Linear(32 * 4 * 4, 64), nn.ReLU(), nn.Linear(64, 10),\n"
         "    nn.Softmax(dim=1))"),
        ("the same model object on every call",
         "global _cached_model\n"
         "if '_cached_model' not in globals():\n"
         "    _cached_model = nn.Sequential(\n"
         "        nn.Conv2d(1, 16, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),\n"
         "        nn.Conv2d(16, 16, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),\n"
         "        nn.Flatten(), nn.Linear(16 * 4 * 4, 10))\n"
         "return _cached_model"),
    ],
}
