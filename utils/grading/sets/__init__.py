"""The tests of each chapter's exercises, one module per set: ``ch01.py``, ``ch02.py``...

Each module defines ``ex = ExerciseSet("chNN", ...)`` (see ``utils/grading/registry.py``).
They ship with the package so that ``check`` works in Colab.
"""
