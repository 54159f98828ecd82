"""Plausible wrong answers to the Chapter 12 exercises; each must lose points.

question -> [(what is wrong, code that replaces the solution block of that question)].
The code is written at indentation 0; it is indented to the block's level when substituted.
"""


def _parity(diff: str = "np.abs(candidate - reference)",
            worst: str = "float(diff.max())",
            disagree: str = "reference.argmax(axis=1) != candidate.argmax(axis=1)",
            close: str = "bool(np.all(diff <= atol + rtol * np.abs(reference)))",
            check: bool = True) -> str:
    """The solution of question 1 with one of its parts changed."""
    shapes = ("if reference.shape != candidate.shape:\n"
              "    raise ValueError('shapes differ')\n") if check else ""
    return ("reference = np.asarray(reference, dtype=np.float64)\n"
            "candidate = np.asarray(candidate, dtype=np.float64)\n"
            f"{shapes}"
            f"diff = {diff}\n"
            f"disagree = {disagree}\n"
            f"return {{'max_abs_diff': {worst}, 'n_disagree': int(disagree.sum()),\n"
            f"        'all_close': {close}}}")


def _manifest(present: str = "{p.relative_to(root).as_posix() for p in root.rglob('*') "
                             "if p.is_file()}",
              unlisted: str = "sorted(present - set(listed))",
              digest: str = "hashlib.sha256(data).hexdigest()",
              compare: str = "expected.lower()",
              loop: str = "sorted(listed.items())") -> str:
    """The solution of question 2 with one of its parts changed (whole files read)."""
    return ("root = Path(directory)\n"
            "if not (root / 'manifest.json').is_file():\n"
            "    raise ValueError('manifest.json is missing')\n"
            "listed = json.loads((root / 'manifest.json').read_text())\n"
            f"present = {present}\n"
            "present.discard('manifest.json')\n"
            f"unlisted = {unlisted}\n"
            "if unlisted:\n"
            "    raise ValueError(f'not in the manifest: {unlisted}')\n"
            f"for name, expected in {loop}:\n"
            "    if not (root / name).is_file():\n"
            "        raise ValueError(f'{name} is missing')\n"
            "    data = (root / name).read_bytes()\n"
            f"    if {digest} != {compare}:\n"
            "        raise ValueError(f'{name} was changed')\n"
            "return sorted(listed)")


def _models(age: str = "Field(ge=18, le=100)", income: str = "Field(ge=0, le=1000)",
            debt: str = "Field(ge=0, lt=1)",
            feature: str = "Annotated[float, Field(allow_inf_nan=False)]",
            config: str = "ConfigDict(strict=True, extra='forbid')",
            rows: str = "Field(min_length=1, max_length=64)") -> str:
    """The solution of question 3 with one of its parts changed."""
    return ("from typing import Annotated\n\n"
            "from pydantic import BaseModel, ConfigDict, Field\n\n"
            f"Feature = {feature}\n\n"
            "class Applicant(BaseModel):\n"
            f"    model_config = {config}\n"
            f"    age: Annotated[Feature, {age}]\n"
            f"    income: Annotated[Feature, {income}]\n"
            f"    debt_ratio: Annotated[Feature, {debt}]\n\n"
            "class LoanRequest(BaseModel):\n"
            f"    model_config = {config}\n"
            f"    rows: Annotated[list[Applicant], {rows}]")


def _summary(latencies: str = "1000 * (ends[ok] - starts[ok])",
             span: str = "ends.max() - starts.min()",
             throughput: str = "ok.sum() / span",
             percentiles: str = "np.percentile(latencies_ms, [50, 95, 99])") -> str:
    """The solution of question 4 with one of its parts changed."""
    return ("starts, ends = np.asarray(starts, dtype=float), np.asarray(ends, dtype=float)\n"
            "ok = np.asarray(ok, dtype=bool)\n"
            f"latencies_ms = {latencies}\n"
            f"span = {span}\n"
            "if ok.any():\n"
            f"    p50, p95, p99 = {percentiles}\n"
            "else:\n"
            "    p50 = p95 = p99 = float('nan')\n"
            f"return {{'throughput': float({throughput}), 'p50_ms': float(p50),\n"
            "        'p95_ms': float(p95), 'p99_ms': float(p99),\n"
            "        'error_rate': float(1 - ok.mean())}")


def _ks(points: str = "np.concatenate([a, b])", scale_a: str = "len(a)",
        scale_b: str = "len(b)") -> str:
    """The solution of question 5 with one of its parts changed."""
    return ("a, b = np.sort(np.asarray(a, dtype=float)), np.sort(np.asarray(b, dtype=float))\n"
            f"points = {points}\n"
            f"cdf_a = np.searchsorted(a, points, side='right') / {scale_a}\n"
            f"cdf_b = np.searchsorted(b, points, side='right') / {scale_b}\n"
            "return float(np.max(np.abs(cdf_a - cdf_b)))")


def _alerts(high: str = "score > threshold", fire: str = "run == patience",
            reset: str = "run = 0", record: str = "alerts.append(i)") -> str:
    """The solution of question 6 with one of its parts changed."""
    return ("alerts, run = [], 0\n"
            "for i, score in enumerate(scores):\n"
            f"    run = run + 1 if {high} else 0\n"
            f"    if {fire}:\n"
            f"        {record}\n"
            f"        {reset}\n"
            "return alerts")


def _quantise(scale: str = "w.abs().amax(dim=1) / 127",
              zero: str = "torch.where(scale > 0, scale, torch.ones_like(scale))",
              code: str = "torch.round(w / scale[:, None]).clamp(-127, 127)"
                          ".to(torch.int8)") -> str:
    """The solution of question 7 with one of its parts changed."""
    return ("if scale is None:\n"
            f"    scale = {scale}\n"
            f"    scale = {zero}\n"
            f"q = {code}\n"
            "return q, scale")


WRONG_ANSWERS = {
    "q1": [
        ("all_close by exact equality, as a checksum of the bytes would",
         _parity(close="bool(np.array_equal(reference, candidate))")),
        ("all_close by a relative error that divides by the reference (0 for some logits)",
         _parity(close="bool(np.all((diff / np.abs(reference) <= rtol) | (diff <= atol)))"
                       " and bool(np.all(diff / np.abs(reference) < 1))")),
        ("the mean difference in place of the largest",
         _parity(worst="float(diff.mean())")),
        ("predictions taken over the batch axis", _parity(
            disagree="reference.argmax(axis=0) != candidate.argmax(axis=0)")),
        ("the tolerance scaled by the candidate, np.allclose's arguments swapped",
         _parity(close="bool(np.allclose(reference, candidate, rtol=rtol, atol=atol))")),
        ("no check of the shapes: a (1, C) candidate is broadcast", _parity(check=False)),
    ],
    "q2": [
        ("only the listed files checked: an unlisted file passes",
         _manifest(unlisted="[]")),
        ("only the top folder searched for unlisted files",
         _manifest(present="{p.name for p in root.iterdir() if p.is_file()}")),
        ("glob.glob(recursive=True), which skips hidden files such as .env",
         _manifest(present="{Path(p).relative_to(root).as_posix() for p in "
                           "__import__('glob').glob(str(root / '**' / '*'), recursive=True) "
                           "if Path(p).is_file()}")),
        ("every file named manifest.json exempt, at any depth",
         _manifest(present="{p.relative_to(root).as_posix() for p in root.rglob('*') "
                           "if p.is_file() and p.name != 'manifest.json'}")),
        ("MD5 in place of SHA-256", _manifest(digest="hashlib.md5(data).hexdigest()")),
        ("the first listed file checked, the others trusted",
         _manifest(loop="sorted(listed.items())[:1]")),
        ("digests compared with their case", _manifest(compare="expected")),
        ("the manifest counted as an unlisted file",
         _manifest(unlisted="sorted(present - set(listed) | {'manifest.json'}) "
                            "if 'manifest.json' in {p.name for p in root.iterdir()} "
                            "else []")),
        ("files checked for existence, their content never hashed",
         "root = Path(directory)\n"
         "listed = json.loads((root / 'manifest.json').read_text())\n"
         "for name in listed:\n"
         "    if not (root / name).exists():\n"
         "        raise ValueError(f'{name} is missing')\n"
         "return sorted(listed)"),
    ],
    "q3": [
        ("no limit on the number of rows", _models(rows="Field(min_length=1)")),
        ("an empty batch accepted", _models(rows="Field(max_length=64)")),
        ("ranges checked by comparisons in a validator, which NaN passes",
         "from typing import Annotated\n\n"
         "from pydantic import BaseModel, ConfigDict, Field, field_validator\n\n"
         "LIMITS = {'age': (18, 100), 'income': (0, 1000), 'debt_ratio': (0, 1)}\n\n"
         "class Applicant(BaseModel):\n"
         "    model_config = ConfigDict(strict=True, extra='forbid')\n"
         "    age: float\n"
         "    income: float\n"
         "    debt_ratio: float\n\n"
         "    @field_validator('age', 'income', 'debt_ratio')\n"
         "    @classmethod\n"
         "    def in_range(cls, value, info):\n"
         "        low, high = LIMITS[info.field_name]\n"
         "        if value < low or value > high or (value == 1 and\n"
         "                                           info.field_name == 'debt_ratio'):\n"
         "            raise ValueError(f'{info.field_name} out of range')\n"
         "        return value\n\n"
         "class LoanRequest(BaseModel):\n"
         "    model_config = ConfigDict(strict=True, extra='forbid')\n"
         "    rows: Annotated[list[Applicant], Field(min_length=1, max_length=64)]"),
        ("debt_ratio of 1 accepted: le where the bound is excluded",
         _models(debt="Field(ge=0, le=1)")),
        ("debt_ratio capped at 0.999 in place of excluding 1",
         _models(debt="Field(ge=0, le=0.999)")),
        ("age 18 refused: gt where the bound is included",
         _models(age="Field(gt=18, le=100)")),
        ("strings coerced to numbers: no strict mode",
         _models(config="ConfigDict(extra='forbid')")),
        ("unknown features ignored", _models(config="ConfigDict(strict=True)")),
        ("ints turned into floats in the caller's payload by a validator",
         "from pydantic import model_validator\n\n"
         + _models() + "\n\n"
         "    @model_validator(mode='before')\n"
         "    @classmethod\n"
         "    def as_floats(cls, data):\n"
         "        for row in data.get('rows', []):\n"
         "            for key, value in row.items():\n"
         "                if type(value) is int:\n"
         "                    row[key] = float(value)\n"
         "        return data"),
    ],
    "q4": [
        ("throughput as requests over the sum of their latencies",
         _summary(throughput="ok.sum() / (ends - starts).sum()")),
        ("every request counted in the throughput, failed ones too",
         _summary(throughput="len(ok) / span")),
        ("the span from the first request sent to the last sent",
         _summary(span="ends[-1] - starts[0]")),
        ("the span taken over the successful requests only",
         _summary(span="ends[ok].max() - starts[ok].min() if ok.any() else 1.0")),
        ("percentiles over the failed requests too",
         _summary(latencies="1000 * (ends - starts)")),
        ("latencies left in seconds", _summary(latencies="ends[ok] - starts[ok]")),
        ("p99 taken as the slowest request", _summary(
            percentiles="(*np.percentile(latencies_ms, [50, 95]), latencies_ms.max())")),
    ],
    "q5": [
        ("the distribution functions compared only at the values of a",
         _ks(points="a")),
        ("the largest signed gap F_a - F_b, one side only",
         _ks().replace("np.abs(cdf_a - cdf_b)", "cdf_a - cdf_b")),
        ("distribution functions interpolated linearly between the sorted values",
         "a, b = np.sort(np.asarray(a, dtype=float)), np.sort(np.asarray(b, dtype=float))\n"
         "points = np.concatenate([a, b])\n"
         "cdf_a = np.interp(points, a, np.arange(1, len(a) + 1) / len(a), left=0.0)\n"
         "cdf_b = np.interp(points, b, np.arange(1, len(b) + 1) / len(b), left=0.0)\n"
         "return float(np.max(np.abs(cdf_a - cdf_b)))"),
        ("counts left unnormalised", _ks(scale_a="1", scale_b="1")),
        ("the difference of the means", "return float(abs(np.mean(a) - np.mean(b)))"),
        ("SciPy's own test, which the question does not allow",
         "from scipy.stats import ks_2samp\n"
         "return float(ks_2samp(a, b).statistic)"),
        ("a walk through the pooled sorted values, one value at a time",
         "pooled = sorted([(float(x), 0) for x in a] + [(float(x), 1) for x in b])\n"
         "seen, best = [0, 0], 0.0\n"
         "for _, which in pooled:\n"
         "    seen[which] += 1\n"
         "    best = max(best, abs(seen[0] / len(a) - seen[1] / len(b)))\n"
         "return best"),
    ],
    "q6": [
        ("an alert at any single window over the threshold", _alerts(fire="run >= 1")),
        ("a score equal to the threshold counted as high",
         _alerts(high="score >= threshold")),
        ("no reset: every window of a long run fires", _alerts(fire="run >= patience",
                                                              reset="pass")),
        ("one window short: patience - 1 high windows fire", _alerts(fire="run == patience - 1"
                                                                    " or patience == 1")),
        ("the mean of the last windows compared with the threshold",
         "alerts = []\n"
         "for i in range(patience - 1, len(scores)):\n"
         "    if np.mean(scores[i - patience + 1:i + 1]) > threshold:\n"
         "        alerts.append(i)\n"
         "return alerts"),
        ("the alert placed at the start of the run",
         _alerts(record="alerts.append(i - patience + 1)")),
    ],
    "q7": [
        ("one scale for the whole matrix",
         _quantise(scale="w.abs().max().repeat(w.shape[0]) / 127")),
        ("codes clipped to [-128, 127], the full int8 range",
         _quantise(code="torch.round(w / scale[:, None]).clamp(-128, 127).to(torch.int8)")),
        ("codes rounded down", _quantise(
            code="torch.floor(w / scale[:, None]).clamp(-127, 127).to(torch.int8)")),
        ("128 levels in the scale", _quantise(scale="w.abs().amax(dim=1) / 128")),
        ("a zero row divided by zero", _quantise(zero="scale")),
        ("no clipping: codes beyond 127 wrap around",
         _quantise(code="torch.round(w / scale[:, None]).to(torch.int8)")),
        ("codes truncated towards zero by the cast",
         _quantise(code="(w / scale[:, None]).clamp(-127, 127).to(torch.int8)")),
        ("the row maximum taken without the absolute value",
         _quantise(scale="w.amax(dim=1) / 127")),
        ("torch.quantize_per_channel, which the question does not allow",
         "if scale is None:\n"
         "    scale = w.abs().amax(dim=1) / 127\n"
         "    scale = torch.where(scale > 0, scale, torch.ones_like(scale))\n"
         "zeros = torch.zeros(len(scale), dtype=torch.long)\n"
         "codes = torch.quantize_per_channel(w.float(), scale.double(), zeros, 0, "
         "torch.qint8)\n"
         "return codes.int_repr().clamp(-127, 127), scale"),
        ("torchao's affine primitives, which the question does not allow",
         "from torchao.quantization.quant_primitives import (MappingType,\n"
         "    choose_qparams_affine, quantize_affine)\n"
         "block = (1, w.shape[1])\n"
         "if scale is None:\n"
         "    scale, _ = choose_qparams_affine(w, MappingType.SYMMETRIC, block, torch.int8,\n"
         "                                     -127, 127)\n"
         "    scale = torch.where(w.abs().amax(dim=1) > 0, scale, torch.ones_like(scale))\n"
         "q = quantize_affine(w, block, scale, torch.zeros(len(scale), dtype=torch.int64),\n"
         "                    torch.int8, -127, 127)\n"
         "return q, scale"),
    ],
}
