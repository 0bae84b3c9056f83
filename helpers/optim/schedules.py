"""Learning-rate schedules: the learning rate as a function of the epoch (lesson 8).

A schedule is a plain function ``epoch -> lr`` (epochs counted from 0), so a training
loop only has to ask it for the rate before each epoch. The two here are the ones a
learner meets first: step decay (Keras' ``ExponentialDecay(staircase=True)``, torch's
``StepLR``) and cosine decay (Keras' ``CosineDecay``, torch's ``CosineAnnealingLR``).
"""

from __future__ import annotations

import math
from collections.abc import Callable

from ..validate import check_int, check_number, check_positive

__all__ = ["constant", "step_decay", "cosine_decay"]


def constant(lr: float) -> Callable[[int], float]:
    """The schedule that keeps ``lr`` (lesson 8): the baseline to compare with."""
    lr = check_positive(lr, "lr")
    return lambda epoch: lr


def step_decay(lr: float, drop: float = 0.5, every: int = 10) -> Callable[[int], float]:
    """lr · drop ** (epoch // every): the rate falls by the factor ``drop`` every
    ``every`` epochs (lesson 8).

    Parameters
    ----------
    lr : float > 0, the rate of epochs 0 to every − 1
    drop : float in (0, 1], the factor applied each time
    every : int ≥ 1, epochs between drops
    """
    lr = check_positive(lr, "lr")
    drop = check_number(drop, "drop")
    if not 0 < drop <= 1:
        raise ValueError(f"drop must be in (0, 1], like 0.5; got {drop}.")
    every = check_int(every, "every", 1)
    return lambda epoch: lr * drop ** (check_int(epoch, "epoch", 0) // every)


def cosine_decay(lr: float, epochs: int, lr_min: float = 0.0) -> Callable[[int], float]:
    """lr_min + (lr − lr_min)·(1 + cos(π·epoch / epochs)) / 2: from lr at epoch 0 down
    to lr_min at epoch ``epochs``, slowly at both ends (lesson 8).

    Parameters
    ----------
    lr : float > 0, the starting rate
    epochs : int ≥ 1, the length of the decay; later epochs stay at lr_min
    lr_min : float in [0, lr), the final rate
    """
    lr = check_positive(lr, "lr")
    epochs = check_int(epochs, "epochs", 1)
    lr_min = check_number(lr_min, "lr_min")
    if not 0 <= lr_min < lr:
        raise ValueError(f"lr_min must be in [0, lr) = [0, {lr}); got {lr_min}.")

    def schedule(epoch: int) -> float:
        e = min(check_int(epoch, "epoch", 0), epochs)
        return lr_min + (lr - lr_min) * (1 + math.cos(math.pi * e / epochs)) / 2

    return schedule
