"""The tests of each chapter's exercises, one module per set: ``ch01.py``, ``ch02.py``...

They ship with the package so that ``check`` works in Colab. Adding the exercises of
chapter NN takes four files and no change to the grading code:

1. ``solutions/NN_slug.md``: title ``# Chapter N solutions``; the Colab setup cell; the
   imports and ``start("chNN")``; per question, its text, a code cell tagged ``hide-input``
   whose answer lies between ``### BEGIN SOLUTION`` and ``### END SOLUTION``, and a cell
   ``check("qN")``. Markdown meant for the solutions only goes between
   ``<!-- BEGIN SOLUTION -->`` and ``<!-- END SOLUTION -->``.
2. ``utils/grading/sets/chNN.py``: ``ex = ExerciseSet("chNN", title=...)``, each question
   with ``ex.question`` and its hints, public and hidden tests with ``@ex.test``
   (``utils/grading/registry.py`` shows how; ``ch01.py`` is an example).
3. ``tests/wrong_answers/chNN.py``: at least two plausible wrong answers per question.
4. ``exercises/NN_slug.md`` and ``.ipynb``, written by ``python -m utils.grading generate``.
"""
