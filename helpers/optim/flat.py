"""Optimizer steps for a training loop that checked its inputs once (:func:`helpers.train`).

:meth:`Optimizer.step` checks every gradient and then runs the readable rule once per
parameter: right for a learner's own loop, but on the course's small networks a step of
six tiny arrays costs more in checks and calls than in arithmetic. A :class:`Stepper`
does the same step without the checks, in one of two ways:

* **flat**, for an optimizer whose rule is elementwise (:attr:`Optimizer.elementwise`:
  SGD, momentum, RMSProp, Adam): the parameters are laid end to end in one buffer, the
  gradients are copied into a second one each step, and the rule runs once
  (:meth:`Optimizer.update_inplace`) on all of them. An elementwise rule gives every
  entry the same number whichever array it sits in, so this is the same maths, entry by
  entry, as one call per parameter. The divergence check is one ``isfinite`` over all
  the gradients. The optimizer's ``state[name]`` arrays become views of the flat state,
  so they always hold what per-parameter steps would have left there, and
  :meth:`Stepper.finish` copies the parameters back into the caller's arrays.
* **per parameter**, for any other optimizer: the caller's arrays are updated in place,
  one :meth:`Optimizer.update_inplace` per parameter (whose default is the readable
  :meth:`Optimizer.update`), with the gradients ``backward`` returned. When a saved state
  does not have the parameters' shapes (an optimizer reused on another network), or a
  parameter is not C-contiguous, the readable :meth:`Optimizer.update` runs, exactly as
  :meth:`Optimizer.step` would.
"""

from __future__ import annotations

from collections.abc import Mapping, MutableMapping

import numpy as np

from ..validate import all_finite
from .base import Optimizer, check_updatable

__all__ = ["Stepper"]


class Stepper:
    """Step ``optimizer`` on ``params`` with no per-step checks (for a training loop).

    Use :attr:`params` for the forward and backward passes, then :meth:`load` the
    gradients (False if one is NaN or infinite) and :meth:`step`; call :meth:`finish`
    when the loop ends, however it ends, so ``params`` holds the trained values.

    Parameters
    ----------
    optimizer : Optimizer
    params : dict name -> float64 ndarray, updated in place (checked here, once)

    Attributes
    ----------
    params : dict name -> float64 ndarray of the same shapes: the arrays to train
        with, views of one buffer in flat mode, else ``params`` itself
    flat : bool, whether the step is one call on all the parameters laid end to end

    Raises
    ------
    TypeError
        If a parameter is not a float64 ndarray (as :meth:`Optimizer.step` does).
    """

    def __init__(self, optimizer: Optimizer, params: MutableMapping[str, np.ndarray]) -> None:
        self.optimizer = optimizer
        self._caller = params
        self._names = list(params)
        for name, p in params.items():
            check_updatable(name, p)
        fits = bool(params) and _state_fits(optimizer.state, params)
        self.flat = optimizer.elementwise and fits
        self._inplace = fits  # else the readable rule, whatever state it was left
        if self.flat:
            self._lay_out(params)
        else:
            self.params = params
            self._work = {name: np.empty_like(p) for name, p in params.items()}
            self._grads: Mapping[str, np.ndarray] = {}

    def _lay_out(self, params: Mapping[str, np.ndarray]) -> None:
        """Copy the parameters, and their state if any, into flat buffers."""
        stops = [int(n) for n in np.cumsum([params[k].size for k in self._names])]
        self._slices = [slice(a, b) for a, b in zip([0, *stops[:-1]], stops, strict=True)]
        self._shapes = [params[k].shape for k in self._names]
        self._p = np.empty(stops[-1])
        self._g = np.empty_like(self._p)
        self._work = np.empty_like(self._p)
        self.params = self._views(self._p)
        for name, view in self.params.items():
            view[...] = params[name]
        self._gnames = ["d" + name for name in self._names]
        state = self.optimizer.state
        keys = set(state.get(self._names[0], {}))
        self._state: dict[str, np.ndarray] = {}
        for key in keys:
            self._state[key] = np.empty_like(self._p)
            for name, view in self._views(self._state[key]).items():
                view[...] = state[name][key]
        self._shown: dict[str, np.ndarray] = {}
        self._unseen = True  # no state dicts made for the parameters yet
        if keys:  # a saved state: the optimizer shows the flat copy from now on
            self._show_state()

    def _views(self, buffer: np.ndarray) -> dict[str, np.ndarray]:
        return {
            name: buffer[s].reshape(shape)
            for name, s, shape in zip(self._names, self._slices, self._shapes, strict=True)
        }

    def _show_state(self) -> None:
        """Make ``optimizer.state[name][key]`` views of the flat state (when it changed).

        Every parameter gets its dict, even an empty one, as :meth:`Optimizer.step`
        gives it at the first step."""
        if self._unseen:
            for name in self._names:
                self.optimizer.state.setdefault(name, {})
            self._unseen = False
        for key, buffer in self._state.items():
            if self._shown.get(key) is not buffer:
                for name, view in self._views(buffer).items():
                    self.optimizer.state[name][key] = view
                self._shown[key] = buffer

    def load(self, grads: Mapping[str, np.ndarray]) -> bool:
        """Take this step's gradients (dict "d" + name, from ``backward``); False if any
        entry is NaN or infinite, and then :meth:`step` must not be called."""
        if not self.flat:
            self._grads = grads
            return all(all_finite(grads["d" + name]) for name in self._names)
        np.concatenate([grads[k].ravel() for k in self._gnames], out=self._g)
        return all_finite(self._g)

    def step(self) -> None:
        """One update of every parameter with the loaded gradients."""
        opt = self.optimizer
        opt.t += 1
        if self.flat:
            opt.update_inplace(self._p, self._g, self._state, self._work)
            self._show_state()
            return
        for name in self._names:
            p, g = self.params[name], self._grads["d" + name]
            state = opt.state.setdefault(name, {})
            if self._inplace:
                opt.update_inplace(p, g, state, self._work[name])
            else:
                opt.update(p, g, state)

    def finish(self) -> None:
        """Copy the trained values into the caller's arrays (flat mode; else nothing)."""
        if self.flat:
            for name, view in self.params.items():
                self._caller[name][...] = view


def _state_fits(
    state: Mapping[str, Mapping[str, object]], params: Mapping[str, np.ndarray]
) -> bool:
    """True when every parameter's saved state has the same keys, each a float64 array of
    the parameter's shape, and every parameter is C-contiguous (so a flat copy computes
    exactly what the array itself would): the cases the flat layout reproduces."""
    keys = None
    for name, p in params.items():
        own = state.get(name, {})
        if keys is None:
            keys = set(own)
        if set(own) != keys or not p.flags.c_contiguous:
            return False
        for a in own.values():
            if not (isinstance(a, np.ndarray) and a.dtype == np.float64 and a.shape == p.shape):
                return False
    return True
