"""Instructor tools: lesson builder, grader, slides and static site. No notebook imports them.

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
    ``python -m helpers.instructor.grading INPUT... [--out DIR] [--solutions DIR]``), one
    by one or a whole class into a gradebook and a class report; split by job into
    ``plan``, ``run``, ``kernel``, ``score``, ``grade``, ``reports`` and ``cli``, and for a
    class ``collect``, ``store``, ``roster``, ``gradebook``, ``summary``, ``figures``,
    ``class_report``, ``progress`` and ``batch``.
nbgrader_meta
    the one reader of nbgrader's cell metadata, shared by the builder and the grader.
checkout
    finds the course checkout's ``solutions/`` and ``lessons/`` when no folder is given.
slides
    assigns the slide metadata of ``solutions/`` by rule (``make slide-metadata``).
export_slides
    exports lessons as static reveal.js slides that open offline (``make slides``).
site
    builds the static HTML site of the course (``make site``).
static_cells
    captions as alt text, and explorers as a note, for both static exports.
export_assets
    finds reveal.js and MathJax in ``course/export``'s npm install and copies them.
"""
