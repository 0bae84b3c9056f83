"""Instructor tools: the lesson builder and the grader. No notebook imports this package.

Who uses it: instructors (and CI) who write lessons from the solutions and grade a
class's notebooks. Learners never need it; the learner's library is the rest of
:mod:`helpers`.

Modules
-------
build_lessons
    writes ``lessons/`` from ``solutions/`` (``make lessons``, or
    ``python -m helpers.instructor.build_lessons [--solutions DIR] [--lessons DIR]``).
build_record
    what the builder last wrote (``lessons/.build-record.json``), so it never overwrites
    an edited lesson without ``--force``, and the dated backups ``--force`` keeps.
grading
    grades submitted notebooks (``course-grade``, or
    ``python -m helpers.instructor.grading NOTEBOOK... [--solutions DIR]``); split by job
    into ``plan``, ``run``, ``kernel``, ``score``, ``grade``, ``reports`` and ``cli``.
nbgrader_meta
    the one reader of nbgrader's cell metadata, shared by the builder and the grader.
checkout
    finds the course checkout's ``solutions/`` and ``lessons/`` when no folder is given.
"""
