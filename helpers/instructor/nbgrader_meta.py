"""nbgrader's cell metadata, read in one place for the lesson builder and the grader.

An exercise cell carries ``metadata.nbgrader`` with ``solution: true`` and a
``grade_id``; its check cell has ``grade: true``, ``locked: true`` and ``points``
(nbgrader's metadata schema, version 3). Metadata that is not a dict (a hand-edited
or hostile notebook) reads as "no nbgrader metadata".
"""

from __future__ import annotations

from collections.abc import Mapping

__all__ = ["metadata", "grade_id"]


def metadata(cell: Mapping) -> dict:
    """The cell's nbgrader metadata, or ``{}`` when it has none (or none that is a dict).

    Parameters
    ----------
    cell : Mapping
        A notebook cell (an ``nbformat`` node or a plain dict).

    Returns
    -------
    dict
        The cell's ``metadata["nbgrader"]`` itself (not a copy).
    """
    meta = cell.get("metadata", {}).get("nbgrader", {})
    return meta if isinstance(meta, dict) else {}


def grade_id(cell: Mapping) -> str | None:
    """The cell's nbgrader ``grade_id``, or None."""
    return metadata(cell).get("grade_id")
