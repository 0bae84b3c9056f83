"""The set-up a newcomer relies on: one dependency list, the README's commands, `make lab`."""

import json
import os
import re
import shutil
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
tomllib = pytest.importorskip("tomllib", reason="tomllib needs Python 3.11+ (CI uses 3.11)")


def _name(requirement: str) -> str:
    return re.split(r"[<>=!~;\[ ]", requirement, maxsplit=1)[0].strip().lower()


def _pyproject():
    return tomllib.loads((ROOT / "pyproject.toml").read_text())


def _conda_dependencies():
    """The conda and pip entries of environment.yml (a small, flat YAML file)."""
    conda, pip, in_pip = [], [], False
    text = (ROOT / "environment.yml").read_text()
    for line in text.split("\ndependencies:\n", 1)[1].splitlines():
        stripped = line.split("#", 1)[0].rstrip()
        if re.match(r"^\s{2}- pip:\s*$", stripped):
            in_pip = True
        elif m := re.match(r"^\s{6}- (.+)$", stripped):
            if in_pip:
                pip.append(m.group(1).strip())
        elif m := re.match(r"^\s{2}- (.+)$", stripped):
            in_pip = False
            conda.append(m.group(1).strip())
    return conda, pip


def test_environment_yml_matches_pyproject():
    project = _pyproject()["project"]
    extras = project["optional-dependencies"]
    wanted = project["dependencies"] + extras["dev"] + extras["update"]
    conda, pip = _conda_dependencies()
    spec = {_name(r): r.replace(" ", "") for r in wanted}
    have = {_name(r): r.replace(" ", "") for r in conda if _name(r) not in {"python", "pip"}}
    assert have == spec, (
        "environment.yml and pyproject.toml (dependencies + dev and update extras) list different "
        f"packages or bounds:\n  only in pyproject: "
        f"{sorted(set(spec.items()) - set(have.items()))}"
        f"\n  only in environment.yml: {sorted(set(have.items()) - set(spec.items()))}"
    )
    assert any(r.startswith("python=") for r in conda), "pin python in environment.yml"
    assert pip == ["--editable ."], "the pip section must install the project itself"


def test_dependencies_have_lower_bounds_only():
    project = _pyproject()["project"]
    extras = project["optional-dependencies"].values()
    for req in project["dependencies"] + [r for group in extras for r in group]:
        assert ">=" in req and "==" not in req and "<" not in req.replace("<=", ""), req


def test_readme_gives_the_two_commands_first_and_ci_runs_the_test_one():
    readme = (ROOT / "README.md").read_text()
    blocks = re.findall(r"```bash\n(.*?)```", readme, flags=re.S)
    commands = [line.split("#")[0].strip() for line in blocks[0].splitlines()]
    assert commands == ["make lab", "make test"]
    assert readme.index("make lab") < readme.index("conda env create -f environment.yml")
    ci = (ROOT / ".ci" / "run").read_text()
    ci_commands = [
        line.strip()
        for line in ci.splitlines()
        if line.strip() and not line.lstrip().startswith("#")
    ]
    assert ci_commands[-1] == "make test", "CI's last step must be the README's test command"
    # the whole script must parse: a bad merge once spliced a block into a comment line
    subprocess.run(["bash", "-n", str(ROOT / ".ci" / "run")], check=True)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as err:
        return err.code, err.read()


@pytest.mark.skipif(shutil.which("make") is None, reason="`make` is not installed")
def test_make_lab_serves_the_start_page(tmp_path):
    port, token = _free_port(), "course-test-token"
    env = {
        **os.environ,
        "JUPYTER_RUNTIME_DIR": str(tmp_path / "runtime"),
        "JUPYTERLAB_WORKSPACES_DIR": str(tmp_path / "workspaces"),
        "LAB_ARGS": (
            f"--no-browser --ServerApp.ip=127.0.0.1 --ServerApp.port={port} "
            f"--ServerApp.port_retries=0 --IdentityProvider.token={token}"
        ),
    }
    log = (tmp_path / "lab.log").open("wb")
    stray = ROOT / "course_test_stray.egg-info"  # what an editable install leaves
    stray.mkdir(exist_ok=True)
    proc = subprocess.Popen(
        ["make", "--no-print-directory", "lab"],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 90
        while True:
            if proc.poll() is not None or time.monotonic() > deadline:
                pytest.fail("make lab did not start:\n" + (tmp_path / "lab.log").read_text())
            try:
                if _get(f"{base}/api/status?token={token}")[0] == 200:
                    break
            except OSError:
                pass
            time.sleep(0.5)

        status, page = _get(f"{base}/lab/tree/course/start.ipynb?token={token}")
        assert status == 200 and b"JupyterLab" in page
        # the address it prints (for a browser that did not open by itself) is that page
        printed = (tmp_path / "lab.log").read_text()
        assert f"{base}/lab/tree/course/start.ipynb?token=" in printed

        status, body = _get(f"{base}/api/contents?token={token}")
        names = {item["name"] for item in json.loads(body)["content"]}
        assert {"course", "lessons"} <= names and stray.name not in names

        status, body = _get(f"{base}/api/contents/course/start.ipynb?token={token}")
        assert status == 200
        model = json.loads(body)
        first = model["content"]["cells"][0]["source"]
        assert first.startswith("# Backpropagation and Gradient Descent")

        status, _ = _get(f"{base}/api/contents/course/start.ipynb")  # no token
        assert status == 403
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGTERM)
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
        log.close()
        stray.rmdir()
