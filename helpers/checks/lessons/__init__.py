"""Each lesson's exercises, one file per lesson (named after its notebook).

A file defines ``EXERCISES``, a list of :class:`helpers.checks.exercise.Exercise`;
:mod:`helpers.checks.registry` finds every file here, so adding an exercise is one entry
in its lesson's file (plus its cells in the notebook).
"""
