"""Plausible weak submissions to the Chapter 14 capstone; each must lose points.

question -> [(what is wrong, code that replaces the solution block of that question)].
The code is written at indentation 0; it is indented to the block's level when substituted.
Each question's block is replaced alone, so a wrong model (question 1) is trained here in
a few seconds, and the other questions are judged against the reference model.
"""

_FIT = (  # trains `net` on (features(X_train), y_train) with Adam; a few seconds
    "opt = torch.optim.Adam(net.parameters(), lr=0.01)\n"
    "x, y = torch.from_numpy(X_train), torch.from_numpy(y_train)\n"
    "for _ in range({epochs}):\n"
    "    for idx in torch.randperm(len(x)).split(256):\n"
    "        loss = F.cross_entropy(net(x[idx]), y[idx])\n"
    "        opt.zero_grad()\n"
    "        loss.backward()\n"
    "        opt.step()\n"
    "model = net.eval()\n"
)

_FIT_T = (  # the solution's temperature fit, on logits of the given images
    "with torch.no_grad():\n"
    "    fit_logits = model(torch.from_numpy({x}))\n"
    "log_t = torch.zeros(1, requires_grad=True)\n"
    "opt = torch.optim.LBFGS([log_t], lr=0.1, max_iter=100)\n"
    "def closure():\n"
    "    opt.zero_grad()\n"
    "    loss = F.cross_entropy(fit_logits / log_t.exp(), torch.from_numpy({y}))\n"
    "    loss.backward()\n"
    "    return loss\n"
    "opt.step(closure)\n"
    "temperature = {value}\n"
)


def _predict(checks: str = "full", probs: str = "torch.softmax(logits / temperature, 1)",
             result: str = "best, index = probs.max(dim=1)") -> str:
    """The solution of question 4 with its checks or its outputs changed."""
    full = (
        "if not isinstance(images, np.ndarray):\n"
        "    raise ValueError('not an array')\n"
        "if images.dtype not in (np.float32, np.float64):\n"
        "    raise ValueError(f'dtype {images.dtype}')\n"
        "if images.ndim != 4 or images.shape[1:] != (3, SIZE, SIZE) or not len(images):\n"
        "    raise ValueError(f'shape {images.shape}')\n"
        "if not np.isfinite(images).all():\n"
        "    raise ValueError('NaN or infinite pixels')\n"
        "if images.min() < 0 or images.max() > 1:\n"
        "    raise ValueError('pixels outside [0, 1]')\n")
    check_code = {"full": full, "none": "",
                  "no nan": full.replace("if not np.isfinite(images).all():\n"
                                         "    raise ValueError('NaN or infinite pixels')\n",
                                         ""),
                  "assert": full.replace("raise ValueError(", "raise AssertionError("),
                  "uint8 scaled": "if images.dtype == np.uint8:\n"
                                  "    images = images / 255.0\n"
                                  + full.replace("np.float32, np.float64",
                                                 "np.float32, np.float64, np.uint8")}[checks]
    return (check_code
            + "with torch.no_grad():\n"
              "    logits = model(torch.from_numpy(images.astype(np.float32)))\n"
            f"probs = {probs}\n"
            f"{result}\n"
              "return [{'label': CLASSES[i], 'probability': float(p)}\n"
              "        for i, p in zip(index.tolist(), best.tolist())]")


def _card(**changes: str) -> str:
    """The solution of question 5 with some entries of the card changed."""
    entries = {
        "name": "'shapes-4'", "version": "'1.0.0'",
        "intended_use": "'Teaching: classify synthetic images of four shapes.'",
        "classes": "list(CLASSES)",
        "input": "'float32 (N, 3, 24, 24) in [0, 1], normalised inside the model'",
        "training_data": "'4,000 images from make_shapes, seed 1401'",
        "metrics": "{'accuracy': float((raw.argmax(1) == y_test).mean()), "
                   "'ece': ece(calibrated, y_test), 'ece_uncalibrated': ece(raw, y_test), "
                   "'n_test': len(y_test)}",
        "limitations": "'Synthetic shapes only; pentagons and hexagons are confused.'",
    }
    entries.update(changes)
    body = "".join(f"    {k!r}: {v},\n" for k, v in entries.items())
    return ("def ece(probs, labels, n_bins=15):\n"
            "    confidence, predicted = probs.max(axis=1), probs.argmax(axis=1)\n"
            "    bins = np.clip(np.ceil(confidence * n_bins).astype(int) - 1, 0, n_bins - 1)\n"
            "    total = 0.0\n"
            "    for b in set(bins.tolist()):\n"
            "        m = bins == b\n"
            "        gap = (predicted[m] == labels[m]).mean() - confidence[m].mean()\n"
            "        total += m.mean() * abs(gap)\n"
            "    return float(total)\n"
            "with torch.no_grad():\n"
            "    test_logits = model(torch.from_numpy(X_test))\n"
            "raw = torch.softmax(test_logits, 1).numpy()\n"
            "calibrated = torch.softmax(test_logits / temperature, 1).numpy()\n"
            f"model_card = {{\n{body}}}")


WRONG_ANSWERS: dict[str, list[tuple[str, str]]] = {
    "q1": [
        ("a model that only learnt the background colour: the channels' mean and std",
         "class ColourOnly(nn.Module):\n"
         "    def __init__(self):\n"
         "        super().__init__()\n"
         "        self.linear = nn.Linear(6, 4)\n"
         "    def forward(self, x):\n"
         "        f = torch.cat([x.mean(dim=(2, 3)), x.std(dim=(2, 3))], dim=1)\n"
         "        return self.linear((f - 0.5) * 4)\n"
         "net = ColourOnly()\n" + _FIT.format(epochs=20)),
        ("a model that memorised the training set: the nearest training image's label",
         "class Nearest(nn.Module):\n"
         "    def __init__(self):\n"
         "        super().__init__()\n"
         "        self.register_buffer('x', torch.from_numpy(X_train).flatten(1))\n"
         "        self.register_buffer('y', torch.from_numpy(y_train))\n"
         "    def forward(self, images):\n"
         "        nearest = torch.cdist(images.flatten(1), self.x).argmin(dim=1)\n"
         "        return F.one_hot(self.y[nearest], 4).float() * 10\n"
         "model = Nearest().eval()"),
        ("a linear model on raw pixels, trained for three epochs",
         "net = nn.Sequential(nn.Flatten(), nn.Linear(3 * SIZE * SIZE, 4))\n"
         + _FIT.format(epochs=3)),
        ("the majority class, whatever the image",
         "class Constant(nn.Module):\n"
         "    def forward(self, x):\n"
         "        return torch.tensor([[1.0, 0.0, 0.0, 0.0]]).repeat(len(x), 1)\n"
         "model = Constant()"),
        ("a small CNN without batch norm, stopped after one epoch",
         "net = nn.Sequential(nn.Conv2d(3, 8, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),\n"
         "                    nn.Conv2d(8, 16, 3, padding=1), nn.ReLU(),\n"
         "                    nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Linear(16, 4))\n"
         + _FIT.format(epochs=1)),
    ],
    "q2": [
        ("an export that drops the normalisation: only the layers after it",
         "onnx_path = str(work_dir / 'no_norm.onnx')\n"
         "inner = nn.Sequential(model.features, model.head).eval()\n"
         "torch.onnx.export(inner, (torch.from_numpy(X_val[:2]),), onnx_path,\n"
         "                  dynamic_shapes=({0: torch.export.Dim('batch')},))"),
        ("the batch size fixed at the example's 2 images",
         "onnx_path = str(work_dir / 'fixed.onnx')\n"
         "torch.onnx.export(model, (torch.from_numpy(X_val[:2]),), onnx_path)"),
        ("a freshly built, untrained network exported instead of the trained one",
         "onnx_path = str(work_dir / 'fresh.onnx')\n"
         "fresh = ShapeNet(X_train.mean(axis=(0, 2, 3)), X_train.std(axis=(0, 2, 3)))\n"
         "torch.onnx.export(fresh.eval(), (torch.from_numpy(X_val[:2]),), onnx_path,\n"
         "                  dynamic_shapes=({0: torch.export.Dim('batch')},))"),
        ("the normalisation redone outside with 0.5 and 0.5 instead of the training stats",
         "class Half(nn.Module):\n"
         "    def __init__(self, net):\n"
         "        super().__init__()\n"
         "        self.net = net\n"
         "    def forward(self, x):\n"
         "        return self.net.head(self.net.features((x - 0.5) / 0.5))\n"
         "onnx_path = str(work_dir / 'half.onnx')\n"
         "torch.onnx.export(Half(model).eval(), (torch.from_numpy(X_val[:2]),), onnx_path,\n"
         "                  dynamic_shapes=({0: torch.export.Dim('batch')},))"),
        ("the path of a file never written",
         "onnx_path = str(work_dir / 'model_not_written.onnx')"),
    ],
    "q3": [
        ("no calibration: T = 1",
         "temperature = 1.0"),
        ("the fitted temperature inverted: logits multiplied by T instead of divided",
         _FIT_T.format(x="X_val", y="y_val", value="1 / log_t.detach().exp().item()")),
        ("T chosen by the validation accuracy, which T never changes: the first of the grid",
         "with torch.no_grad():\n"
         "    val_logits = model(torch.from_numpy(X_val))\n"
         "grid = [0.1 * k for k in range(1, 50)]\n"
         "scores = [(val_logits / t).argmax(1).eq(torch.from_numpy(y_val)).float().mean()\n"
         "          for t in grid]\n"
         "temperature = grid[int(np.argmax(scores))]"),
        ("a negative temperature",
         _FIT_T.format(x="X_val", y="y_val", value="-log_t.detach().exp().item()")),
    ],
    "q4": [
        ("a predict that crashes on a batch of one: the probabilities squeezed",
         _predict(result="best, index = probs.squeeze().max(dim=-1)")),
        ("no checks at all: malformed input reaches the model",
         _predict(checks="none")),
        ("the uncalibrated probability",
         _predict(probs="torch.softmax(logits, 1)")),
        ("a NaN pixel is not refused",
         _predict(checks="no nan")),
        ("AssertionError instead of ValueError",
         _predict(checks="assert")),
        ("uint8 pixels silently divided by 255 instead of refused",
         _predict(checks="uint8 scaled")),
        ("the probability of the first class, not the predicted one",
         _predict(result="best, index = probs[:, 0], probs.argmax(dim=1)")),
        ("the model put back in training mode: batch norm uses each batch's statistics",
         "model.train()\n" + _predict()),
    ],
    "q5": [
        ("the accuracy as a percentage",
         _card(metrics="{'accuracy': 100 * float((raw.argmax(1) == y_test).mean()), "
                       "'ece': ece(calibrated, y_test), "
                       "'ece_uncalibrated': ece(raw, y_test), 'n_test': len(y_test)}")),
        ("the uncalibrated ECE recorded as the calibrated one",
         _card(metrics="{'accuracy': float((raw.argmax(1) == y_test).mean()), "
                       "'ece': ece(raw, y_test), 'ece_uncalibrated': ece(raw, y_test), "
                       "'n_test': len(y_test)}")),
        ("metrics typed in from a hoped-for result",
         _card(metrics="{'accuracy': 0.99, 'ece': 0.01, 'ece_uncalibrated': 0.05, "
                       "'n_test': 1000}")),
        ("metrics measured on 200 test images: too few to compare with the grader's",
         _card(metrics="{'accuracy': float((raw[:200].argmax(1) == y_test[:200]).mean()), "
                       "'ece': ece(calibrated[:200], y_test[:200]), "
                       "'ece_uncalibrated': ece(raw[:200], y_test[:200]), 'n_test': 200}")),
        ("no limitations written",
         _card(limitations="''")),
        ("the classes in alphabetical order",
         _card(classes="sorted(CLASSES)")),
        ("the intended use and limitations left as 'TODO'",
         _card(intended_use="'TODO'", limitations="'TODO'")),
    ],
}
