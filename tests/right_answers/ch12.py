"""Right answers to the Chapter 12 exercises in other valid styles; each must keep full marks.

question -> [(what makes it different, code that replaces the solution block of that
question)], written at indentation 0 as in ``tests/wrong_answers/``.
"""

RIGHT_ANSWERS: dict[str, list[tuple[str, str]]] = {
    "q1": [
        ("the difference in the inputs' own dtype, float32 left as float32",
         "if reference.shape != candidate.shape:\n"
         "    raise ValueError(f'{reference.shape} vs {candidate.shape}')\n"
         "gap = np.abs(candidate - reference)\n"
         "return {'max_abs_diff': float(gap.max()),\n"
         "        'n_disagree': int((reference.argmax(1) != candidate.argmax(1)).sum()),\n"
         "        'all_close': bool(np.allclose(candidate, reference, rtol=rtol, "
         "atol=atol))}"),
        ("torch tensors, torch.allclose with the reference second",
         "r = torch.as_tensor(np.asarray(reference), dtype=torch.float64)\n"
         "c = torch.as_tensor(np.asarray(candidate), dtype=torch.float64)\n"
         "if r.shape != c.shape:\n"
         "    raise ValueError(f'{tuple(r.shape)} != {tuple(c.shape)}')\n"
         "return {'max_abs_diff': (c - r).abs().max().item(),\n"
         "        'n_disagree': int((r.argmax(1) != c.argmax(1)).sum().item()),\n"
         "        'all_close': torch.allclose(c, r, rtol=rtol, atol=atol)}"),
        ("loops over rows and entries in Python floats",
         "import math\n"
         "if np.shape(reference) != np.shape(candidate):\n"
         "    raise ValueError('the two arrays differ in shape')\n"
         "worst, disagree, close = 0.0, 0, True\n"
         "for r_row, c_row in zip(np.asarray(reference).tolist(),\n"
         "                        np.asarray(candidate).tolist()):\n"
         "    disagree += r_row.index(max(r_row)) != c_row.index(max(c_row))\n"
         "    for r, c in zip(r_row, c_row):\n"
         "        gap = abs(c - r)\n"
         "        worst = math.nan if gap != gap or worst != worst else max(worst, gap)\n"
         "        close = close and gap <= atol + rtol * abs(r)\n"
         "return {'max_abs_diff': worst, 'n_disagree': disagree, 'all_close': close}"),
        ("np.allclose and np.max of the absolute difference",
         "reference, candidate = np.asarray(reference), np.asarray(candidate)\n"
         "if reference.shape != candidate.shape:\n"
         "    raise ValueError('shape mismatch')\n"
         "delta = candidate.astype(float) - reference.astype(float)\n"
         "return {'max_abs_diff': float(np.max(np.abs(delta))),\n"
         "        'n_disagree': int(np.count_nonzero(np.argmax(reference, -1)\n"
         "                                           != np.argmax(candidate, -1))),\n"
         "        'all_close': bool(np.allclose(candidate, reference, rtol, atol))}"),
    ],
    "q2": [
        ("os.walk and hashlib.file_digest, digests compared in capitals",
         "import os\n"
         "root = str(directory)\n"
         "path = os.path.join(root, 'manifest.json')\n"
         "if not os.path.exists(path):\n"
         "    raise ValueError(f'no manifest.json in {root}')\n"
         "with open(path) as file:\n"
         "    listed = json.load(file)\n"
         "for folder, _, names in os.walk(root):\n"
         "    for n in names:\n"
         "        rel = os.path.relpath(os.path.join(folder, n), root).replace(os.sep, '/')\n"
         "        if rel != 'manifest.json' and rel not in listed:\n"
         "            raise ValueError(f'unexpected file {rel}')\n"
         "for rel, digest in listed.items():\n"
         "    full = os.path.join(root, *rel.split('/'))\n"
         "    if not os.path.isfile(full):\n"
         "        raise ValueError(f'missing file {rel}')\n"
         "    with open(full, 'rb') as file:\n"
         "        got = hashlib.file_digest(file, 'sha256').hexdigest()\n"
         "    if got.upper() != digest.upper():\n"
         "        raise ValueError(f'checksum mismatch for {rel}')\n"
         "return sorted(listed)"),
        ("every problem collected, then one error that lists them all",
         "root = Path(directory)\n"
         "if not (root / 'manifest.json').exists():\n"
         "    raise ValueError('manifest.json not found')\n"
         "listed = {k: v.lower() for k, v in\n"
         "          json.loads((root / 'manifest.json').read_bytes()).items()}\n"
         "problems = []\n"
         "for p in sorted(root.glob('**/*')):\n"
         "    rel = p.relative_to(root).as_posix()\n"
         "    if p.is_file() and rel != 'manifest.json' and rel not in listed:\n"
         "        problems.append(f'{rel}: not listed')\n"
         "for rel, expected in listed.items():\n"
         "    if not (root / rel).is_file():\n"
         "        problems.append(f'{rel}: missing')\n"
         "        continue\n"
         "    h = hashlib.sha256()\n"
         "    with (root / rel).open('rb') as f:\n"
         "        for block in iter(lambda: f.read(65536), b''):\n"
         "            h.update(block)\n"
         "    if h.hexdigest() != expected:\n"
         "        problems.append(f'{rel}: digest differs')\n"
         "if problems:\n"
         "    raise ValueError('; '.join(problems))\n"
         "return sorted(listed)"),
    ],
    "q3": [
        ("field validators that raise ValueError, strict floats",
         "import math\n\n"
         "from pydantic import BaseModel, ConfigDict, field_validator\n\n"
         "RANGES = {'age': (18, 100, True), 'income': (0, 1000, True),\n"
         "          'debt_ratio': (0, 1, False)}\n\n"
         "class Applicant(BaseModel):\n"
         "    model_config = ConfigDict(strict=True, extra='forbid')\n"
         "    age: float\n"
         "    income: float\n"
         "    debt_ratio: float\n\n"
         "    @field_validator('age', 'income', 'debt_ratio')\n"
         "    @classmethod\n"
         "    def in_range(cls, value, info):\n"
         "        low, high, inclusive = RANGES[info.field_name]\n"
         "        if not math.isfinite(value):\n"
         "            raise ValueError(f'{info.field_name} must be finite')\n"
         "        if value < low or value > high or (value == high and not inclusive):\n"
         "            raise ValueError(f'{info.field_name} out of range')\n"
         "        return value\n\n"
         "class LoanRequest(BaseModel):\n"
         "    model_config = ConfigDict(strict=True, extra='forbid')\n"
         "    rows: list[Applicant]\n\n"
         "    @field_validator('rows')\n"
         "    @classmethod\n"
         "    def batch_size(cls, rows):\n"
         "        if not 1 <= len(rows) <= 64:\n"
         "            raise ValueError(f'rows: 1 to 64 applicants, got {len(rows)}')\n"
         "        return rows"),
        ("pydantic's constrained types, confloat and conlist",
         "from pydantic import BaseModel, confloat, conlist\n\n"
         "class Applicant(BaseModel, extra='forbid'):\n"
         "    age: confloat(strict=True, ge=18, le=100, allow_inf_nan=False)\n"
         "    income: confloat(strict=True, ge=0, le=1000, allow_inf_nan=False)\n"
         "    debt_ratio: confloat(strict=True, ge=0, lt=1, allow_inf_nan=False)\n\n"
         "class LoanRequest(BaseModel, extra='forbid', strict=True):\n"
         "    rows: conlist(Applicant, min_length=1, max_length=64)"),
    ],
    "q4": [
        ("nearest-rank percentiles, a loop over the requests",
         "import math\n"
         "latencies, successes = [], 0\n"
         "for s, e, good in zip(starts, ends, ok):\n"
         "    if good:\n"
         "        successes += 1\n"
         "        latencies.append((e - s) * 1000.0)\n"
         "latencies.sort()\n"
         "def rank(q):\n"
         "    if not latencies:\n"
         "        return float('nan')\n"
         "    return latencies[max(0, math.ceil(q * len(latencies)) - 1)]\n"
         "span = max(ends) - min(starts)\n"
         "return {'throughput': successes / span, 'p50_ms': rank(0.5),\n"
         "        'p95_ms': rank(0.95), 'p99_ms': rank(0.99),\n"
         "        'error_rate': 1 - successes / len(ok)}"),
        ("torch.quantile, in float64",
         "s = torch.as_tensor(np.asarray(starts, dtype=float))\n"
         "e = torch.as_tensor(np.asarray(ends, dtype=float))\n"
         "good = torch.as_tensor(np.asarray(ok, dtype=bool))\n"
         "lat = (e - s)[good] * 1e3\n"
         "if len(lat):\n"
         "    p = torch.quantile(lat, torch.tensor([0.5, 0.95, 0.99], dtype=lat.dtype))\n"
         "    p50, p95, p99 = p.tolist()\n"
         "else:\n"
         "    p50 = p95 = p99 = float('nan')\n"
         "return {'throughput': good.sum().item() / (e.max() - s.min()).item(),\n"
         "        'p50_ms': p50, 'p95_ms': p95, 'p99_ms': p99,\n"
         "        'error_rate': (~good).double().mean().item()}"),
        ("np.percentile with the Hazen convention",
         "starts, ends, ok = np.asarray(starts), np.asarray(ends), np.asarray(ok, bool)\n"
         "lat = (ends - starts)[ok] * 1000\n"
         "p = (np.percentile(lat, [50, 95, 99], method='hazen') if lat.size\n"
         "     else [np.nan] * 3)\n"
         "return dict(throughput=ok.sum() / (ends.max() - starts.min()),\n"
         "            p50_ms=p[0], p95_ms=p[1], p99_ms=p[2],\n"
         "            error_rate=np.count_nonzero(~ok) / ok.size)"),
    ],
    "q5": [
        ("plain Python: the values <= each pooled value counted one by one",
         "a, b = [float(x) for x in a], [float(x) for x in b]\n"
         "best = 0.0\n"
         "for v in a + b:\n"
         "    share_a = sum(1 for x in a if x <= v) / len(a)\n"
         "    share_b = sum(1 for x in b if x <= v) / len(b)\n"
         "    best = max(best, abs(share_a - share_b))\n"
         "return best"),
        ("the distribution functions' left limits, searchsorted side='left'",
         "a, b = np.sort(a), np.sort(b)\n"
         "x = np.concatenate([a, b])\n"
         "gap = np.searchsorted(a, x, 'left') / a.size - np.searchsorted(b, x, 'left') / b.size\n"
         "return float(np.abs(gap).max())"),
        ("unique pooled values and cumulative counts",
         "a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)\n"
         "values = np.unique(np.concatenate([a, b]))\n"
         "count_a = np.array([np.sum(a <= v) for v in values])\n"
         "count_b = np.array([np.sum(b <= v) for v in values])\n"
         "return float(np.abs(count_a / a.size - count_b / b.size).max())"),
        ("a merge walk that takes every tied value at once",
         "import math\n"
         "xs, ys = sorted(float(v) for v in a), sorted(float(v) for v in b)\n"
         "i = j = 0\n"
         "best = 0.0\n"
         "while i < len(xs) or j < len(ys):\n"
         "    v = min(xs[i] if i < len(xs) else math.inf, ys[j] if j < len(ys) else math.inf)\n"
         "    while i < len(xs) and xs[i] == v:\n"
         "        i += 1\n"
         "    while j < len(ys) and ys[j] == v:\n"
         "        j += 1\n"
         "    best = max(best, abs(i / len(xs) - j / len(ys)))\n"
         "return best"),
        ("torch.searchsorted with right=True",
         "ta = torch.sort(torch.as_tensor(np.asarray(a, dtype=float))).values\n"
         "tb = torch.sort(torch.as_tensor(np.asarray(b, dtype=float))).values\n"
         "x = torch.cat([ta, tb])\n"
         "fa = torch.searchsorted(ta, x, right=True) / len(ta)\n"
         "fb = torch.searchsorted(tb, x, right=True) / len(tb)\n"
         "return (fa - fb).abs().max().item()"),
    ],
    "q6": [
        ("the indices returned as a NumPy array, float when empty",
         "alerts, run = [], 0\n"
         "for i, value in enumerate(np.asarray(scores, dtype=float)):\n"
         "    run = run + 1 if value > threshold else 0\n"
         "    if run >= patience:\n"
         "        alerts.append(i)\n"
         "        run = 0\n"
         "return np.array(alerts)"),
        ("windows of length patience checked after the last alert, in NumPy",
         "high = np.asarray(scores, dtype=float) > threshold\n"
         "alerts, last = [], -1\n"
         "for i in range(len(high)):\n"
         "    first = i - patience + 1\n"
         "    if first > last and first >= 0 and high[first:i + 1].all():\n"
         "        alerts.append(i)\n"
         "        last = i\n"
         "return alerts"),
        ("a run length kept in an array, indices from np.flatnonzero",
         "high = np.greater(np.asarray(scores, dtype=float), threshold)\n"
         "fired = np.zeros(len(high), dtype=bool)\n"
         "run = 0\n"
         "for i, h in enumerate(high):\n"
         "    run = run + 1 if h else 0\n"
         "    if run == patience:\n"
         "        fired[i], run = True, 0\n"
         "return np.flatnonzero(fired).tolist()"),
    ],
    "q7": [
        ("NumPy in float64, halves rounded away from zero, cast back to tensors",
         "x = w.detach().numpy().astype(np.float64)\n"
         "if scale is None:\n"
         "    s = np.abs(x).max(axis=1) / 127.0\n"
         "    s[s == 0] = 1.0\n"
         "    scale = torch.tensor(s, dtype=w.dtype)\n"
         "ratio = x / scale.numpy().astype(np.float64)[:, None]\n"
         "codes = np.sign(ratio) * np.floor(np.abs(ratio) + 0.5)\n"
         "q = torch.from_numpy(np.clip(codes, -127, 127).astype(np.int8))\n"
         "return q, scale"),
        ("a loop over the rows, torch.clip and a division guarded row by row",
         "rows, scales = [], []\n"
         "for i, row in enumerate(w):\n"
         "    s = row.abs().max() / 127 if scale is None else scale[i]\n"
         "    if s == 0:\n"
         "        s = torch.tensor(1.0, dtype=w.dtype)\n"
         "    rows.append(torch.clip(torch.round(row / s), -127, 127).to(torch.int8))\n"
         "    scales.append(s)\n"
         "return torch.stack(rows), torch.stack(scales)"),
    ],
}
