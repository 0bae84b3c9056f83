"""The course on a real JupyterHub: a class of three, each with their own copy.

One JupyterHub runs on 127.0.0.1 (free ports, everything in a temporary folder) with
the course's ``course/jupyterhub/jupyterhub_config.py``, and, for the test only,
JupyterHub's DummyAuthenticator and SimpleLocalProcessSpawner (one home folder per
learner) behind its real configurable-http-proxy (``npm ci`` in course/jupyterhub/,
pinned by package-lock.json). The course is a bare git repository made from this
checkout's files. Then:

- three learners log in through the login form; each opens the course with an
  nbgitpuller link (one by the hub's default URL, as a learner who just logs in) and
  gets their own copy, and lands on the start page;
- one learner saves an edited lesson through the server's contents API (as JupyterLab
  does); the others' copies are unchanged and they cannot reach the editor's server;
- lesson 1 runs cell by cell in a learner's kernel over the kernel websocket through the
  hub's proxy, with errors only at its exercises, and imports helpers from that
  learner's copy; one server's memory (server and kernel, lesson 1 run) and spawn time
  are measured and written to test-artifacts/hub/measurements.json;
- the course pushes an update, a learner opens the link again: the update arrives and
  their edit stays;
- the hub stops on SIGTERM and leaves no process behind (hub, proxy, servers, kernels).

Needs jupyterhub and nbgitpuller (the ``hub`` extra), git, Node.js and the proxy. Without
them the tests skip and say why, except under CI=true, where they fail instead.
"""

from __future__ import annotations

import csv
import html
import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.parse
from pathlib import Path

import nbformat
import pytest
import shipped

ROOT = Path(__file__).resolve().parents[1]
HUB_FOLDER = ROOT / "course" / "jupyterhub"
ARTIFACTS = ROOT / "test-artifacts" / "hub"
IN_CI = os.environ.get("CI", "").lower() == "true"
LEARNERS = ("alice", "bob", "carol")
FOLDER = "backprop-course"  # each learner's copy, in their home
LESSON_1 = "lessons/01-derivatives.ipynb"
LESSON_2 = "lessons/02-gradient-descent.ipynb"
#: the course as a learner's clone holds it (the working tree, not the history)
COURSE_PARTS = ["course", "helpers", "lessons", "pyproject.toml", "README.md", "Makefile"]
ANSWER = "def central_difference(f, x, h=1e-5):\n    return (f(x + h) - f(x - h)) / (2 * h)"
MiB = 1024 * 1024
NBGRADER_EXTENSIONS = ("assignment_list", "course_list", "formgrader", "validate_assignment")


def _proxy() -> str | None:
    local = HUB_FOLDER / "node_modules" / ".bin" / "configurable-http-proxy"
    return str(local) if local.exists() else shutil.which("configurable-http-proxy")


def _requirements() -> None:
    """Skip (locally) or fail (CI=true) naming whatever the hub test is missing."""
    missing = []
    for module, package in [
        ("jupyterhub", "jupyterhub"),
        ("nbgitpuller", "nbgitpuller"),
        ("requests", "requests"),
        ("websocket", "websocket-client"),
        ("psutil", "psutil"),
    ]:
        try:
            __import__(module)
        except ImportError:
            missing.append(f"{package} (pip install -e '.[hub]')")
    for tool in ("git", "node"):
        if shutil.which(tool) is None:
            missing.append(tool)
    if _proxy() is None:
        missing.append("configurable-http-proxy (cd course/jupyterhub && npm ci)")
    if missing:
        reason = "the JupyterHub test needs " + ", ".join(missing)
        if IN_CI:
            pytest.fail(reason + "; CI=true, so this is a failure, not a skip.")
        pytest.skip(reason)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def git(cwd: Path, *args: str) -> str:
    env = dict(
        os.environ,
        GIT_CONFIG_NOSYSTEM="1",
        GIT_AUTHOR_NAME="Course Author",
        GIT_AUTHOR_EMAIL="author@example.org",
        GIT_COMMITTER_NAME="Course Author",
        GIT_COMMITTER_EMAIL="author@example.org",
    )
    return subprocess.run(
        ["git", *args], cwd=cwd, env=env, check=True, capture_output=True, text=True
    ).stdout


def course_link(repo: str) -> str:
    """The nbgitpuller link a class is given, after the hub's address (README's format)."""
    query = urllib.parse.urlencode(
        {
            "repo": repo,
            "branch": "main",
            "targetPath": FOLDER,
            "urlpath": f"lab/tree/{FOLDER}/course/start.ipynb",
        }
    )
    return "/hub/user-redirect/git-pull?" + query


HUB_TEST_CONFIG = """\
# The course's hub configuration, then what only this test changes.
c = get_config()  # noqa: F821
load_subconfig({course_config!r})  # noqa: F821
c.JupyterHub.authenticator_class = "dummy"  # testing only: any password
c.JupyterHub.spawner_class = "simple"  # testing only: no Unix users, no isolation
c.SimpleLocalProcessSpawner.home_dir_template = {homes!r} + "/{{username}}"
# this environment's python3 kernel; no nbgrader server extensions (a test tool of this
# environment, not part of the course's)
c.Spawner.environment.update(
    {{"JUPYTER_PATH": {jupyter_path!r}, "JUPYTER_CONFIG_DIR": {jupyter_config!r}}}
)
if {as_root!r}:
    c.Spawner.args = list(c.Spawner.args) + ["--allow-root"]  # CI runs as root
c.Spawner.start_timeout = 60
c.JupyterHub.bind_url = "http://127.0.0.1:{port}"
c.JupyterHub.hub_ip = "127.0.0.1"
c.JupyterHub.hub_port = {hub_port}
c.ConfigurableHTTPProxy.api_url = "http://127.0.0.1:{proxy_api_port}"
c.ConfigurableHTTPProxy.pid_file = {proxy_pid!r}
c.ConfigurableHTTPProxy.command = [{proxy!r}]
c.JupyterHub.db_url = "sqlite:///" + {db!r}
c.JupyterHub.cookie_secret_file = {cookie!r}
c.JupyterHub.services = [{{"name": "course-test", "api_token": {token!r}}}]
c.JupyterHub.load_roles = [
    {{
        "name": "course-test",
        "services": ["course-test"],
        "scopes": ["admin:users", "admin:servers", "admin:server_state", "tokens"],
    }}
]
"""


class Hub:
    """A running JupyterHub, its admin API, and the learners' browser-like sessions."""

    def __init__(self, tmp: Path):
        import requests

        self.requests = requests
        self.tmp = tmp
        self.port = _free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.token = secrets.token_hex(32)
        self.homes = tmp / "home"
        self.log_path = tmp / "jupyterhub.log"
        self.sessions: dict = {}
        self.spawn_seconds: dict[str, float] = {}
        self.proc: subprocess.Popen | None = None
        self.pids: set[int] = set()

    # -- the course and the hub
    def make_course(self) -> Path:
        """The instructor's repository (this checkout's course files) and its bare copy."""
        author = self.tmp / "author"
        author.mkdir()
        skip = shutil.ignore_patterns("node_modules", "__pycache__", ".ipynb_checkpoints")
        for part in COURSE_PARTS:
            source = ROOT / part
            if source.is_dir():
                shutil.copytree(source, author / part, ignore=skip)
            else:
                shutil.copy2(source, author / part)
        for name in shipped.edited():  # the course as shipped, not a learner's edits
            shutil.copy2(shipped.lesson(name), author / "lessons" / name)
        git(author, "init", "-q", "-b", "main")
        git(author, "add", ".")
        git(author, "commit", "-q", "-m", "The course")
        self.bare = self.tmp / f"{FOLDER}.git"
        git(self.tmp, "clone", "-q", "--bare", str(author), str(self.bare))
        git(author, "remote", "add", "origin", str(self.bare))
        self.author = author
        return self.bare

    def start(self) -> None:
        kernels = self.tmp / "jupyter" / "kernels" / "python3"
        kernels.mkdir(parents=True)
        argv = [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"]
        (kernels / "kernel.json").write_text(
            json.dumps({"argv": argv, "display_name": "Python 3", "language": "python"})
        )
        (self.tmp / "jupyter-config").mkdir()
        off = {f"nbgrader.server_extensions.{e}": False for e in NBGRADER_EXTENSIONS}
        (self.tmp / "jupyter-config" / "jupyter_server_config.json").write_text(
            json.dumps({"ServerApp": {"jpserver_extensions": off}})
        )
        config = self.tmp / "hub_test_config.py"
        config.write_text(
            HUB_TEST_CONFIG.format(
                course_config=str(HUB_FOLDER / "jupyterhub_config.py"),
                homes=str(self.homes),
                jupyter_path=str(self.tmp / "jupyter"),
                jupyter_config=str(self.tmp / "jupyter-config"),
                as_root=os.geteuid() == 0,
                port=self.port,
                hub_port=_free_port(),
                proxy_api_port=_free_port(),
                proxy_pid=str(self.tmp / "proxy.pid"),
                proxy=_proxy(),
                db=str(self.tmp / "jupyterhub.sqlite"),
                cookie=str(self.tmp / "cookie_secret"),
                token=self.token,
            )
        )
        env = dict(os.environ)
        env.update(
            COURSE_REPO=str(self.bare),
            COURSE_LEARNERS=",".join(LEARNERS),
            PATH=os.pathsep.join([str(Path(sys.executable).parent), env.get("PATH", "")]),
        )
        env.pop("JUPYTERHUB_API_TOKEN", None)
        self.log = self.log_path.open("w")
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "jupyterhub", "-f", str(config)],
            cwd=self.tmp,
            env=env,
            stdin=subprocess.DEVNULL,  # a server that reads a terminal asks before stopping
            stdout=self.log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        self.pids.add(self.proc.pid)
        self._wait(lambda: self._status(f"{self.base}/hub/api/") == 200, 60, "the hub to start")

    def _status(self, url: str) -> int | None:
        try:
            return self.requests.get(url, timeout=5).status_code
        except self.requests.RequestException:
            return None

    def _wait(self, ready, seconds: float, what: str) -> float:
        start = time.monotonic()
        while not ready():
            if self.proc.poll() is not None:
                raise AssertionError(f"the hub exited while waiting for {what}:\n{self.tail()}")
            if time.monotonic() - start > seconds:
                raise AssertionError(
                    f"timed out after {seconds} s waiting for {what}:\n{self.tail()}"
                )
            time.sleep(0.1)
        return time.monotonic() - start

    def tail(self, lines: int = 60) -> str:
        self.log.flush()
        return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])

    def api(self, method: str, path: str, **kwargs):
        headers = {"Authorization": f"token {self.token}"}
        return self.requests.request(
            method, f"{self.base}/hub/api{path}", headers=headers, timeout=30, **kwargs
        )

    def server(self, name: str) -> dict:
        return self.api("GET", f"/users/{name}").json()["servers"].get("", {})

    def track(self) -> None:
        """Remember every process of the hub (proxy, servers, kernels), to check at the end."""
        import psutil

        try:
            self.pids |= {p.pid for p in psutil.Process(self.proc.pid).children(recursive=True)}
        except psutil.NoSuchProcess:
            pass

    # -- a learner, as a browser does it
    def login(self, name: str, password: str = "any password"):
        s = self.requests.Session()
        s.get(f"{self.base}/hub/login", timeout=30).raise_for_status()
        xsrf = s.cookies.get("_xsrf", path="/hub/")
        r = s.post(
            f"{self.base}/hub/login",
            data={"username": name, "password": password, "_xsrf": xsrf},
            allow_redirects=False,
            timeout=30,
        )
        if r.status_code == 302:
            self.sessions[name] = s
        return r

    def spawn(self, names) -> None:
        """Start the learners' servers together; record each one's time to ready."""
        started = {}
        for name in names:
            started[name] = time.monotonic()
            r = self.sessions[name].get(f"{self.base}/hub/spawn", allow_redirects=False)
            assert r.status_code in (200, 302), (name, r.status_code, r.text[:300])
        waiting = set(names)

        def ready():
            for name in list(waiting):
                if self.server(name).get("ready"):
                    self.spawn_seconds[name] = time.monotonic() - started[name]
                    waiting.discard(name)
            return not waiting

        self._wait(ready, 60, f"the servers of {', '.join(names)}")
        self.track()

    def pull(self, name: str, url: str) -> str:
        """Open an nbgitpuller link; run its sync as the page's script does; return the
        landing page's path."""
        s = self.sessions[name]
        page = s.get(url, timeout=60)
        assert page.status_code == 200, (page.status_code, page.url, page.text[:500])
        assert f"/user/{name}/git-pull" in page.url, page.url
        data = {
            k: urllib.parse.unquote(html.unescape(v))
            for k, v in re.findall(r'data-([a-z-]+)="([^"]*)"', page.text)
        }
        params = {"_xsrf": data["xsrf"], "repo": data["repo"], "targetpath": data["targetpath"]}
        if "branch" in data:
            params["branch"] = data["branch"]
        events = []
        with s.get(
            f"{self.base}{data['base-url']}git-pull/api", params=params, stream=True, timeout=120
        ) as sync:
            assert sync.status_code == 200, (sync.status_code, sync.text[:500])
            for line in sync.iter_lines(decode_unicode=True):
                if line and line.startswith("data: "):
                    events.append(json.loads(line[len("data: ") :]))
                    if events[-1].get("phase") in ("finished", "error"):
                        break
        assert events and events[-1]["phase"] == "finished", json.dumps(events[-3:], indent=1)
        landing = data["base-url"] + data["path"]
        r = s.get(f"{self.base}{landing}", timeout=60)
        assert r.status_code == 200 and "JupyterLab" in r.text, (r.status_code, landing)
        return landing

    def contents(self, name: str, path: str, owner: str | None = None):
        owner = owner or name
        return self.sessions[name].get(
            f"{self.base}/user/{owner}/api/contents/{FOLDER}/{path}", timeout=30
        )

    def save(self, name: str, path: str, nb) -> None:
        s = self.sessions[name]
        xsrf = s.cookies.get("_xsrf", path=f"/user/{name}/")
        r = s.put(
            f"{self.base}/user/{name}/api/contents/{FOLDER}/{path}",
            json={"type": "notebook", "format": "json", "content": nb},
            headers={"X-XSRFToken": xsrf},
            timeout=30,
        )
        assert r.status_code == 200, (r.status_code, r.text[:500])

    def copy_of(self, name: str) -> Path:
        return self.homes / name / FOLDER

    # -- stopping
    def stop(self, seconds: float = 30) -> float:
        """SIGTERM the hub (it stops the servers and the proxy); return how long it took."""
        self.track()
        start = time.monotonic()
        self.proc.send_signal(signal.SIGTERM)
        try:
            self.proc.wait(timeout=seconds)
        finally:
            self.log.close()
        return time.monotonic() - start

    def leftovers(self, seconds: float = 10) -> list:
        import psutil

        deadline = time.monotonic() + seconds
        while True:
            alive = []
            for pid in sorted(self.pids):
                try:
                    p = psutil.Process(pid)
                    if p.status() != psutil.STATUS_ZOMBIE:
                        alive.append(p)
                except psutil.NoSuchProcess:
                    pass
            if not alive or time.monotonic() > deadline:
                return alive
            time.sleep(0.2)

    def kill_leftovers(self) -> None:
        for p in self.leftovers(seconds=0):
            try:
                p.kill()
            except Exception:  # gone meanwhile
                pass


@pytest.fixture(scope="module")
def hub(tmp_path_factory):
    """The hub with three learners logged in, each with their copy of the course."""
    _requirements()
    hub = Hub(tmp_path_factory.mktemp("hub"))
    try:
        repo = str(hub.make_course())
        hub.start()
        for name in LEARNERS:
            assert hub.login(name).status_code == 302, hub.tail()
        hub.spawn(["alice"])  # alone: the spawn time of one server
        hub.spawn(["bob", "carol"])  # two at once
        hub.landings = {
            "alice": hub.pull("alice", hub.base + course_link(repo)),
            "bob": hub.pull("bob", f"{hub.base}/user/bob/"),  # the default URL
            "carol": hub.pull("carol", hub.base + course_link(repo)),
        }
        hub.repo = repo
        yield hub
    finally:
        if hub.proc is not None and hub.proc.poll() is None:
            hub.stop()
        hub.kill_leftovers()
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        if hub.log_path.exists():
            shutil.copy(hub.log_path, ARTIFACTS / "jupyterhub.log")


def _nbgrader(cell) -> dict:
    return cell.get("metadata", {}).get("nbgrader", {})


def test_a_name_not_in_the_class_cannot_log_in(hub):
    assert hub.login("mallory").status_code == 403


def test_each_learner_gets_their_own_copy_and_lands_on_the_start_page(hub):
    for name in LEARNERS:
        copy = hub.copy_of(name)
        assert (copy / ".git").is_dir(), f"{name} has no clone at {copy}"
        assert git(copy, "remote", "get-url", "origin").strip() == hub.repo
        assert hub.landings[name] == f"/user/{name}/lab/tree/{FOLDER}/course/start.ipynb"
        for path in (LESSON_1, LESSON_2, "course/start.ipynb"):
            assert (copy / path).read_bytes() == (hub.author / path).read_bytes(), (name, path)
    inodes = {(hub.copy_of(n) / LESSON_1).stat().st_ino for n in LEARNERS}
    assert len(inodes) == 3


def test_a_saved_edit_stays_with_its_learner(hub):
    model = hub.contents("alice", LESSON_1).json()
    nb = model["content"]
    cell = next(c for c in nb["cells"] if _nbgrader(c).get("grade_id") == "l1-central-difference")
    cell["source"] = ANSWER
    hub.save("alice", LESSON_1, nb)

    saved = nbformat.read(hub.copy_of("alice") / LESSON_1, as_version=4)
    assert any(c.source == ANSWER for c in saved.cells)
    for other in ("bob", "carol"):
        assert (hub.copy_of(other) / LESSON_1).read_bytes() == (hub.author / LESSON_1).read_bytes()
        theirs = hub.contents(other, LESSON_1).json()["content"]["cells"]
        assert not any(c["source"] == ANSWER for c in theirs)
    # and alice cannot reach another learner's server at all
    assert hub.contents("alice", LESSON_1, owner="bob").status_code == 403


class KernelSocket:
    """Runs code in a kernel over the websocket of a learner's server, as JupyterLab does
    (jupyter_server's JSON websocket protocol; messages made by jupyter_client's Session)."""

    def __init__(self, url: str, token: str):
        import websocket
        from jupyter_client.session import Session

        self.ws = websocket.create_connection(url, header=[f"Authorization: token {token}"])
        self.session = Session(username="course-test")

    def run(self, code: str, timeout: float = 120) -> tuple[str, list[dict], str]:
        from jupyter_client.jsonutil import json_default

        msg = self.session.msg(
            "execute_request",
            {"code": code, "silent": False, "store_history": True, "allow_stdin": False},
        )
        msg["channel"] = "shell"
        self.ws.send(json.dumps(msg, default=json_default))
        msg_id = msg["header"]["msg_id"]
        status, errors, text, idle = None, [], [], False
        deadline = time.monotonic() + timeout
        while status is None or not idle:
            self.ws.settimeout(max(0.1, deadline - time.monotonic()))
            reply = json.loads(self.ws.recv())
            if reply.get("parent_header", {}).get("msg_id") != msg_id:
                continue
            kind = reply["header"]["msg_type"]
            if reply["channel"] == "shell" and kind == "execute_reply":
                status = reply["content"]["status"]
            elif kind == "error":
                errors.append(reply["content"])
            elif kind == "stream":
                text.append(reply["content"]["text"])
            elif kind == "status" and reply["content"]["execution_state"] == "idle":
                idle = True
        return status, errors, "".join(text)

    def close(self) -> None:
        self.ws.close()


def test_lesson_1_runs_in_a_learners_server_with_errors_only_at_exercises(hub):
    import psutil

    name = "carol"
    token = hub.api(
        "POST", f"/users/{name}/tokens", json={"scopes": [f"access:servers!user={name}"]}
    ).json()["token"]
    auth = {"Authorization": f"token {token}"}
    server = f"{hub.base}/user/{name}"
    # the learner's JupyterLab has the course's quiet settings: no news question, no news
    notification = hub.requests.get(
        f"{server}/lab/api/settings/@jupyterlab/apputils-extension:notification",
        headers=auth,
        timeout=30,
    ).json()
    assert notification["schema"]["properties"]["fetchNews"]["default"] == "false"
    news = hub.requests.get(f"{server}/lab/api/news", headers=auth, timeout=30).json()
    assert news == {"news": []}
    lesson = hub.requests.get(
        f"{server}/api/contents/{FOLDER}/{LESSON_1}", headers=auth, timeout=30
    ).json()["content"]
    # a session for the notebook, as JupyterLab opens it (the kernel runs in lessons/)
    session = hub.requests.post(
        f"{server}/api/sessions",
        headers=auth,
        json={"path": f"{FOLDER}/{LESSON_1}", "type": "notebook", "kernel": {"name": "python3"}},
        timeout=60,
    )
    assert session.status_code == 201, session.text
    kernel_id = session.json()["kernel"]["id"]
    ws_url = f"ws://127.0.0.1:{hub.port}/user/{name}/api/kernels/{kernel_id}/channels"
    kernel = KernelSocket(ws_url, token)
    try:
        start = time.monotonic()
        ran = exercises = 0
        for n, cell in enumerate(lesson["cells"]):
            if cell["cell_type"] != "code":
                continue
            status, errors, _ = kernel.run(cell["source"])
            meta = _nbgrader(cell)
            where = f"{LESSON_1}, cell {n} ({cell.get('id')})"
            if meta.get("solution") or meta.get("grade"):
                exercises += 1
                if errors and meta.get("grade"):
                    assert "not attempted yet" in errors[0]["evalue"], (where, errors[0])
                continue
            assert status == "ok" and not errors, (where, errors and errors[0]["evalue"])
            ran += 1
        lesson_seconds = time.monotonic() - start
        assert ran > 10 and exercises == 4
        status, _, out = kernel.run(
            "import os, helpers\nprint(helpers.__file__)\nprint(os.getcwd())"
        )
        module, cwd = out.split()
        assert status == "ok"
        assert Path(module) == hub.copy_of(name) / "helpers" / "__init__.py"  # PYTHONPATH
        assert Path(cwd) == hub.copy_of(name) / "lessons"

        # one learner's server with lesson 1 run: the server and its kernel
        pid = hub.server(name)["state"]["pid"]
        processes = [psutil.Process(pid), *psutil.Process(pid).children(recursive=True)]
        rss = {p.pid: p.memory_info().rss for p in processes}
        pss = sum(p.memory_full_info().pss for p in processes)  # shared pages split
        hub.track()
    finally:
        kernel.close()
    measured = {
        "server_and_kernel_rss_mib": round(sum(rss.values()) / MiB, 1),
        "server_rss_mib": round(rss[pid] / MiB, 1),
        "kernel_rss_mib": round((sum(rss.values()) - rss[pid]) / MiB, 1),
        "server_and_kernel_pss_mib": round(pss / MiB, 1),
        "processes": len(rss),
        "spawn_seconds_one_server": round(hub.spawn_seconds["alice"], 2),
        "spawn_seconds_two_at_once": [round(hub.spawn_seconds[n], 2) for n in ("bob", "carol")],
        "lesson_1_seconds_over_websocket": round(lesson_seconds, 2),
    }
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    (ARTIFACTS / "measurements.json").write_text(json.dumps(measured, indent=1) + "\n")
    print("one learner's server:", json.dumps(measured))
    # the course's hub gives each learner 1G; lesson 1 must fit with room to spare
    assert sum(rss.values()) < 0.75 * 1024 * MiB, measured


def test_a_course_update_reaches_a_learner_and_keeps_their_edit(hub):
    name = "bob"
    nb = hub.contents(name, LESSON_2).json()["content"]
    exercise = next(c for c in nb["cells"] if _nbgrader(c).get("solution"))
    exercise["source"] = "# bob's answer\n" + exercise["source"]
    hub.save(name, LESSON_2, nb)
    # the course, meanwhile: a new sentence in lesson 2's introduction, and a new file
    lesson = nbformat.read(hub.author / LESSON_2, as_version=4)
    lesson.cells[0].source += "\n\nAdded during term."
    nbformat.write(lesson, hub.author / LESSON_2)
    (hub.author / "lessons" / "notes-week-3.md").write_text("Notes for week 3.\n")
    git(hub.author, "add", "-A")
    git(hub.author, "commit", "-q", "-m", "Week 3")
    git(hub.author, "push", "-q", "origin", "main")

    hub.pull(name, hub.base + course_link(hub.repo))  # the same link, clicked again

    mine = nbformat.read(hub.copy_of(name) / LESSON_2, as_version=4)
    assert mine.cells[0].source.endswith("Added during term.")
    assert any(c.source.startswith("# bob's answer\n") for c in mine.cells)
    assert (hub.copy_of(name) / "lessons" / "notes-week-3.md").read_text() == "Notes for week 3.\n"
    assert not (hub.copy_of("carol") / "lessons" / "notes-week-3.md").exists()  # not pulled yet


def test_the_instructor_grades_the_class_from_the_learners_homes(hub, tmp_path):
    # what the learners saved so far: alice lesson 1 (one exercise done), bob lesson 2
    # (nothing done yet, merged with an update); carol ran lesson 1 but saved nothing
    homes = sorted(p for p in hub.homes.rglob("lessons/*.ipynb"))
    before = {p: p.read_bytes() for p in homes}
    # copied out as README.md's "Grading the class on that server" does (without sudo)
    inbox, out = tmp_path / "inbox", tmp_path / "grades"
    inbox.mkdir()
    readme_copy = f"cd /home && cp -r --parents */{FOLDER}/lessons /home/grader/inbox/"
    assert readme_copy in (ROOT / "README.md").read_text(encoding="utf-8")
    copy = f"cd {hub.homes} && cp -r --parents */{FOLDER}/lessons {inbox}/"
    subprocess.run(["sh", "-c", copy], check=True, timeout=60)
    graded = subprocess.run(
        [sys.executable, "-m", "helpers.instructor.grading", str(inbox), "--out", str(out)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert graded.returncode == 0, graded.stdout + graded.stderr
    assert "as handed out (never saved): not graded" in graded.stderr
    with open(out / "gradebook.csv", newline="", encoding="utf-8") as f:
        rows = {row["student"]: row for row in csv.DictReader(f)}
    assert sorted(rows) == list(LEARNERS)  # carol too, with nothing handed in
    assert float(rows["alice"]["l1-central-difference"]) > 0
    assert rows["alice"]["02-gradient-descent total"] == ""
    assert float(rows["bob"]["02-gradient-descent total"]) == 0
    assert rows["bob"]["01-derivatives total"] == ""
    assert all(value == "" for key, value in rows["carol"].items() if key != "student")
    results = sorted(p.relative_to(out / "notebooks").as_posix() for p in out.rglob("*.json"))
    assert results == [
        f"alice/{FOLDER}/01-derivatives.json",
        f"bob/{FOLDER}/02-gradient-descent.json",
    ]
    assert {p: p.read_bytes() for p in homes} == before  # grading changed no learner's file


def test_the_hub_stops_cleanly_and_leaves_no_process(hub):
    assert len(hub.pids) >= 1 + 1 + 3, f"expected hub, proxy and 3 servers: {hub.pids}"
    seconds = hub.stop()
    assert hub.proc.returncode == 0, hub.tail()
    left = hub.leftovers()
    assert not left, "still running after the hub stopped: " + ", ".join(
        f"{p.pid} {' '.join(p.cmdline())[:120]}" for p in left
    )
    assert "Cleaning up single-user servers" in hub.log_path.read_text()
    print(f"the hub stopped in {seconds:.1f} s")


# ------------------------------------------------------------------ the hub's files


def _hub_config(monkeypatch, **env):
    """course/jupyterhub/jupyterhub_config.py as JupyterHub loads it, with ``env`` set."""
    from traitlets.config.loader import PyFileConfigLoader

    for name in ("COURSE_REPO", "COURSE_BRANCH", "COURSE_FOLDER", "COURSE_ADMINS"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.delenv("COURSE_LEARNERS", raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    return PyFileConfigLoader("jupyterhub_config.py", str(HUB_FOLDER)).load_config()


GITHUB = "https://github.com/ORG/backprop-course"


def _query(url: str) -> dict:
    return dict(urllib.parse.parse_qsl(urllib.parse.urlsplit(url).query, strict_parsing=True))


def test_the_hub_config_asks_for_the_course_repository(monkeypatch):
    with pytest.raises(SystemExit) as info:
        _hub_config(monkeypatch)
    assert "set COURSE_REPO to the git URL of the course" in str(info.value)


def test_the_hub_config_opens_the_course_for_every_learner(monkeypatch):
    from types import SimpleNamespace

    c = _hub_config(
        monkeypatch, COURSE_REPO=GITHUB + ".git", COURSE_ADMINS="ada", COURSE_LEARNERS="b, c"
    )
    assert c.Spawner.default_url.startswith("/git-pull?")
    assert _query(c.Spawner.default_url) == _query(course_link(GITHUB + ".git"))  # folder: no .git
    learner = SimpleNamespace(home_dir="/home/b", user=SimpleNamespace(name="b"))
    assert c.Spawner.environment["PYTHONPATH"](learner) == f"/home/b/{FOLDER}"
    assert c.Spawner.cmd == [sys.executable, "-m", "jupyterhub.singleuser"]
    assert c.Authenticator.admin_users == {"ada"} and c.Authenticator.allowed_users == {"b", "c"}
    assert "--ServerApp.shutdown_no_activity_timeout=3600" in c.Spawner.args
    local = HUB_FOLDER / "node_modules" / ".bin" / "configurable-http-proxy"
    if local.exists():
        assert c.ConfigurableHTTPProxy.command == [str(local)]


def test_readme_link_and_both_hub_configs_agree(monkeypatch):
    yaml = pytest.importorskip("yaml")
    readme = (ROOT / "README.md").read_text()
    links = re.findall(r"https://HUB(/hub/user-redirect/git-pull\?\S+)", readme)
    assert links, "README.md shows no nbgitpuller link"
    expected = _query(course_link(GITHUB))
    assert all(_query(link) == expected for link in links)
    z2jh = yaml.safe_load((HUB_FOLDER / "config.yaml").read_text())
    single = z2jh["singleuser"]
    assert _query(single["defaultUrl"]) == expected
    assert single["extraEnv"]["PYTHONPATH"] == f"/home/jovyan/{FOLDER}"
    c = _hub_config(monkeypatch, COURSE_REPO=GITHUB)
    assert single["memory"] == {"guarantee": c.Spawner.mem_guarantee, "limit": c.Spawner.mem_limit}
    assert single["cpu"] == {"guarantee": c.Spawner.cpu_guarantee, "limit": c.Spawner.cpu_limit}
    assert z2jh["cull"]["enabled"] is True and z2jh["cull"]["timeout"] == 3600
    # not the chart's default DummyAuthenticator, and no password shipped
    assert z2jh["hub"]["config"]["JupyterHub"]["authenticator_class"] == "shared-password"
    assert set(z2jh["hub"]["config"]["SharedPasswordAuthenticator"].values()) == {""}


def test_the_proxy_is_pinned_and_its_install_is_not_committed():
    package = json.loads((HUB_FOLDER / "package.json").read_text())
    lock = json.loads((HUB_FOLDER / "package-lock.json").read_text())
    wanted = package["dependencies"]["configurable-http-proxy"]
    locked = lock["packages"]["node_modules/configurable-http-proxy"]["version"]
    assert wanted.startswith(">=") and tuple(map(int, locked.split("."))) >= tuple(
        map(int, wanted[2:].split("."))
    )
    assert lock["packages"][""]["dependencies"] == package["dependencies"]
    ignored = subprocess.run(
        [
            "git",
            "-c",
            "safe.directory=*",
            "check-ignore",
            "-q",
            "course/jupyterhub/node_modules/x",
        ],
        cwd=ROOT,
    )
    assert ignored.returncode == 0, "course/jupyterhub/node_modules must be git-ignored"
    ci = (ROOT / ".ci" / "run").read_text()
    assert "npm ci --prefix course/jupyterhub" in ci


@pytest.mark.parametrize("ci", [False, True])
def test_missing_tools_skip_locally_and_fail_in_ci(monkeypatch, ci):
    monkeypatch.setattr(sys.modules[__name__], "_proxy", lambda: None)
    monkeypatch.setattr(sys.modules[__name__], "IN_CI", ci)
    expected = pytest.fail.Exception if ci else pytest.skip.Exception
    with pytest.raises(expected, match="needs .*configurable-http-proxy"):
        _requirements()
