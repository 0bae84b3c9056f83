"""helpers: the small package behind the course "Backpropagation and Gradient Descent".

The names most lessons use are importable from here; each lives in a module with one
job (``activations``, ``losses``, ``network``, ``gradcheck``, ``data``, ``optim``,
``training``, ``surfaces``, ``plots``). Importing it applies the course's matplotlib
settings (:mod:`helpers.style`).
"""

from .activations import relu, relu_derivative, sigmoid, sigmoid_derivative
from .data import make_circles, make_dataset, make_moons, make_xor, train_val_split
from .gradcheck import grad_check, numerical_gradient, relative_error
from .losses import bce, bce_derivative, bce_from_logits
from .network import backward, forward, init_params, loss, loss_and_grads, predict
from .optim import SGD, Adam, RMSprop, make_optimizer
from .style import use_course_style
from .training import History, minibatches, train

use_course_style()

__all__ = [
    "relu",
    "relu_derivative",
    "sigmoid",
    "sigmoid_derivative",
    "bce",
    "bce_derivative",
    "bce_from_logits",
    "init_params",
    "forward",
    "backward",
    "loss",
    "loss_and_grads",
    "predict",
    "numerical_gradient",
    "relative_error",
    "grad_check",
    "make_moons",
    "make_circles",
    "make_xor",
    "make_dataset",
    "train_val_split",
    "SGD",
    "RMSprop",
    "Adam",
    "make_optimizer",
    "minibatches",
    "History",
    "train",
]
