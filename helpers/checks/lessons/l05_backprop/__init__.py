"""Lesson 5's exercises, in the order the lesson asks them: the predictions of steps 9
to 12, backward, numerical_gradient, and the transfer exercise backward_tanh.

One module per job: :mod:`.predictions`, :mod:`.backward` (backward and
numerical_gradient) and :mod:`.transfer`.
"""

from .backward import BACKWARD, NUMERICAL_GRADIENT
from .predictions import PREDICTIONS
from .transfer import TRANSFER

EXERCISES = [*PREDICTIONS, BACKWARD, NUMERICAL_GRADIENT, TRANSFER]
