"""Graded exercises: ``check`` and ``hint`` in a notebook, and batch grading of submissions.

In an exercise notebook::

    from utils.grading import check, hint, start
    start("ch01")     # load Chapter 1's tests
    check("q1")       # run the public tests of question 1 on your answer
    hint("q1")        # one more hint each time

For instructors: ``python -m utils.grading grade submissions/ --out grades/`` (see
``utils/grading/batch.py``), and ``python -m utils.grading generate`` to write
``exercises/`` from ``solutions/`` (see ``utils/grading/generate.py``).
"""

from utils.grading.notebook import check, hint, start

__all__ = ["check", "hint", "start"]
