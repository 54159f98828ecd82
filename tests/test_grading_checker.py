"""The checker in-process: registry, namespace, test runner, and check/hint/start.

``LocalNamespace`` goes through the same JSON as batch grading, so these tests cover what
a test sees of an answer in both places: plain data, checked inputs, enforced bans.
"""

from __future__ import annotations

import sys
import time

import numpy as np
import pytest

from utils.grading import notebook
from utils.grading.expect import assert_close, assert_integer
from utils.grading.in_kernel import PRINT_LIMIT
from utils.grading.namespace import Code, LocalNamespace, NotAttempted, Opaque
from utils.grading.registry import ExerciseSet, load_set
from utils.grading.runner import question_status, run_question


def tiny_set() -> ExerciseSet:
    """q1: double(x) with a public and a hidden test; q2: `answer` must be 42."""
    ex = ExerciseSet("ch99", title="Tiny exercises")
    ex.question("q1", "Double", hints=["Multiply by 2.", "Use `return`."])
    ex.question("q2", "The answer")

    @ex.test("q1", points=1, seconds=0.5)
    def doubles_two(ns):
        "double(2) is 4"
        assert_close(ns.function("double")(2), 4, "double(2)")

    @ex.test("q1", points=2, hidden=True, seconds=0.5)
    def doubles_an_array(ns):
        "double of an array"
        assert_close(ns.function("double")(np.arange(3.0)), [0, 2, 4], "double([0, 1, 2])")

    @ex.test("q2", points=1)
    def answer_is_42(ns):
        "answer is 42"
        assert_integer(ns.value("answer"), 42, "answer")

    return ex


def run(ns: dict, question: str = "q1", hidden: bool = True):
    return run_question(tiny_set().get(question), LocalNamespace(ns), hidden=hidden)


def test_a_right_answer_earns_every_point():
    results = run({"double": lambda x: 2 * x})
    assert [r.status for r in results] == ["passed", "passed"]
    assert sum(r.earned for r in results) == 3


def test_partial_credit_counts_the_tests_that_pass():
    results = run({"double": lambda x: 4 if np.isscalar(x) else x})  # right on the public one
    assert [r.earned for r in results] == [1, 0]
    assert results[1].status == "failed" and "differ" in results[1].message


def test_check_runs_only_public_tests_and_hidden_ones_run_at_grading():
    ex = tiny_set()
    assert [t.name for t in ex.get("q1").public] == ["doubles_two"]
    assert [t.name for t in ex.get("q1").hidden] == ["doubles_an_array"]
    assert len(run({"double": lambda x: 2 * x}, hidden=False)) == 1


@pytest.mark.parametrize("ns", [{}, {"double": ...}, {"double": lambda x: None}],
                         ids=["missing", "ellipsis", "returns-none"])
def test_an_unanswered_question_is_not_attempted(ns):
    results = run(ns)
    assert question_status(results) == "not attempted"
    assert all(r.earned == 0 for r in results)


def test_a_deleted_variable_is_not_attempted():
    results = run({}, question="q2")
    assert results[0].status == "not attempted" and "`answer` is not defined" in results[0].message


def test_an_exception_in_student_code_is_reported_with_its_line():
    def double(x):
        return {}["twice"]

    result = run({"double": double})[0]
    assert result.status == "error" and result.earned == 0
    assert "KeyError" in result.message and "in double" in result.message


def test_an_endless_loop_loses_only_that_test_and_is_stopped_in_time():
    def double(x):
        while True:
            pass

    started = time.perf_counter()
    results = run({"double": double})
    assert [r.status for r in results] == ["timeout", "timeout"]
    assert time.perf_counter() - started < 3, "each test is limited to its `seconds`"
    assert run({"answer": 42}, question="q2")[0].status == "passed"


def test_a_student_except_clause_cannot_swallow_the_timeout():
    def double(x):
        while True:
            try:
                time.sleep(0.01)
            except Exception:
                pass

    assert run({"double": double})[0].status == "timeout"


@pytest.mark.parametrize("stop", [lambda: sys.exit(3), lambda: exit()], ids=["sys.exit", "exit"])
def test_exit_inside_a_function_is_an_error_not_the_end(stop):
    def double(x):
        stop()

    assert run({"double": double})[0].status == "error"


def test_wrong_return_types_fail_with_a_clear_message():
    results = run({"double": lambda x: "four"})
    assert results[0].status == "failed" and "expected numbers" in results[0].message
    assert run({"answer": 42.0}, question="q2")[0].message.endswith("expected a whole number "
                                                                     "(an int)")


def test_a_function_overwritten_by_a_value_fails():
    result = run({"double": 4})[0]
    assert result.status == "failed" and "should be a function" in result.message


def test_printing_inside_a_test_is_kept_out_of_the_output(capsys):
    def double(x):
        print("x" * (10 * 2**20))
        return 2 * x

    assert run({"double": double})[0].status == "passed"
    assert len(capsys.readouterr().out) < PRINT_LIMIT


def test_a_function_that_changes_its_input_fails_and_the_caller_keeps_its_data():
    data = np.ones(3)

    def clear(x):
        x[:] = 0
        return x

    with pytest.raises(AssertionError, match="changed its input `x` in place"):
        LocalNamespace({"clear": clear}).function("clear")(data)
    assert data.sum() == 3
    returned = LocalNamespace({"clear": clear}).function("clear", may_modify=True)(data)
    assert returned.sum() == 0 and data.sum() == 3


def test_returning_a_view_of_the_input_fails_only_where_the_test_forbids_it():
    ns = LocalNamespace({"same": lambda x: x[::-1], "copy": lambda x: x[::-1].copy()})
    assert ns.function("same")(np.arange(3)).tolist() == [2, 1, 0]
    with pytest.raises(AssertionError, match="shares memory with its input"):
        ns.function("same", may_alias=False)(np.arange(3))
    assert ns.function("copy", may_alias=False)(np.arange(3)).tolist() == [2, 1, 0]


def test_answers_arrive_as_plain_data_never_as_the_students_objects():
    class Liar(float):
        def __eq__(self, other):
            return True

    class Model:
        pass

    ns = LocalNamespace({"liar": lambda: Liar(1.5), "model": lambda: Model(),
                         "nested": lambda: {"a": (np.float32(2), [np.arange(2)])}})
    got = ns.function("liar")()
    assert type(got) is float and got == 1.5 and got != 2
    assert isinstance(ns.function("model")(), Opaque)
    nested = ns.function("nested")()
    assert type(nested["a"]) is tuple and type(nested["a"][0]) is float
    assert type(nested["a"][1][0]) is np.ndarray


def test_a_banned_function_fails_the_test_even_if_the_student_catches_its_error():
    ex = ExerciseSet("ch99", title="t")
    ex.question("q1", "Shapes", bans=["numpy.broadcast_shapes"])

    @ex.test("q1", points=1)
    def shape(ns):
        "broadcast shape"
        assert ns.function("shape")((2, 1), (3,)) == (2, 3)

    answers = [  # as a notebook would hold them: module-level names
        "import numpy as np\ndef shape(a, b):\n    return np.broadcast_shapes(a, b)",
        "from numpy import broadcast_shapes as bs\ndef shape(a, b):\n    return bs(a, b)",
        "import numpy as np\ndef shape(a, b):\n    try:\n        return np.broadcast_shapes(a, b)"
        "\n    except BaseException:\n        return (2, 3)",
    ]
    for code in answers:
        variables: dict = {}
        exec(code, variables)
        result = run_question(ex.get("q1"), LocalNamespace(variables))[0]
        assert result.status == "failed" and "numpy.broadcast_shapes" in result.message
    from numpy import broadcast_shapes

    ns = {"shape": lambda a, b: (2, 3), "broadcast_shapes": broadcast_shapes}
    assert run_question(ex.get("q1"), LocalNamespace(ns))[0].status == "passed"
    assert np.broadcast_shapes((2, 1), (3,)) == (2, 3), "the ban is lifted after the test"
    assert ns["broadcast_shapes"] is broadcast_shapes


def test_the_tests_own_functions_and_probes_run_where_the_answer_lives():
    def square(v):
        return v * v

    def probe(variables, n):
        "calls the student's apply with a list"
        return [variables.function("apply")(i) for i in range(n)]

    ns = LocalNamespace({"apply": lambda i: i + 1,
                         "gradient": lambda f, x: (f(x + 1e-3) - f(x - 1e-3)) / 2e-3})
    assert ns.probe(probe, 3) == [1, 2, 3]
    assert abs(ns.function("gradient")(Code(square), 3.0) - 6.0) < 1e-6


def test_a_test_without_points_or_question_is_rejected():
    ex = ExerciseSet("ch99", title="t")
    with pytest.raises(ValueError, match="declare question q1"):
        ex.test("q1")
    ex.question("q1", "x")
    with pytest.raises(ValueError, match="positive"):
        ex.test("q1", points=0)


def test_an_unknown_set_is_a_clear_error():
    with pytest.raises(ValueError, match="no exercise set 'ch98'"):
        load_set("ch98")
    with pytest.raises(ValueError, match="look like 'ch01'"):
        load_set("chapter1")


def test_not_attempted_is_an_exception_tests_can_raise():
    with pytest.raises(NotAttempted):
        LocalNamespace({"x": ...}).value("x")


# --- check, hint, start ---------------------------------------------------------------------


@pytest.fixture
def started(monkeypatch):
    """A notebook session on the tiny set, as if start("ch99") had run."""
    monkeypatch.setattr(notebook, "_session", notebook._Session(tiny_set()))
    monkeypatch.delenv(notebook.GRADING_VAR, raising=False)


def test_check_without_start_says_what_to_do(monkeypatch, capsys):
    monkeypatch.setattr(notebook, "_session", None)
    notebook.check("q1")
    assert 'Run start("chNN") first' in capsys.readouterr().out


def test_check_prints_marks_messages_points_and_hidden_tests(started, capsys):
    # check() reads the variables of the code that calls it, here a notebook-like namespace
    exec('check("q1")', {"check": notebook.check, "double": lambda x: 5})
    out = capsys.readouterr().out
    assert "q1 Double: 0 of 1 points" in out
    assert "✗ double(2) is 4 (0/1)" in out and "double(2) returned 5, expected 4" in out
    assert "+ 1 hidden test (2 points) will run at grading" in out


def test_check_of_an_unanswered_question_says_not_attempted(started, capsys):
    notebook.check("q2")
    out = capsys.readouterr().out
    assert "not attempted" in out and "Traceback" not in out


def test_check_of_an_unknown_question_lists_the_valid_ones(started, capsys):
    notebook.check("q7")
    assert "its questions are q1, q2" in capsys.readouterr().out


def test_hint_shows_one_more_hint_per_call(started, capsys):
    notebook.hint("q1")
    first = capsys.readouterr().out
    notebook.hint("q1")
    second = capsys.readouterr().out
    notebook.hint("q1")
    third = capsys.readouterr().out
    assert "Hint 1 of 2" in first and "Hint 2" not in first
    assert "Hint 1 of 2" in second and "Hint 2 of 2" in second and "last hint" in second
    assert third == second


def test_start_loads_a_set_and_says_how_to_use_it(monkeypatch, capsys):
    monkeypatch.setattr(notebook, "_session", None)
    notebook.start("ch01")
    out = capsys.readouterr().out
    assert "Chapter 1 exercises" in out and 'check("q1")' in out and 'hint("q1")' in out


def _right_double(x):
    return 2 * x


def test_an_earlier_answer_can_be_replaced_so_a_mistake_is_not_charged_twice():
    variables: dict = {}
    exec("def double(x):\n    return 3 * x\n"          # the earlier answer: wrong
         "def quadruple(x):\n    return double(double(x))", variables)
    ns = LocalNamespace(variables)
    assert ns.function("quadruple")(1) == 9
    assert ns.function("quadruple", replace={"double": _right_double})(1) == 4
    assert ns.function("double")(1) == 3, "the student's own function is back after the call"


def test_an_answer_that_switches_autograd_off_does_not_break_the_next_ones():
    import torch

    def evaluate(x):
        torch.set_grad_enabled(False)  # never switched back on
        return x

    def gradient(x):
        w = torch.tensor(float(x), requires_grad=True)
        (w * w).backward()
        return float(w.grad)

    ns = LocalNamespace({"evaluate": evaluate, "gradient": gradient})
    assert ns.function("evaluate")(1.0) == 1.0
    assert torch.is_grad_enabled()
    assert ns.function("gradient")(3.0) == 6.0


def test_a_ban_on_an_inherited_method_leaves_the_class_inheriting_again():
    from utils.grading.in_kernel import BannedCall, bans

    class Base:
        def step(self):
            return "base"

    class Child(Base):
        pass

    import types
    module = types.ModuleType("fake_optim")
    module.Base, module.Child = Base, Child
    import sys
    sys.modules["fake_optim"] = module
    try:
        with bans(["fake_optim.Child.step"], {}):
            assert "step" in Child.__dict__
        assert "step" not in Child.__dict__ and Child().step() == "base"
        with bans(["fake_optim.Base.step"], {}):
            with pytest.raises(BannedCall):
                Child().step()
        assert Child().step() == "base"
    finally:
        del sys.modules["fake_optim"]


def test_a_human_graded_item_needs_a_key_points_and_criteria():
    ex = ExerciseSet("ch99", title="t")
    item = ex.human("h1", "Error analysis", points=4, criteria="  A hypothesis, tested. ")
    assert (item.points, item.criteria, ex.human_points, ex.points) == (
        4.0, "A hypothesis, tested.", 4.0, 0)
    with pytest.raises(ValueError, match="declared twice"):
        ex.human("h1", "Again", points=1, criteria="x")
    with pytest.raises(ValueError, match="keys like 'h1'"):
        ex.human("q2", "Writing", points=1, criteria="x")
    with pytest.raises(ValueError, match="positive points"):
        ex.human("h2", "Writing", points=0, criteria="x")
    with pytest.raises(ValueError, match="criteria"):
        ex.human("h2", "Writing", points=1, criteria=" ")
