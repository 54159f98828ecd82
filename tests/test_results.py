"""utils.results.record and the target check in tools/results.py."""

import json

import pytest
import yaml

from tools import results as results_tool
from utils.results import record


def test_record_prints_and_returns_without_a_results_dir(monkeypatch, capsys):
    monkeypatch.delenv("DL101_RESULTS_DIR", raising=False)
    assert record("ch00_demo", 0.5) == 0.5
    assert "ch00_demo = 0.5" in capsys.readouterr().out


def test_record_writes_value_and_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("DL101_RESULTS_DIR", str(tmp_path))
    monkeypatch.setenv("DL101_DEVICE", "cpu")
    record("ch00_demo", 0.75)
    saved = json.loads((tmp_path / "ch00_demo.json").read_text())
    assert saved["value"] == 0.75
    assert saved["device"] == "cpu" and saved["torch"] and saved["peak_memory_mb"] > 0


@pytest.mark.parametrize("bad", ["has space", "1st", ""])
def test_record_rejects_names_that_are_not_identifiers(bad):
    with pytest.raises(ValueError, match="identifiers"):
        record(bad, 1.0)


def test_record_rejects_nan():
    with pytest.raises(ValueError, match="finite"):
        record("ch00_demo", float("nan"))


def write_build(tmp_path, value: float | None, seconds: float = 10.0, passed: bool = True):
    targets = {"results": {"ch00_acc": {"notebook": "chapters/00.ipynb", "at_least": 0.9}},
               "budgets": {"chapters/00.ipynb": {"seconds": 30, "memory_mb": 1000}}}
    (tmp_path / "targets.yml").write_text(yaml.safe_dump(targets))
    values = tmp_path / "_build" / "results" / "values"
    values.mkdir(parents=True)
    if value is not None:
        (values / "ch00_acc.json").write_text(json.dumps({"name": "ch00_acc", "value": value}))
    runs = tmp_path / "_build" / "executed" / "chapters"
    runs.mkdir(parents=True)
    (runs / "00.json").write_text(json.dumps({"notebook": "chapters/00.ipynb",
                                              "seconds": seconds, "peak_memory_mb": 500,
                                              "passed": passed}))
    return ["--check", "--build", str(tmp_path / "_build"),
            "--targets", str(tmp_path / "targets.yml")]


def test_check_passes_when_every_target_is_met(tmp_path):
    assert results_tool.main(write_build(tmp_path, 0.95)) == 0
    assert "✓ met" in (tmp_path / "_build" / "results" / "table.md").read_text()


def test_check_fails_naming_a_missed_target(tmp_path, capsys):
    assert results_tool.main(write_build(tmp_path, 0.85)) == 1
    assert "ch00_acc = 0.85 misses its target ≥ 0.9" in capsys.readouterr().err


def test_check_fails_when_a_result_is_never_recorded(tmp_path, capsys):
    assert results_tool.main(write_build(tmp_path, None)) == 1
    assert "ch00_acc: never recorded" in capsys.readouterr().err


def test_check_fails_when_a_notebook_is_over_budget(tmp_path, capsys):
    assert results_tool.main(write_build(tmp_path, 0.95, seconds=31)) == 1
    assert "took 31.0 s, budget 30 s" in capsys.readouterr().err


def test_check_fails_when_a_notebook_failed(tmp_path, capsys):
    assert results_tool.main(write_build(tmp_path, 0.95, passed=False)) == 1
    assert "a cell failed" in capsys.readouterr().err


def test_table_cells_escape_pipes():
    rows = [{"name": "ch00_x", "what": "max |grad| error", "value": "1", "target": "≤ 2",
             "ok": True, "device": "cpu", "torch": "2", "notebook": "chapters/03_x.ipynb"}]
    table = results_tool.markdown_table(rows, [])
    assert "max \\|grad\\| error" in table
    assert table.splitlines()[2].count(" | ") == 4
    assert table.splitlines()[2].startswith("| 3 |")


@pytest.mark.parametrize(("notebook", "label"), [("chapters/03_from_scratch.ipynb", "3"),
                                                  ("chapters/12_deploy.ipynb", "12"),
                                                  ("chapters/appendix_a_math.ipynb", "A")])
def test_the_table_names_chapters_by_number_and_appendices_by_letter(notebook, label):
    assert results_tool.chapter_of(notebook) == label


@pytest.mark.parametrize(("device", "status"), [("cuda (NVIDIA H200)", 0), ("cpu", 1)])
def test_a_gpu_run_must_have_run_on_the_gpu_and_writes_its_own_table(tmp_path, device,
                                                                     status):
    args = write_build(tmp_path, 0.95)
    values = tmp_path / "_build" / "results" / "values" / "ch00_acc.json"
    values.write_text(json.dumps({"name": "ch00_acc", "value": 0.95, "device": device,
                                  "torch": "2.14.1"}))
    table = tmp_path / "runs" / "gpu.md"
    assert results_tool.main([*args, "--device", "cuda", "--table", str(table)]) == status
    assert f"Measured on: {device}, torch 2.14.1" in table.read_text()


def test_the_build_tells_each_kernel_which_notebook_it_runs():
    """tools/nbcapture.py sets the variable that utils.results.record reads (it spells the
    name out, so as not to import torch into pytest)."""
    from tools import nbcapture
    from utils import results

    assert nbcapture.NOTEBOOK_VAR == results.NOTEBOOK_VAR
