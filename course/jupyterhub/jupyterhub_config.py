"""JupyterHub for a class taking the course, on one server.

From a clone of the course on the server, in a folder every learner can read (Python
>= 3.10, git, Node.js >= 18); README.md, "Teach a class", has the steps::

    python3 -m venv .venv && .venv/bin/pip install -e '.[hub]'
    (cd course/jupyterhub && npm ci)          # the proxy, at the version package-lock.json pins
    sudo COURSE_REPO=https://github.com/ORG/backprop-course \\
        .venv/bin/jupyterhub -f course/jupyterhub/jupyterhub_config.py

What this file sets is the course's part, the same for every hub:

- every learner's server opens the course's nbgitpuller link: the first visit clones the
  course into ``~/<COURSE_FOLDER>``, every later one merges the newest course into that
  copy, keeping the learner's work, and JupyterLab then opens the start page;
- the learner's kernel imports ``helpers`` from that copy (``PYTHONPATH``), so lessons
  and helpers stay in step when the course is updated during term;
- idle kernels are shut down after 20 minutes and an idle server after an hour, by the
  single-user server itself (the memory goes back to the class; the work is saved);
- per-learner memory and CPU, from the measurement in ``course/instructor-guide.md``
  (enforced by spawners that can, such as SystemdSpawner; the default LocalProcessSpawner
  only passes them on as ``MEM_LIMIT`` and ``CPU_LIMIT``);
- the proxy installed next to this file by ``npm ci`` (else configurable-http-proxy on PATH).

Who may log in and how servers start is the site's part, and stays JupyterHub's default
unless you add lines at the end of this file (or in a file that starts with
``load_subconfig("course/jupyterhub/jupyterhub_config.py")``): PAM, the server's Unix
accounts, with LocalProcessSpawner, each learner's server running as their own Unix user
in their home folder. The course's test runs this file with DummyAuthenticator and
SimpleLocalProcessSpawner instead, which are for testing only.

Environment variables
---------------------
COURSE_REPO
    The git URL learners pull the course from (required).
COURSE_BRANCH
    Its branch (default ``main``).
COURSE_FOLDER
    The folder of each learner's copy, in their home (default: the repository's name).
COURSE_ADMINS, COURSE_LEARNERS
    Comma-separated user names: the hub's admins (instructors), and who may log in.
"""

import os
import sys
from pathlib import Path
from urllib.parse import urlencode

c = get_config()  # noqa: F821 - JupyterHub defines get_config for its config files

HERE = Path(__file__).resolve().parent

REPO = os.environ.get("COURSE_REPO", "").strip()
if not REPO:
    sys.exit(
        "course/jupyterhub/jupyterhub_config.py: set COURSE_REPO to the git URL of the course "
        "your learners should pull, e.g. COURSE_REPO=https://github.com/ORG/backprop-course"
    )
BRANCH = os.environ.get("COURSE_BRANCH", "").strip() or "main"
FOLDER = os.environ.get("COURSE_FOLDER", "").strip() or REPO.rstrip("/").split("/")[-1]
FOLDER = FOLDER.removesuffix(".git")

# --- what a learner sees: the course, pulled by nbgitpuller, opened on its start page
PULL = {
    "repo": REPO,
    "branch": BRANCH,
    "targetPath": FOLDER,
    "urlpath": f"lab/tree/{FOLDER}/course/start.ipynb",
}
#: the path of the nbgitpuller link inside a learner's server (hand out the hub's
#: /hub/user-redirect/ followed by this; README.md, "Teach a class", has the full link)
COURSE_LINK = "git-pull?" + urlencode(PULL)
c.Spawner.default_url = "/" + COURSE_LINK
c.Spawner.notebook_dir = "~"
# learners' servers and kernels run in the hub's own environment (with the course's packages)
c.Spawner.cmd = [sys.executable, "-m", "jupyterhub.singleuser"]


def _course_copy(spawner) -> str:
    """The learner's copy of the course, put first on the kernel's import path."""
    home = getattr(spawner, "home_dir", "") or os.path.expanduser(f"~{spawner.user.name}")
    return os.path.join(home, FOLDER)


c.Spawner.environment = {
    "PYTHONPATH": _course_copy,
    # the course's JupyterLab settings (no news prompt, no update check), from this
    # checkout: a learner's own copy does not exist yet when their first server starts
    "JUPYTER_CONFIG_PATH": str(HERE.parent / "jupyter-config"),
}

# --- a learner's share of the server (see the instructor guide's sizing table)
c.Spawner.mem_guarantee = "512M"
c.Spawner.mem_limit = "1G"
c.Spawner.cpu_guarantee = 0.1
c.Spawner.cpu_limit = 1.0

# --- idle culling by the single-user server itself: kernels after 20 min, the server after 1 h
c.Spawner.args = [
    "--MappingKernelManager.cull_idle_timeout=1200",
    "--MappingKernelManager.cull_interval=120",
    "--ServerApp.shutdown_no_activity_timeout=3600",
]

# --- the proxy: the one `npm ci` installed here, pinned by package-lock.json
_proxy = HERE / "node_modules" / ".bin" / "configurable-http-proxy"
if _proxy.exists():
    c.ConfigurableHTTPProxy.command = [str(_proxy)]

# --- who is who (the authenticator itself is the site's choice, see above)
_admins = {n.strip() for n in os.environ.get("COURSE_ADMINS", "").split(",") if n.strip()}
_learners = {n.strip() for n in os.environ.get("COURSE_LEARNERS", "").split(",") if n.strip()}
if _admins:
    c.Authenticator.admin_users = _admins
if _learners:
    c.Authenticator.allowed_users = _learners
