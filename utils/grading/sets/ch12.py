"""Tests of the Chapter 12 exercises (``solutions/12_deployment.md``).

Expected values come from elsewhere than the solutions' code, here in the grader: the
parity report entry by entry in Python floats; artefact directories written here, with
their digests from ``hashlib`` over the whole bytes, then tampered with; payloads that
are valid or break one stated rule each, judged by what pydantic does with them in the
student's kernel; load-test timestamps whose percentiles are bracketed by the sorted
latencies' neighbouring ranks; ``scipy.stats.ks_2samp`` for the KS statistic; the alert
rule as a loop over the windows; and the int8 codes in float64 with the scale's rule
written out.

Question 1 redoes the chapter's parity check (a warm-up); 2 to 7 carry its ideas to cases
it did not code: a manifest over every file of an artefact, a request model for tabular
inputs, a load test's summary from its timestamps, the two-sample KS statistic by hand,
an alert rule over drift scores, and symmetric int8 quantisation per output channel.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import math
import shutil
import tempfile
from contextlib import contextmanager
from pathlib import Path

import numpy as np
import torch

from utils.grading.expect import as_array, as_number, assert_close, assert_integer
from utils.grading.namespace import StudentError
from utils.grading.registry import ExerciseSet

ex = ExerciseSet("ch12", title="Chapter 12 exercises")


def _refused(call, kind: str, names: list[str], what: str) -> None:
    """``call()`` raises ``kind`` in the student's code, with a message naming a file."""
    try:
        got = call()
    except StudentError as error:
        if not error.raised(kind):
            raise AssertionError(f"{what} raised {error}; expected a {kind}") from None
        if names and not any(name in str(error) for name in names):
            raise AssertionError(f"{what} raised {error}, whose message does not name "
                                 f"{' or '.join(names)}: say which file is wrong") from None
        return
    raise AssertionError(f"{what} returned {got!r}; expected it to raise a {kind}")


# --- q1: a parity report -----------------------------------------------------------------

ex.question("q1", "A parity report", hints=[
    "np.abs(candidate - reference) holds every difference; its .max() is the first entry. "
    "Compute it in float64 so that float32 inputs do not round the difference itself.",
    "The prediction of a row is its argmax over the classes: axis=1, not axis=0. Count "
    "the rows where the two argmaxes differ, and return a Python int.",
    "all_close: np.all(diff <= atol + rtol * np.abs(reference)), with the reference's "
    "magnitude, never a division by it (logits can be 0). Check the shapes first.",
])

PARITY_KEYS = ("max_abs_diff", "n_disagree", "all_close")


def _parity(reference: np.ndarray, candidate: np.ndarray, atol: float, rtol: float):
    worst, disagree, close = 0.0, 0, True
    for r_row, c_row in zip(reference.tolist(), candidate.tolist(), strict=True):
        disagree += int(np.argmax(r_row)) != int(np.argmax(c_row))
        for r, c in zip(r_row, c_row, strict=True):
            gap = abs(c - r)
            worst = math.nan if math.isnan(gap) or math.isnan(worst) else max(worst, gap)
            close = close and gap <= atol + rtol * abs(r)
    return {"max_abs_diff": worst, "n_disagree": disagree, "all_close": close}


def _check_parity(ns, reference, candidate, what, atol=None, rtol=None) -> None:
    reference, candidate = np.asarray(reference), np.asarray(candidate)
    kwargs = {k: v for k, v in (("atol", atol), ("rtol", rtol)) if v is not None}
    got = ns.function("parity_report")(reference, candidate, **kwargs)
    if not isinstance(got, dict) or set(got) != set(PARITY_KEYS):
        keys = sorted(got) if isinstance(got, dict) else type(got).__name__
        raise AssertionError(f"{what} returned {keys}; expected a dict with the keys "
                             f"{', '.join(PARITY_KEYS)}")
    expected = _parity(reference.astype(np.float64), candidate.astype(np.float64),
                       1e-4 if atol is None else atol, 1e-5 if rtol is None else rtol)
    worst = as_number(got["max_abs_diff"], f"{what}['max_abs_diff']")
    if math.isnan(expected["max_abs_diff"]):
        if not math.isnan(worst):
            raise AssertionError(f"{what}['max_abs_diff'] returned {worst}, expected NaN: "
                                 "an entry of the candidate is NaN")
    else:
        # float32 arrays subtracted in float32 round the difference by up to 6e-8 of it
        assert_close(worst, expected["max_abs_diff"], f"{what}['max_abs_diff']",
                     rtol=1e-6, atol=1e-12)
    if not np.isnan(candidate.astype(np.float64)).any():  # NaN has no agreed argmax
        assert_integer(got["n_disagree"], expected["n_disagree"], f"{what}['n_disagree']")
    close = got["all_close"]
    if not isinstance(close, (bool, np.bool_)):
        raise AssertionError(f"{what}['all_close'] returned {close!r}; expected a bool")
    if bool(close) != expected["all_close"]:
        raise AssertionError(f"{what}['all_close'] returned {bool(close)}, expected "
                             f"{expected['all_close']}: the rule is |c - r| <= atol + "
                             "rtol * |r| for every entry, r the reference")


@ex.test("q1", points=0.5)
def parity_of_a_small_example(ns):
    """3 rows of 4 logits, one prediction changed, references that are 0"""
    reference = np.array([[0.0, 2.0, -1.0, 0.5], [1.0, 0.0, 3.0, 0.0],
                          [0.2, 0.1, 0.0, -0.4]])
    candidate = reference + np.array([[5e-5, -2e-5, 0, 1e-5], [0, 3e-5, 0, -6e-5],
                                      [-0.06, 0.06, 0, 0]])
    _check_parity(ns, reference, candidate, "parity_report(3 x 4 logits, one row moved "
                  "by 0.06)")
    _check_parity(ns, reference, candidate, "parity_report(the same, atol=0.1)", atol=0.1)


@ex.test("q1", points=0.5)
def parity_of_copies_and_of_float32(ns):
    """a copy (all close, 0 disagreements); float32 against float64 logits"""
    rng = np.random.default_rng(1)
    reference = rng.normal(0, 3, (50, 10))
    _check_parity(ns, reference, reference.copy(), "parity_report(x, a copy of x)")
    _check_parity(ns, reference, reference.astype(np.float32), "parity_report(float64 "
                  "logits, the same logits in float32)")


@ex.test("q1", points=0.25, hidden=True)
def parity_of_different_shapes(ns):
    """(8, 10) against (8, 9) or (1, 10): a ValueError, never a broadcast"""
    f = ns.function("parity_report")
    reference = np.zeros((8, 10))
    for shape in ((8, 9), (1, 10)):
        _refused(lambda s=shape: f(reference, np.zeros(s)), "ValueError", [],
                 f"parity_report(logits (8, 10), logits {shape})")


@ex.test("q1", points=0.25, hidden=True)
def parity_at_the_tolerance_and_with_nan(ns):
    """|c - r| equal to rtol * |r| (close) but above rtol * |c|; a NaN; 2,000 rows"""
    reference = np.array([[8.0, 1.0], [-8.0, 0.0]])
    candidate = np.array([[6.0, 1.0], [-6.0, 0.0]])
    _check_parity(ns, reference, candidate, "parity_report([[8, 1], [-8, 0]], [[6, 1], "
                  "[-6, 0]], atol=0, rtol=0.25)", atol=0.0, rtol=0.25)
    _check_parity(ns, candidate, reference, "parity_report([[6, 1], [-6, 0]], [[8, 1], "
                  "[-8, 0]], atol=0, rtol=0.25)", atol=0.0, rtol=0.25)
    nan = np.array([[1.0, np.nan], [0.0, 2.0]])
    _check_parity(ns, np.array([[1.0, 0.5], [0.0, 2.0]]), nan, "parity_report(a candidate "
                  "with a NaN)")
    rng = np.random.default_rng(2)
    reference = rng.normal(0, 2, (2000, 10)).astype(np.float32)
    candidate = reference + rng.normal(0, 3e-5, reference.shape).astype(np.float32)
    candidate[::97] = candidate[::97, ::-1]
    _check_parity(ns, reference, candidate, "parity_report(2000 x 10 logits, noise of "
                  "3e-5, every 97th row reversed)")


# --- q2: a manifest for the whole artefact ----------------------------------------------------

ex.question("q2", "A manifest for the whole artefact", transfer=True, hints=[
    "Collect the files present first: {p.relative_to(root).as_posix() for p in "
    "root.rglob('*') if p.is_file()}, without 'manifest.json'. Anything present but not "
    "listed is refused, before any digest is computed.",
    "For each listed file: missing is refused; otherwise hashlib.sha256(), updated with "
    "file.read(1 << 20) in a loop until it returns b'', gives hexdigest(), to compare "
    "with the manifest's digest in lower case.",
    "Check every file, not only the first; raise ValueError(f'{name} ...') so that the "
    "message names the file; return sorted(manifest) at the end.",
])


@contextmanager
def _artefact(files: dict[str, bytes], manifest: dict[str, str] | None = None,
              folders: tuple[str, ...] = (), write_manifest: bool = True):
    """A temporary directory with ``files`` and a manifest (theirs by default), removed
    afterwards."""
    root = Path(tempfile.mkdtemp(prefix="dl101_ch12_"))
    try:
        for name, data in files.items():
            (root / name).parent.mkdir(parents=True, exist_ok=True)
            (root / name).write_bytes(data)
        for folder in folders:
            (root / folder).mkdir(parents=True, exist_ok=True)
        if manifest is None:
            manifest = {name: hashlib.sha256(data).hexdigest() for name, data in files.items()}
        if write_manifest:
            (root / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
        yield root
    finally:
        shutil.rmtree(root, ignore_errors=True)


def _bytes(n: int, seed: int) -> bytes:
    return np.random.default_rng(seed).integers(0, 256, n, dtype=np.uint8).tobytes()


ARTEFACT = {"model.onnx": _bytes(3000, 1), "model.onnx.data": _bytes(20_000, 2),
            "metadata.json": b'{"version": "1.2.0"}', "labels/names.txt": b"0\n1\n2\n"}


def _accepted(ns, root: Path, expected: list[str], what: str) -> None:
    got = ns.function("verify_manifest")(str(root))
    if not isinstance(got, (list, tuple)) or not all(isinstance(g, str) for g in got):
        raise AssertionError(f"{what} returned {got!r}; expected the sorted list of the "
                             "paths it verified")
    if list(got) != sorted(expected):
        raise AssertionError(f"{what} returned {list(got)}, expected {sorted(expected)}")


def _tampered(data: bytes, at: int) -> bytes:
    return data[:at] + bytes([data[at] ^ 1]) + data[at + 1:]


@ex.test("q2", points=1)
def manifest_of_a_valid_and_a_tampered_artefact(ns):
    """4 files, one in a folder: accepted; then one bit of the ONNX data flipped"""
    with _artefact(ARTEFACT) as root:
        _accepted(ns, root, list(ARTEFACT), "verify_manifest(an intact artefact)")
        (root / "model.onnx.data").write_bytes(_tampered(ARTEFACT["model.onnx.data"], 123))
        _refused(lambda: ns.function("verify_manifest")(str(root)), "ValueError",
                 ["model.onnx.data"], "verify_manifest(model.onnx.data with one bit "
                 "changed, same size)")


@ex.test("q2", points=0.5)
def manifest_with_a_missing_and_an_unlisted_file(ns):
    """a listed file deleted; a file added that the manifest does not list"""
    f = ns.function("verify_manifest")
    with _artefact(ARTEFACT) as root:
        (root / "metadata.json").unlink()
        _refused(lambda: f(str(root)), "ValueError", ["metadata.json"],
                 "verify_manifest(metadata.json deleted)")
    with _artefact(ARTEFACT) as root:
        (root / "extra.pt").write_bytes(b"not in the manifest")
        _refused(lambda: f(str(root)), "ValueError", ["extra.pt"],
                 "verify_manifest(an unlisted extra.pt)")


@ex.test("q2", points=0.5, hidden=True)
def manifest_edge_cases(ns):
    """digests in capitals; an empty manifest; an empty folder; no manifest.json"""
    f = ns.function("verify_manifest")
    upper = {n: hashlib.sha256(d).hexdigest().upper() for n, d in ARTEFACT.items()}
    with _artefact(ARTEFACT, upper) as root:
        _accepted(ns, root, list(ARTEFACT), "verify_manifest(digests in capitals)")
    with _artefact({}, {}, folders=("empty",)) as root:
        _accepted(ns, root, [], "verify_manifest(an empty manifest, an empty folder)")
    with _artefact({"stray.bin": b"x"}, {}) as root:
        _refused(lambda: f(str(root)), "ValueError", ["stray.bin"],
                 "verify_manifest(an empty manifest beside stray.bin)")
    with _artefact(ARTEFACT, write_manifest=False) as root:
        _refused(lambda: f(str(root)), "ValueError", ["manifest.json"],
                 "verify_manifest(a directory without manifest.json)")


@ex.test("q2", points=0.5, hidden=True, seconds=30)
def manifest_checks_every_file_at_every_depth(ns):
    """the last file changed; unlisted: hidden, deep, a nested manifest.json; 24 MB"""
    f = ns.function("verify_manifest")
    files = {f"shard_{i}.bin": _bytes(500, 10 + i) for i in range(6)}
    with _artefact(files) as root:
        (root / "shard_5.bin").write_bytes(_tampered(files["shard_5.bin"], 499))
        _refused(lambda: f(str(root)), "ValueError", ["shard_5.bin"],
                 "verify_manifest(6 shards, the last one changed)")
    with _artefact(ARTEFACT) as root:
        (root / ".env").write_bytes(b"TOKEN=stale")
        _refused(lambda: f(str(root)), "ValueError", [".env"],
                 "verify_manifest(an unlisted hidden file .env)")
    with _artefact(ARTEFACT) as root:
        (root / "labels" / "manifest.json").write_bytes(b"{}")
        _refused(lambda: f(str(root)), "ValueError", ["manifest.json"],
                 "verify_manifest(an unlisted labels/manifest.json: only the top one "
                 "is exempt)")
    with _artefact(ARTEFACT) as root:
        (root / "labels" / "old").mkdir()
        (root / "labels" / "old" / "names.txt").write_bytes(b"stale")
        _refused(lambda: f(str(root)), "ValueError", ["names.txt"],
                 "verify_manifest(an unlisted labels/old/names.txt)")
    big = {"weights.safetensors": _bytes(24 << 20, 20), "config.json": b"{}"}
    with _artefact(big) as root:
        _accepted(ns, root, list(big), "verify_manifest(a 24 MB weights file)")
        with open(root / "weights.safetensors", "r+b") as file:
            file.seek((24 << 20) - 5)
            file.write(b"\x00\x01\x02\x03\x04")
        _refused(lambda: f(str(root)), "ValueError", ["weights.safetensors"],
                 "verify_manifest(the 24 MB file changed in its last 5 bytes)")


# --- q3: a request model for tabular inputs --------------------------------------------------

ex.question("q3", "A request model for tabular inputs", transfer=True, hints=[
    "Each feature is a float with Field(ge=..., le=...) (lt= for the bound that is "
    "excluded) and allow_inf_nan=False; typing.Annotated[float, Field(...)] keeps it on "
    "one line.",
    "model_config = ConfigDict(strict=True, extra='forbid') on both models: strict refuses "
    "'35' and True, extra='forbid' refuses a feature the model does not know.",
    "rows: Annotated[list[Applicant], Field(min_length=1, max_length=64)]. Try your model "
    "on 64 and 65 rows, on 'debt_ratio': 1.0 and on 'age': 18.",
])

VALID_ROW = {"age": 35.0, "income": 52.5, "debt_ratio": 0.3}
FEATURES = ("age", "income", "debt_ratio")


def _probe_validate(variables, payloads):
    """LoanRequest.model_validate on each payload: the dump, or pydantic's errors"""
    import copy

    import pydantic

    model = variables.value("LoanRequest")
    if not (isinstance(model, type) and issubclass(model, pydantic.BaseModel)):
        return {"kind": type(model).__name__}
    results, changed = [], False
    for payload in payloads:
        before = copy.deepcopy(payload)
        try:
            dump = model.model_validate(payload).model_dump()
        except pydantic.ValidationError as error:
            results.append({"ok": False, "errors": [
                {"loc": [str(part) for part in e["loc"]], "msg": str(e["msg"])}
                for e in error.errors()]})
        except Exception as error:  # a model that breaks with another exception
            results.append({"ok": False, "other": f"{type(error).__name__}: {error}"})
        else:
            results.append({"ok": True, "dump": dump})
        changed = changed or repr(payload) != repr(before)
    return {"kind": "model", "results": results, "changed": changed}


def _validate(ns, payloads: list) -> list[dict]:
    view = ns.probe(_probe_validate, payloads)
    if view["kind"] != "model":
        raise AssertionError(f"LoanRequest is a {view['kind']}; expected a pydantic model "
                             "(a subclass of pydantic.BaseModel)")
    if view["changed"]:
        raise AssertionError("LoanRequest.model_validate changed the payload it was "
                             "given: validation must leave the caller's data as it was")
    return view["results"]


def _expect_valid(ns, payloads: list, what: str) -> None:
    for payload, result in zip(payloads, _validate(ns, payloads), strict=True):
        n = len(payload["rows"])
        if not result["ok"]:
            errors = result.get("errors") or result.get("other")
            raise AssertionError(f"{what}: a valid payload of {n} row(s) was refused: "
                                 f"{str(errors)[:300]}")
        expected = {"rows": [{k: float(row[k]) for k in FEATURES} for row in payload["rows"]]}
        dump = result["dump"]
        if dump != expected or not all(type(v) is float for row in dump.get("rows", [])
                                       for v in row.values()):
            raise AssertionError(f"{what}: model_dump() of a valid payload of {n} row(s) "
                                 f"gave {str(dump)[:200]}, expected the same numbers as "
                                 f"floats, {str(expected)[:200]}")


def _expect_invalid(ns, cases: list[tuple[str, dict, str]], what: str) -> None:
    """cases: (description, payload, the name an error must mention)."""
    results = _validate(ns, [payload for _, payload, _ in cases])
    for (description, _, name), result in zip(cases, results, strict=True):
        if result["ok"]:
            raise AssertionError(f"{what}: {description} was accepted; it must raise a "
                                 "ValidationError")
        if "other" in result:
            raise AssertionError(f"{what}: {description} raised {result['other'][:200]}, "
                                 "not pydantic's ValidationError")
        if not any(name in e["loc"] or name in e["msg"] for e in result["errors"]):
            raise AssertionError(f"{what}: {description} was refused, but no error's "
                                 f"location or message names {name!r}: "
                                 f"{str(result['errors'])[:200]}")


def _row(**changes) -> dict:
    row = {**VALID_ROW, **changes}
    return {k: v for k, v in row.items() if v is not None}


@ex.test("q3", points=1)
def request_at_the_bounds_and_just_outside(ns):
    """the bounds accepted (age 18 and 100, debt_ratio 0.99999); a step outside refused"""
    edges = [_row(age=18.0, income=0.0, debt_ratio=0.0),
             _row(age=100.0, income=1000.0, debt_ratio=0.999), _row(age=35),
             _row(debt_ratio=0.99999)]
    _expect_valid(ns, [{"rows": edges}, {"rows": [VALID_ROW]}], "LoanRequest")
    _expect_invalid(ns, [
        ("an age of 17.9", {"rows": [_row(age=17.9)]}, "age"),
        ("an age of 100.5", {"rows": [VALID_ROW, _row(age=100.5)]}, "age"),
        ("an income of -0.01", {"rows": [_row(income=-0.01)]}, "income"),
        ("an income of 1000.5", {"rows": [_row(income=1000.5)]}, "income"),
        ("a debt_ratio of 1.0 (1 is excluded)", {"rows": [_row(debt_ratio=1.0)]},
         "debt_ratio"),
        ("a debt_ratio of -0.1", {"rows": [_row(debt_ratio=-0.1)]}, "debt_ratio"),
        ("an age of NaN", {"rows": [_row(age=math.nan)]}, "age"),
        ("an income given as the string '60'", {"rows": [_row(income="60")]}, "income"),
        ("a row without debt_ratio", {"rows": [_row(debt_ratio=None)]}, "debt_ratio"),
    ], "LoanRequest")


@ex.test("q3", points=0.5)
def request_of_no_rows_and_too_many(ns):
    """64 rows accepted; 0 and 65 rows refused, naming rows"""
    _expect_valid(ns, [{"rows": [VALID_ROW] * 64}], "LoanRequest")
    _expect_invalid(ns, [("a payload with no rows", {"rows": []}, "rows"),
                         ("a payload of 65 rows", {"rows": [VALID_ROW] * 65}, "rows")],
                    "LoanRequest")


@ex.test("q3", points=0.5, hidden=True)
def request_with_infinities_bools_and_unknown_keys(ns):
    """inf, a bool, the string '35', a misspelled feature, an extra top-level key"""
    _expect_invalid(ns, [
        ("an income of inf", {"rows": [_row(income=math.inf)]}, "income"),
        ("a debt_ratio of -inf", {"rows": [_row(debt_ratio=-math.inf)]}, "debt_ratio"),
        ("an income of NaN", {"rows": [_row(income=math.nan)]}, "income"),
        ("a debt_ratio of True", {"rows": [_row(debt_ratio=True)]}, "debt_ratio"),
        ("an age given as the string '35'", {"rows": [_row(age="35")]}, "age"),
        ("a row with 'incme' for 'income'",
         {"rows": [{"age": 35.0, "incme": 52.5, "debt_ratio": 0.3}]}, "incme"),
        ("a row with a fourth feature 'zip'", {"rows": [_row(zip=12345.0)]}, "zip"),
        ("a payload with a key 'model' next to rows",
         {"rows": [VALID_ROW], "model": "v2"}, "model"),
        ("a payload without rows", {"row": [VALID_ROW]}, "rows"),
    ], "LoanRequest")


@ex.test("q3", points=0.5, hidden=True, seconds=15)
def request_of_random_batches(ns):
    """40 valid batches of 1 to 64 rows; 30 batches with one feature out of its range"""
    rng = np.random.default_rng(3)

    def random_row():
        return {"age": float(rng.uniform(18, 100)), "income": float(rng.uniform(0, 1000)),
                "debt_ratio": float(rng.uniform(0, 0.999))}

    batches = [{"rows": [random_row() for _ in range(rng.integers(1, 65))]}
               for _ in range(40)]
    _expect_valid(ns, batches, "LoanRequest")
    outside = {"age": (17.5, 100.25), "income": (-1.0, 1000.001),
               "debt_ratio": (-0.001, 1.0)}
    cases = []
    for i in range(30):
        rows = [random_row() for _ in range(rng.integers(1, 20))]
        feature = FEATURES[i % 3]
        value = outside[feature][i % 2]
        rows[int(rng.integers(len(rows)))][feature] = value
        cases.append((f"a batch of {len(rows)} rows with one {feature} of {value}",
                      {"rows": rows}, feature))
    _expect_invalid(ns, cases, "LoanRequest")


# --- q4: the summary of a load test ----------------------------------------------------------

ex.question("q4", "The summary of a load test", transfer=True, hints=[
    "The wall-clock span is ends.max() - starts.min(), over all requests; the throughput "
    "divides the number of successes by it. The sum of the latencies is much longer.",
    "latencies_ms = 1000 * (ends - starts)[ok]: only the successful requests, in "
    "milliseconds. np.percentile(latencies_ms, [50, 95, 99]) gives the three.",
    "error_rate = 1 - ok.mean(). With no success, return 0.0 and math.nan for the "
    "percentiles instead of calling np.percentile on an empty array.",
])

SUMMARY_KEYS = ("throughput", "p50_ms", "p95_ms", "p99_ms", "error_rate")


def _rank_window(latencies: np.ndarray, q: float) -> tuple[float, float]:
    """The values between which any usual percentile convention falls."""
    ordered, n = np.sort(latencies), len(latencies)
    low = max(0, math.floor(q * (n - 1)) - 1)
    high = min(n - 1, math.ceil(q * n))
    return float(ordered[low]), float(ordered[high])


def _check_summary(ns, starts, ends, ok, what: str) -> None:
    got = ns.function("load_test_summary")(starts, ends, ok)
    if not isinstance(got, dict) or set(got) != set(SUMMARY_KEYS):
        keys = sorted(got) if isinstance(got, dict) else type(got).__name__
        raise AssertionError(f"{what} returned {keys}; expected a dict with the keys "
                             f"{', '.join(SUMMARY_KEYS)}")
    starts, ends = np.asarray(starts, dtype=float), np.asarray(ends, dtype=float)
    ok = np.asarray(ok, dtype=bool)
    span = max(ends.tolist()) - min(starts.tolist())
    assert_close(as_number(got["throughput"], f"{what}['throughput']"),
                 int(ok.sum()) / span, f"{what}['throughput'], successes per second of "
                 "the span from the first start to the last end,", rtol=1e-6, atol=1e-9)
    assert_close(as_number(got["error_rate"], f"{what}['error_rate']"),
                 1 - int(ok.sum()) / len(ok), f"{what}['error_rate']", rtol=0, atol=1e-12)
    latencies = [1000 * (e - s) for s, e, good in zip(starts, ends, ok) if good]
    for key, q in (("p50_ms", 0.50), ("p95_ms", 0.95), ("p99_ms", 0.99)):
        value = as_number(got[key], f"{what}['{key}']")
        if not latencies:
            if not math.isnan(value):
                raise AssertionError(f"{what}['{key}'] returned {value}; with no "
                                     "successful request it is NaN")
            continue
        low, high = _rank_window(np.array(latencies), q)
        slack = 1e-9 * max(1.0, abs(high))
        if not low - slack <= value <= high + slack:
            raise AssertionError(f"{what}['{key}'] returned {value:.6g}; the "
                                 f"{round(100 * q)}th percentile of the successful "
                                 f"requests' latencies in ms lies between {low:.6g} and "
                                 f"{high:.6g}")


@ex.test("q4", points=1)
def summary_of_six_requests(ns):
    """6 requests out of order, one failed: 5 successes over a span of 0.5 s"""
    starts = np.array([10.0, 10.05, 10.1, 10.2, 10.25, 10.3])
    ends = np.array([10.5, 10.09, 10.13, 10.32, 10.26, 10.4])
    ok = np.array([True, True, True, True, False, True])
    _check_summary(ns, starts, ends, ok, "load_test_summary(6 requests)")


@ex.test("q4", points=0.5)
def summary_of_one_request(ns):
    """one request of 25 ms: 40 per second, every percentile 25 ms, no error"""
    _check_summary(ns, np.array([3.0]), np.array([3.025]), np.array([True]),
                   "load_test_summary([3.0], [3.025], [True])")


def _simulated_test(n: int, concurrency: int, seed: int, fail: float):
    """Timestamps of n requests sent by `concurrency` clients, each waiting for its
    answer; failures come back fast, and one request in 200 is very slow."""
    rng = np.random.default_rng(seed)
    free = np.zeros(concurrency)
    starts, ends = np.empty(n), np.empty(n)
    ok = rng.random(n) >= fail
    for i in range(n):
        client = int(np.argmin(free))
        latency = rng.gamma(4.0, 0.006) if ok[i] else rng.uniform(0.0005, 0.002)
        latency += 0.4 * (rng.random() < 0.005)
        starts[i] = free[client] + rng.uniform(0, 0.001)
        ends[i] = starts[i] + latency
        free[client] = ends[i]
    order = np.argsort(starts, kind="stable")
    return 100.0 + starts[order], 100.0 + ends[order], ok[order]


@ex.test("q4", points=0.5, hidden=True)
def summary_of_a_simulated_load_test(ns):
    """2,000 requests at concurrency 8, 4 % fast failures and a few slow outliers"""
    starts, ends, ok = _simulated_test(2000, 8, 4, 0.04)
    _check_summary(ns, starts, ends, ok, "load_test_summary(2000 requests at "
                   "concurrency 8)")
    starts, ends, ok = _simulated_test(3000, 16, 5, 0.0)
    _check_summary(ns, starts, ends, ok, "load_test_summary(3000 requests at "
                   "concurrency 16, no failure)")


@ex.test("q4", points=0.5, hidden=True)
def summary_when_everything_fails_and_of_lists(ns):
    """no success; a timeout sent first and another one last; lists in place of arrays"""
    _check_summary(ns, np.array([0.0, 0.01, 0.02, 0.03]), np.array([0.05, 0.04, 0.06, 2.0]),
                   np.array([False, True, True, False]), "load_test_summary(4 requests, "
                   "the first sent and the last to end failed, the last after 2 s)")
    _check_summary(ns, np.array([0.0, 0.1, 0.2]), np.array([0.05, 0.12, 0.3]),
                   np.array([False, False, False]), "load_test_summary(3 failed requests)")
    starts, ends, ok = _simulated_test(300, 4, 6, 0.1)
    _check_summary(ns, starts.tolist(), ends.tolist(), ok.tolist(),
                   "load_test_summary(300 requests given as Python lists)")


# --- q5: the Kolmogorov-Smirnov statistic by hand -----------------------------------------

ex.question("q5", "The Kolmogorov-Smirnov statistic by hand", transfer=True, bans=[
    "scipy.stats.ks_2samp", "scipy.stats.kstest", "scipy.stats._stats_py.ks_2samp",
    "scipy.stats._stats_py.kstest",
], hints=[
    "Evaluate both empirical distribution functions at every value of a and of b: the "
    "largest gap can sit at a value of b, where F_b jumps and F_a does not.",
    "Sort each sample; np.searchsorted(sorted_a, x, side='right') / len(a) is the share "
    "of a that is <= x, ties included.",
    "D = max |F_a(x) - F_b(x)| over the pooled x: a float between 0 and 1. Walking "
    "through the pooled sorted values one at a time breaks on ties: a step must take "
    "every equal value at once.",
])


def _check_ks(ns, a, b, what: str) -> None:
    from scipy.stats import ks_2samp

    got = as_number(ns.function("ks_statistic")(a, b), what)
    expected = float(ks_2samp(np.asarray(a, dtype=float), np.asarray(b, dtype=float))
                     .statistic)
    assert_close(got, expected, f"{what}, against scipy.stats.ks_2samp,", rtol=0,
                 atol=1e-6)


@ex.test("q5", points=1)
def ks_of_small_samples(ns):
    """the gap at a value of b only; two unsorted samples of 5 and 7"""
    _check_ks(ns, np.array([1.0, 2.0, 3.0]), np.array([1.5, 1.6, 1.7, 1.8]),
              "ks_statistic([1, 2, 3], [1.5, 1.6, 1.7, 1.8])")
    _check_ks(ns, np.array([0.3, -1.2, 2.5, 0.9, 0.1]),
              np.array([1.1, 0.4, 3.0, -0.2, 2.2, 1.7, 0.8]),
              "ks_statistic(5 values, 7 values)")


@ex.test("q5", points=0.5)
def ks_with_ties(ns):
    """counts with many ties across the samples; two identical constant samples (0)"""
    _check_ks(ns, np.array([0.0, 1, 1, 1, 2]), np.array([1.0, 1, 2, 2, 2, 3]),
              "ks_statistic([0, 1, 1, 1, 2], [1, 1, 2, 2, 2, 3])")
    _check_ks(ns, np.full(4, 7.0), np.full(9, 7.0), "ks_statistic([7] * 4, [7] * 9)")


@ex.test("q5", points=0.5, hidden=True, seconds=15)  # a plain loop per pooled value: 2 s
def ks_of_large_and_rounded_samples(ns):
    """2,000 against 3,000 normals; then rounded to one decimal (ties everywhere)"""
    rng = np.random.default_rng(7)
    a, b = rng.normal(0, 1, 2000), rng.normal(0.1, 1.1, 3000)
    _check_ks(ns, a, b, "ks_statistic(2000 normals, 3000 shifted normals)")
    _check_ks(ns, np.round(a, 1), np.round(b, 1), "ks_statistic(the same rounded to one "
              "decimal)")
    _check_ks(ns, rng.poisson(3, 500), rng.poisson(3.4, 800), "ks_statistic(500 and 800 "
              "Poisson counts, as integers)")


@ex.test("q5", points=0.5, hidden=True)
def ks_of_single_values_and_lists(ns):
    """one value each; samples that do not overlap (1); lists; a sample inside the other"""
    _check_ks(ns, np.array([1.0]), np.array([2.0]), "ks_statistic([1], [2])")
    _check_ks(ns, np.array([5.0]), np.array([5.0]), "ks_statistic([5], [5])")
    _check_ks(ns, [4.0, 5.0, 6.0], [1.0, 2.0], "ks_statistic([4, 5, 6], [1, 2]) on lists")
    rng = np.random.default_rng(8)
    b = rng.normal(0, 1, 1000)
    _check_ks(ns, b[:1].copy(), b, "ks_statistic(1 value, 1000 values including it)")
    _check_ks(ns, b[::3].copy(), b, "ks_statistic(every third value of b, b)")


# --- q6: an alert rule over drift scores ---------------------------------------------------

ex.question("q6", "An alert rule over drift scores", transfer=True, hints=[
    "Walk through the scores once, counting the consecutive windows strictly above the "
    "threshold; a window that is not above (NaN included) sets the count back to 0.",
    "When the count reaches patience, record the index of the current window (the end "
    "of the run, not its start) and set the count back to 0.",
    "score > threshold is False for NaN and for a score equal to the threshold. Return "
    "a list of ints, [] when nothing fires.",
])


def _alerts(scores, threshold: float, patience: int) -> list[int]:
    alerts, run = [], 0
    for i, score in enumerate(scores):
        high = not math.isnan(score) and score > threshold
        run = run + 1 if high else 0
        if run == patience:
            alerts.append(i)
            run = 0
    return alerts


def _check_alerts(ns, scores, threshold, patience, what: str) -> None:
    got = ns.function("drift_alerts")(scores, threshold, patience)
    expected = _alerts([float(s) for s in scores], threshold, patience)
    if isinstance(got, (list, tuple)):
        if not all(isinstance(v, (int, np.integer)) and not isinstance(v, bool)
                   for v in got):
            raise AssertionError(f"{what} returned {got!r}; expected a list of window "
                                 "indices (ints)")
        values = [int(v) for v in got]
    else:
        array = as_array(got, what)
        if array.ndim != 1 or (array.dtype.kind not in "iu" and array.size):
            raise AssertionError(f"{what} returned an array of {array.dtype} and shape "
                                 f"{array.shape}; expected a list of window indices (ints)")
        values = [int(v) for v in array]
    if values != expected:
        raise AssertionError(f"{what} returned {values}, expected {expected}")


@ex.test("q6", points=1)
def alerts_of_a_short_stream(ns):
    """six high windows in a row with patience 3 fire twice; equal to the threshold is not high"""
    scores = [0.1, 0.3, 0.3, 0.3, 0.3, 0.3, 0.3, 0.1, 0.25, 0.3, 0.3, 0.2]
    _check_alerts(ns, scores, 0.2, 3, f"drift_alerts({scores}, 0.2, 3)")
    scores = [0.2, 0.2, 0.2, 0.5, 0.5, 0.5, 0.2]
    _check_alerts(ns, scores, 0.2, 2, f"drift_alerts({scores}, 0.2, 2)")


@ex.test("q6", points=0.5)
def alerts_with_patience_one_and_none(ns):
    """patience 1 fires at every high window; a quiet stream fires nothing"""
    scores = np.array([0.05, 0.3, 0.02, 0.4, 0.5])
    _check_alerts(ns, scores, 0.1, 1, "drift_alerts([0.05, 0.3, 0.02, 0.4, 0.5], 0.1, 1)")
    _check_alerts(ns, np.full(10, 0.05), 0.1, 2, "drift_alerts([0.05] * 10, 0.1, 2)")


@ex.test("q6", points=0.5, hidden=True)
def alerts_broken_by_missing_windows(ns):
    """a NaN window breaks a run; a run one window short of patience fires nothing"""
    scores = [0.5, 0.5, math.nan, 0.5, 0.5, 0.5, 0.5, 0.0]
    _check_alerts(ns, scores, 0.2, 3, "drift_alerts([0.5, 0.5, nan, 0.5, 0.5, 0.5, 0.5, "
                  "0], 0.2, 3)")
    _check_alerts(ns, [0.9, 0.9, 0.9, 0.9, 0.1] * 3, 0.5, 5,
                  "drift_alerts(runs of 4 high windows, 0.5, 5)")
    _check_alerts(ns, [], 0.2, 3, "drift_alerts([], 0.2, 3)")


@ex.test("q6", points=0.5, hidden=True)
def alerts_of_long_random_streams(ns):
    """1,000 windows of noisy scores with drifting stretches, patience 1 to 6"""
    rng = np.random.default_rng(9)
    level = np.repeat(rng.choice([0.05, 0.3], 50), 20)
    scores = level + rng.normal(0, 0.08, 1000)
    for patience in range(1, 7):
        _check_alerts(ns, scores, 0.2, patience, f"drift_alerts(1000 windows, 0.2, "
                      f"{patience})")


# --- q7: int8 quantisation per output channel, by hand --------------------------------------

# torchao's affine primitives do the whole job (a symmetric per-row scale of max / 127,
# round, clip). The package is optional: banned only where it is installed, since a ban
# imports the module it names (once per kernel, about 3 s).
TORCHAO_BANS = [f"torchao.quantization.{module}{name}" for module in
                ("", "quant_primitives.", "utils.")
                for name in ("quantize_affine", "choose_qparams_affine")]
TORCHAO_BANS.append("torchao.quantization.utils.dynamically_quantize_per_channel")
# The first request of a kernel imports torchao, and the test that sends it pays for it
# (any q7 test may come first when tests are picked): 15 s, not the default 5 s.
TORCHAO_SECONDS = 15

ex.question("q7", "int8 quantisation per output channel, by hand", transfer=True, bans=[
    "torch.quantize_per_channel", "torch.quantize_per_tensor",
    "torch.fake_quantize_per_channel_affine", "torch.fake_quantize_per_tensor_affine",
    *(TORCHAO_BANS if importlib.util.find_spec("torchao") else []),
], hints=[
    "scale = w.abs().amax(dim=1) / 127: one value per row. Replace the zeros of scale by "
    "1.0 before dividing, with torch.where.",
    "w / scale[:, None] divides each row by its own scale; torch.round, then "
    ".clamp(-127, 127), then .to(torch.int8), in that order.",
    "A given scale is used as it is: values that land beyond ±127 are clipped, never "
    "wrapped around. Return (q, scale).",
])


def _quantise(w: np.ndarray, scale: np.ndarray | None):
    w = w.astype(np.float64)
    if scale is None:
        scale = np.abs(w).max(axis=1) / 127
        scale[scale == 0] = 1.0
    ratio = w / np.asarray(scale, dtype=np.float64)[:, None]
    return np.clip(np.round(ratio), -127, 127), ratio, np.asarray(scale, dtype=np.float64)


def _check_quantised(ns, w: torch.Tensor, what: str, scale: torch.Tensor | None = None):
    f = ns.function("quantise_per_channel")
    result = f(w) if scale is None else f(w, scale)
    if not isinstance(result, (tuple, list)) or len(result) != 2:
        raise AssertionError(f"{what} should return two things, (q, scale)")
    q, got_scale = as_array(result[0], f"{what}[0]"), as_array(result[1], f"{what}[1]")
    if q.dtype != np.int8:
        raise AssertionError(f"{what}: q is {q.dtype}; the question asks for int8")
    if q.shape != tuple(w.shape):
        raise AssertionError(f"{what}: q has shape {q.shape}, expected {tuple(w.shape)}")
    expected_q, ratio, expected_scale = _quantise(w.numpy(), None if scale is None
                                                  else scale.numpy())
    if got_scale.shape != (w.shape[0],):
        raise AssertionError(f"{what}: scale has shape {got_scale.shape}, expected "
                             f"({w.shape[0]},): one scale per output channel (row)")
    rtol = 1e-6 if w.dtype == torch.float32 else 1e-9
    assert_close(got_scale, expected_scale, f"{what}: the scales, max |w_row| / 127 (1.0 "
                 "for a row of zeros),", rtol=rtol, atol=1e-12)
    halfway = np.abs(np.abs(ratio - np.trunc(ratio)) - 0.5) < 1e-4
    wrong = (q != expected_q) & ~(halfway & (np.abs(q - expected_q) <= 1))
    if wrong.any():
        i, j = np.argwhere(wrong)[0]
        raise AssertionError(f"{what}: {int(wrong.sum())} of {q.size} codes are wrong; "
                             f"w[{i}, {j}] / scale[{i}] = {ratio[i, j]:.4f} gave {q[i, j]},"
                             f" expected {int(expected_q[i, j])} (round to nearest, clip "
                             "to [-127, 127])")
    inside = np.abs(ratio) <= 127
    error = np.abs(q * expected_scale[:, None] - w.numpy().astype(np.float64))
    if np.any(error[inside] > 0.5 * np.broadcast_to(expected_scale[:, None],
                                                    error.shape)[inside] * (1 + 1e-5)):
        raise AssertionError(f"{what}: some weights are more than half a scale from q * "
                             "scale")


@ex.test("q7", points=1, seconds=TORCHAO_SECONDS)
def quantise_a_small_matrix(ns):
    """3 rows of 4, one of them zeros: scales 0.01, 1.0, 0.02 and every code"""
    w = torch.tensor([[0.5, -1.27, 0.107, 0.0], [0.0, 0.0, 0.0, 0.0],
                      [2.54, 1.0, -0.313, 0.031]])
    _check_quantised(ns, w, "quantise_per_channel(w (3, 4) with a zero row)")


@ex.test("q7", points=0.5, seconds=TORCHAO_SECONDS)
def quantise_with_a_calibrated_scale(ns):
    """a given scale too small for some weights: codes clipped to ±127, never wrapped"""
    w = torch.tensor([[2.0, -3.0, 0.5, 1.0], [0.4, -0.2, 0.1, 0.0]])
    scale = torch.tensor([0.01, 0.004])
    _check_quantised(ns, w, "quantise_per_channel(w (2, 4), scale=[0.01, 0.004])", scale)


@ex.test("q7", points=0.5, hidden=True, seconds=TORCHAO_SECONDS)
def quantise_rows_of_very_different_sizes(ns):
    """64 x 128 weights whose rows span 4 orders of magnitude; a negative row maximum"""
    rng = np.random.default_rng(10)
    sizes = 10.0 ** rng.uniform(-3, 1, (64, 1))
    w = torch.tensor(rng.normal(0, 1, (64, 128)) * sizes, dtype=torch.float32)
    w[5] = -w[5].abs()
    _check_quantised(ns, w, "quantise_per_channel(w (64, 128), rows of sizes 1e-3 to 10)")
    calibrated = torch.tensor(np.abs(w.numpy()).max(axis=1) / 127 * 0.5)
    _check_quantised(ns, w, "quantise_per_channel(w (64, 128), half the scales it needs)",
                     calibrated)


@ex.test("q7", points=0.5, hidden=True, seconds=TORCHAO_SECONDS)
def quantise_float64_and_a_single_row(ns):
    """float64 weights (5, 3); one row of 300 weights; an all-zero matrix"""
    rng = np.random.default_rng(11)
    _check_quantised(ns, torch.tensor(rng.normal(0, 0.2, (5, 3))),
                     "quantise_per_channel(float64 w (5, 3))")
    _check_quantised(ns, torch.tensor(rng.uniform(-0.05, 0.05, (1, 300)),
                                      dtype=torch.float32),
                     "quantise_per_channel(w (1, 300))")
    _check_quantised(ns, torch.zeros(4, 6), "quantise_per_channel(zeros (4, 6))")
