"""Progress while a class is graded: a bar on a terminal, one plain line per notebook else.

Written here (some thirty lines) rather than taken from a library: none of the course's
dependencies draws one, and tqdm or rich would be a new dependency for one line of
output. On a terminal the bar is redrawn in place (carriage return), with the count,
the time so far and an estimate of the time left; in a log or a CI job, where a carriage
return would pile up, each finished notebook gets its own line.
"""

from __future__ import annotations

import sys
import time
from typing import TextIO

__all__ = ["Progress"]


def _clock(seconds: float) -> str:
    seconds = int(round(seconds))
    return f"{seconds // 60}:{seconds % 60:02d}"


class Progress:
    """Counts finished notebooks out of ``total`` and shows it on ``stream``.

    Parameters
    ----------
    total : how many notebooks there are to grade
    stream : where to write (default: standard error)
    bar : draw a bar (default: when ``stream`` is a terminal)
    width : the bar's width in characters
    """

    def __init__(
        self, total: int, stream: TextIO | None = None, bar: bool | None = None, width: int = 30
    ) -> None:
        self.total = total
        self.stream = sys.stderr if stream is None else stream
        isatty = getattr(self.stream, "isatty", None)
        self.bar = bool(isatty and isatty()) if bar is None else bar
        self.width = width
        self.done = 0
        self.start = time.monotonic()

    def line(self) -> str:
        """The bar's text now: ``[#####-----] 12/30  0:14 elapsed, ~0:21 left``."""
        filled = int(self.width * self.done / self.total) if self.total else self.width
        elapsed = time.monotonic() - self.start
        text = f"[{'#' * filled}{'-' * (self.width - filled)}] {self.done}/{self.total}"
        text += f"  {_clock(elapsed)} elapsed"
        if 0 < self.done < self.total:
            text += f", ~{_clock(elapsed / self.done * (self.total - self.done))} left"
        return text

    def advance(self, what: str) -> None:
        """One notebook is done; ``what`` says which and how it went."""
        what = what.encode("utf-8", "backslashreplace").decode("utf-8")  # a non-UTF-8 name
        self.done += 1
        if self.bar:
            self.stream.write("\r\x1b[K" + self.line())
            if self.done >= self.total:
                self.stream.write("\n")
        else:
            width = len(str(self.total))
            self.stream.write(f"[{self.done:>{width}}/{self.total}] {what}\n")
        self.stream.flush()
