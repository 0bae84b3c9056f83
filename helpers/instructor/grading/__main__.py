"""``python -m helpers.instructor.grading NOTEBOOK...``: the same as ``course-grade``."""

import sys

from .cli import main

sys.exit(main())
