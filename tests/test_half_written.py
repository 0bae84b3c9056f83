"""A half-written exercise breaks nothing but its own cells.

Each solution notebook is run with every exercise of the lesson put in one broken state
at once (the states are generated from the exercise's own source, not hand-picked):
the cell does not parse, is emptied, is deleted, its function is renamed, returns None,
returns the wrong type, raises inside, or its name is bound to something that is not a
function. Then

- no cell outside the exercise and check cells raises;
- each check raises one line that names its own exercise (so one exercise's breakage
  never shows up as another's failure);
- the lesson says once per exercise that it goes on with the reference.

And an exercise with the right numbers returned as a Python list (a beginner's habit)
breaks nothing either: its check accepts the list or refuses it in one line, and the
cells after it work with what the check let through.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

from helpers.checks import EXERCISES

ROOT = Path(__file__).resolve().parent.parent
SOLUTIONS = sorted((ROOT / "solutions").glob("[0-9][0-9]-*.ipynb"))


def _grade_id(cell) -> str | None:
    return cell.get("metadata", {}).get("nbgrader", {}).get("grade_id")


def _def_line(source: str, name: str) -> str:
    """The exercise's ``def name(...):`` line (one line in every lesson)."""
    match = re.search(rf"^def {name}\(.*\):.*$", source, flags=re.M)
    if match is None:
        raise ValueError(f"no one-line 'def {name}(...):' in the exercise cell")
    return match.group(0)


def _with_body(body: str) -> Callable[[str, str], str]:
    return lambda source, name: f"{_def_line(source, name)}\n    {body}\n"


def _cut_in_half(source: str, name: str) -> str:
    lines = source.splitlines()
    return "\n".join(lines[: max(1, len(lines) // 2)]) + "\n    result = (\n"


#: state -> new source of the exercise cell from (solution source, function name);
#: None deletes the cell
BROKEN: dict[str, Callable[[str, str], str] | None] = {
    "does-not-parse": _cut_in_half,
    "emptied": lambda source, name: "",
    "deleted": None,
    "renamed": lambda source, name: source.replace(f"def {name}(", f"def my_{name}("),
    "returns-none": _with_body("return None"),
    "wrong-type": _with_body('return "not done yet"'),
    "raises-inside": _with_body("return undefined_variable + 1"),
    "not-a-function": lambda source, name: f"{name} = 42\n",
}


def _break(nb, state: str) -> dict[str, str]:
    """Put every exercise of ``nb`` in ``state``; return grade_id -> function name."""
    broken = {}
    keep = []
    for cell in nb.cells:
        ex = EXERCISES.get(_grade_id(cell) or "")
        if ex is None or cell.cell_type != "code":
            keep.append(cell)
            continue
        broken[ex.grade_id] = ex.name
        make = BROKEN[state]
        if make is None:
            continue
        cell.source = make(cell.source, ex.name)
        keep.append(cell)
    nb.cells = keep
    return broken


def _text(cell) -> str:
    """What a cell printed or displayed as plain text."""
    parts = []
    for o in cell.outputs:
        if o.output_type == "stream":
            parts.append(o.text)
        elif o.output_type == "display_data":
            parts.append(o.data.get("text/plain", ""))
    return "".join(parts)


def _run_broken(path: Path, state: str, kernel_manager) -> tuple:
    """The lesson run with every exercise in ``state``: (notebook, grade_id -> name)."""
    nb = nbformat.read(path, as_version=4)
    broken = _break(nb, state)
    assert broken, f"{path.name} has no exercise of the registry"
    NotebookClient(
        nb,
        km=kernel_manager,
        timeout=120,
        allow_errors=True,
        resources={"metadata": {"path": str(path.parent)}},
    ).execute()
    return nb, broken


@pytest.mark.parametrize("state", sorted(BROKEN))
@pytest.mark.parametrize("path", SOLUTIONS, ids=[p.stem for p in SOLUTIONS])
def test_a_broken_exercise_breaks_only_its_own_cells(path, state, kernel_manager):
    nb, broken = _run_broken(path, state, kernel_manager)
    checks_of = {gid + "-check": name for gid, name in broken.items()}
    said = {name: 0 for name in broken.values()}
    for n, cell in enumerate(nb.cells):
        if cell.cell_type != "code":
            continue
        where = f"{path.name} [{state}], cell {n} ({_grade_id(cell) or cell.get('id')})"
        errors = [o for o in cell.outputs if o.output_type == "error"]
        for name in said:
            said[name] += _text(cell).count(f"Using the reference {name} from helpers")
        gid = _grade_id(cell)
        if gid in broken:
            continue  # the broken exercise cell itself may raise anything
        if gid in checks_of:
            name = checks_of[gid]
            assert errors, f"{where}: the check passed on a broken {name}"
            message = errors[0].evalue
            assert message.startswith(name) and "\n" not in message, f"{where}: {message!r}"
            continue
        assert cell.execution_count is not None, f"{where} did not run"
        assert not errors, f"{where} raised {errors[0].ename}: {errors[0].evalue}"
    assert all(count == 1 for count in said.values()), f"{path.name} [{state}]: {said}"


def _as_a_list(source: str, name: str) -> str:
    """The solution, with its array result handed back as a list (``.tolist()``)."""
    return (
        source.replace(f"def {name}(", f"def _solved_{name}(", 1)
        + f"\n\ndef {name}(*args, **kwargs):\n"
        + f"    result = _solved_{name}(*args, **kwargs)\n"
        + "    return result.tolist() if hasattr(result, 'tolist') else result\n"
    )


@pytest.mark.parametrize("path", SOLUTIONS, ids=[p.stem for p in SOLUTIONS])
def test_right_numbers_as_a_list_break_nothing(path, kernel_manager, monkeypatch):
    monkeypatch.setitem(BROKEN, "as-a-list", _as_a_list)
    nb, broken = _run_broken(path, "as-a-list", kernel_manager)
    checks_of = {gid + "-check": name for gid, name in broken.items()}
    refused, said = set(), {name: 0 for name in broken.values()}
    for n, cell in enumerate(nb.cells):
        if cell.cell_type != "code" or _grade_id(cell) in broken:
            continue
        where = f"{path.name} [as a list], cell {n} ({_grade_id(cell) or cell.get('id')})"
        errors = [o for o in cell.outputs if o.output_type == "error"]
        for name in said:
            said[name] += _text(cell).count(f"Using the reference {name} from helpers")
        name = checks_of.get(_grade_id(cell))
        if name and errors:  # refused: one line that names the exercise and says why
            message = errors[0].evalue
            assert message.startswith(name) and "\n" not in message, f"{where}: {message!r}"
            assert "NumPy array" in message, f"{where}: {message!r}"
            refused.add(name)
            continue
        assert cell.execution_count is not None, f"{where} did not run"
        assert not errors, f"{where} raised {errors[0].ename}: {errors[0].evalue}"
    # the reference takes over exactly where the check refused
    assert said == {name: int(name in refused) for name in said}, f"{path.name}: {said}"
