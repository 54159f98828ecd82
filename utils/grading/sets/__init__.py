"""The tests of each chapter's exercises, one module per set: ``ch01.py``, ``ch02.py``...

They ship with the package so that ``check`` works in Colab. Adding the exercises of
chapter NN takes five files and no change to the grading code:

1. ``solutions/NN_slug.md``: title ``# Chapter N solutions``; the Colab setup cell; the
   imports and ``start("chNN")``; per question, its text, a code cell tagged ``hide-input``
   whose answer lies between ``### BEGIN SOLUTION`` and ``### END SOLUTION``, and a cell
   ``check("qN")``. Markdown meant for the solutions only goes between
   ``<!-- BEGIN SOLUTION -->`` and ``<!-- END SOLUTION -->``.
2. ``utils/grading/sets/chNN.py``: ``ex = ExerciseSet("chNN", title=...)``, each question
   with ``ex.question`` (hints that lead without giving the answer away, ``bans=`` for the
   functions it forbids, ``transfer=True`` when it applies an idea to a case the chapter
   did not code: at least half of the points), public and hidden tests with ``@ex.test``.
3. ``tests/wrong_answers/chNN.py``: at least four plausible wrong answers per question,
   written as a student would (in-place changes of inputs, banned calls, missed edge cases,
   wrong structure...); each must lose points.
4. ``tests/right_answers/chNN.py``: at least two right answers per question in other valid
   styles (loops vs vectorised, lists vs arrays where the question allows, other dtypes,
   ``F.relu`` vs ``nn.ReLU``...); each must keep full marks.
5. ``exercises/NN_slug.md`` and ``.ipynb``, written by ``python -m utils.grading generate``.

How a test is written
---------------------
A test runs in the grader's process and never touches the student's objects: it asks
for answers as plain data (numbers, strings, lists, tuples, dicts, NumPy arrays, torch
tensors) and judges them there::

    got = ns.function("accuracy")(scores, labels)   # arrays in, plain data out
    value = ns.value("answer")                      # a variable, as plain data

``ns.function`` fails the test when the function changes an argument in place (pass
``may_modify=True`` where the question asks for that) and, with ``may_alias=False``, when
it returns a view of an argument. A function the test hands to the student's code is sent
as source: ``ns.function("numerical_gradient")(Code(_sum_of_squares), w)`` with
``_sum_of_squares`` a module-level ``def`` that uses only ``np`` and ``math``; a random
generator as ``Rng(seed)`` (NumPy) or ``Rng(seed, "torch")``. A question that asks for an
error is tested with ``raises("ValueError", lambda: f(x), "f(x)")``.

When the answer is an object (a class, an ``nn.Module``, a ``Dataset``), write a *probe*:
a module-level function ``def _probe(variables, *args)`` whose source is sent to where the
student's code lives; it builds the objects, calls the student's code, and returns plain
data (losses, outputs as arrays, a structure summary from ``utils.grading.structure``)::

    def _block_summary(variables, channels):
        "ResidualBlock(c, c) on a (2, c, 12, 12) input"
        import torch
        from utils.grading.structure import op_trace
        torch.manual_seed(0)
        block = variables.cls("ResidualBlock")(channels, channels)
        x = torch.randn(2, channels, 12, 12)
        return {"out": block(x).detach(), "ops": op_trace(block, x)}

    summary = ns.probe(_block_summary, 8)   # then judged here, against a reference

A probe imports what it needs inside its body (only ``np`` and ``math`` are given) and
holds no reference answer: references are computed in the test, here. ``variables``
offers ``value(name)``, ``function(name)`` (not attempted when it returns ``None``/``...``)
and ``cls(name)`` (not attempted while the class has no methods of its own).
"""
