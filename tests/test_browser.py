"""The explorers in a real browser: JupyterLab driven through Chromium by Playwright.

Starts JupyterLab on 127.0.0.1 (a free port, a random token) in a temporary copy of
tests/fixtures/explorer_demo.ipynb, opens it, runs all cells from the Run menu, waits
for its three explorers to draw, moves the 1-D explorer's learning-rate slider with the
keyboard and checks that the figure changed and no error output appeared. A second test
opens lesson 7 as a learner gets it (exercises unfinished), runs all its cells, moves
the network explorer's batch-size slider and checks that its figure changed. A third
checks that, with the course's settings (course/jupyter-config), JupyterLab asks no
question about news and requests nothing from outside the machine.
Screenshots go to test-artifacts/browser/ on every run.

Needs Chromium (Debian's ``chromium`` package) and the ``playwright`` Python package
(the ``browser`` extra). Without them the test is skipped and says why, except under
CI=true, where it fails instead. Playwright's own browser download is never used.
"""

from __future__ import annotations

import contextlib
import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
import shipped

ROOT = Path(__file__).resolve().parents[1]
FIXTURE = ROOT / "tests" / "fixtures" / "explorer_demo.ipynb"
LESSON_7 = ROOT / "lessons" / "07-minibatch.ipynb"
ARTIFACTS = ROOT / "test-artifacts" / "browser"
LAB_CONFIG = ROOT / "course" / "jupyter-config"  # what `make lab` puts on JUPYTER_CONFIG_PATH
IN_CI = os.environ.get("CI", "").lower() == "true"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
ERROR_OUTPUT = (
    '.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"], '
    '.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.error"]'
)


def _chromium() -> str | None:
    for name in ("chromium", "chromium-browser"):
        found = shutil.which(name)
        if found:
            return found
    return "/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None


def _requirements():
    """(chromium path, playwright's sync_playwright), or skip/fail saying what is missing."""
    missing = []
    chromium = _chromium()
    if chromium is None:
        missing.append("Chromium (install Debian's package: apt-get install chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        sync_playwright = None
        missing.append("the playwright Python package (pip install -e '.[browser]')")
    if missing:
        reason = "browser test needs " + " and ".join(missing)
        if IN_CI:
            pytest.fail(reason + "; CI=true, so this is a failure, not a skip.")
        pytest.skip(reason)
    return chromium, sync_playwright


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def browser_tools():
    """(chromium path, sync_playwright), checked before a server is started."""
    return _requirements()


@pytest.fixture
def lab(tmp_path, browser_tools):
    """A JupyterLab server on 127.0.0.1 serving a copy of the fixture notebook."""
    root = tmp_path / "root"
    root.mkdir()
    shutil.copy(FIXTURE, root / FIXTURE.name)
    shutil.copy(shipped.lesson(LESSON_7.name), root / LESSON_7.name)  # not a learner's edits
    # a kernelspec named python3 that runs this very interpreter (the course's venv),
    # found first because JUPYTER_PATH comes before the user and system directories
    spec = tmp_path / "jupyter" / "kernels" / "python3"
    spec.mkdir(parents=True)
    argv = [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"]
    (spec / "kernel.json").write_text(
        json.dumps({"argv": argv, "display_name": "Python 3", "language": "python"})
    )
    # The course's own JupyterLab settings, as `make lab` gives them: no "news" prompt over
    # the page, no update check, and a notebook starts its kernel without a "Select
    # Kernel" dialog. The user settings folder starts empty.
    env = dict(os.environ)
    env.update(
        JUPYTER_CONFIG_PATH=str(LAB_CONFIG),
        JUPYTER_PATH=str(tmp_path / "jupyter"),
        JUPYTER_CONFIG_DIR=str(tmp_path / "config"),
        JUPYTER_RUNTIME_DIR=str(tmp_path / "runtime"),
        JUPYTERLAB_SETTINGS_DIR=str(tmp_path / "settings"),
        JUPYTERLAB_WORKSPACES_DIR=str(tmp_path / "workspaces"),
        MPLBACKEND="module://matplotlib_inline.backend_inline",
    )
    token = secrets.token_hex(16)
    port = _free_port()
    log = open(tmp_path / "jupyterlab.log", "w")  # noqa: SIM115 - closed below
    cmd = [
        sys.executable, "-m", "jupyterlab", "--no-browser",
        f"--ServerApp.token={token}", "--ServerApp.ip=127.0.0.1", f"--ServerApp.port={port}",
        "--ServerApp.port_retries=0", f"--ServerApp.root_dir={root}",
        "--ServerApp.allow_root=True",
    ]  # fmt: skip
    server = subprocess.Popen(
        cmd, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 40
        while True:
            if server.poll() is not None:
                raise RuntimeError(
                    "JupyterLab exited:\n" + (tmp_path / "jupyterlab.log").read_text()
                )
            try:
                with urllib.request.urlopen(f"{base}/api/status?token={token}", timeout=2):
                    break
            except OSError:
                if time.monotonic() > deadline:
                    raise RuntimeError(
                        "JupyterLab did not start in 40 s:\n"
                        + (tmp_path / "jupyterlab.log").read_text()
                    ) from None
                time.sleep(0.3)
        yield {"base": base, "token": token, "log": tmp_path / "jupyterlab.log"}
    finally:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)  # the server's own group: it and its kernel
            server.wait(timeout=5)
        log.close()


def _accept_kernel_dialog(page) -> None:
    """Accept a "Select Kernel" dialog (the notebook's Python 3) if one is open."""
    dialog = page.locator(".jp-Dialog")
    try:
        dialog.wait_for(timeout=1500)
    except Exception:  # no dialog: nothing to do
        return
    if "Kernel" in dialog.inner_text():
        dialog.locator(".jp-Dialog-button.jp-mod-accept").click()
        dialog.wait_for(state="detached", timeout=10_000)


def open_notebook(page, lab, name: str) -> None:
    """Open ``name`` (in the server's root folder) and wait for its kernel: Run All must
    not start before the kernel is up, or the run waits on a dialog."""
    page.goto(f"{lab['base']}/lab/tree/{name}?token={lab['token']}")
    page.wait_for_selector(".jp-Notebook .jp-Cell", timeout=30_000)
    page.wait_for_selector('.jp-Notebook-ExecutionIndicator[data-status="idle"]', timeout=30_000)
    _accept_kernel_dialog(page)


def run_all_cells(page) -> None:
    """Run every cell from JupyterLab's Run menu, as a learner does."""
    page.click('.lm-MenuBar-itemLabel:text-is("Run")')
    page.click('.lm-Menu-itemLabel:text-is("Run All Cells")')


@contextlib.contextmanager
def browser_page(browser_tools, lab, prefix: str):
    """A Chromium page on 1400 × 1100 pixels, closed afterwards; yields ``(page, shot)``.

    ``shot(name)`` saves a numbered full-page screenshot in test-artifacts/browser/ (named
    ``<prefix>NN-<name>.png``). When the test fails, one more is taken and the screenshots
    and the JupyterLab log are printed."""
    chromium, sync_playwright = browser_tools
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    shots: list[Path] = []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1400, "height": 1100})

        def shot(name: str) -> None:
            path = ARTIFACTS / f"{prefix}{len(shots) + 1:02d}-{name}.png"
            page.screenshot(path=str(path), full_page=True)
            shots.append(path)

        try:
            yield page, shot
        except BaseException:
            try:
                shot("failure")
            finally:
                print("Screenshots of the browser test:", *map(str, shots), sep="\n  ")
                print("JupyterLab log:", lab["log"])
            raise
        finally:
            browser.close()


#: true once the first explorer shows a new image (not ``src``) and its status line names
#: the learning rate its slider reads: every key press is one change, and this waits until
#: the kernel has drawn the last one
LR_REDRAWN = """([src]) => {
    const box = document.querySelector('.bp-explorer');
    const img = box.querySelector('.jp-OutputArea-output img');
    const lr = box.querySelector('.widget-readout').textContent.trim();
    const status = box.querySelector('.widget-html-content').textContent;
    return img && img.getAttribute('src') !== src && status.includes('lr = ' + lr + ' ');
}"""


def _get(lab, path: str) -> dict:
    with urllib.request.urlopen(f"{lab['base']}{path}?token={lab['token']}", timeout=10) as r:
        return json.load(r)


def test_course_settings_open_jupyterlab_quietly(browser_tools, lab):
    """With the course's settings JupyterLab asks nothing about news, fetches none, and
    the page requests nothing from outside this machine."""
    chromium, sync_playwright = browser_tools
    notification = _get(lab, "/lab/api/settings/@jupyterlab/apputils-extension:notification")
    defaults = notification["schema"]["properties"]
    assert defaults["fetchNews"]["default"] == "false"
    assert defaults["checkForUpdates"]["default"] is False
    assert _get(lab, "/lab/api/news") == {"news": []}
    outside = []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        page = browser.new_page()
        page.on(
            "request",
            lambda r: None if r.url.startswith(lab["base"]) else outside.append(r.url),
        )
        try:
            # not open_notebook: it would accept a kernel dialog, which must not appear
            page.goto(f"{lab['base']}/lab/tree/{FIXTURE.name}?token={lab['token']}")
            page.wait_for_selector(
                '.jp-Notebook-ExecutionIndicator[data-status="idle"]', timeout=30_000
            )
            page.wait_for_timeout(1500)  # the news question, when asked, comes after load
            assert page.get_by_text("official Jupyter news").count() == 0
            assert page.locator(".jp-Dialog").count() == 0, "no dialog should ask anything"
        finally:
            browser.close()
    assert [u for u in outside if not u.startswith(("data:", "blob:"))] == []


def test_learning_rate_slider_redraws_in_jupyterlab(browser_tools, lab):
    with browser_page(browser_tools, lab, "") as (page, shot):
        open_notebook(page, lab, FIXTURE.name)
        shot("opened")
        run_all_cells(page)
        # the fixture shows all three explorers; each must draw its figure
        images = page.locator(".bp-explorer .jp-OutputArea-output img")
        images.nth(2).wait_for(timeout=45_000)
        assert images.count() == 3
        images.nth(2).scroll_into_view_if_needed()
        shot("network-explorer")
        img = images.first
        img.scroll_into_view_if_needed()
        before = img.get_attribute("src")
        status_before = page.locator(".bp-explorer .widget-html-content").first.inner_text()
        shot("explorer-shown")

        handle = page.locator(".bp-explorer .widget-slider .noUi-handle").first
        readout = page.locator(".bp-explorer .widget-readout").first
        lr_before = readout.inner_text()
        handle.focus()
        for _ in range(4):
            page.keyboard.press("ArrowRight")
        page.wait_for_function(LR_REDRAWN, arg=[before], timeout=20_000)
        after = img.get_attribute("src")
        lr_after = readout.inner_text()
        status_after = page.locator(".bp-explorer .widget-html-content").first.inner_text()
        shot("after-slider")

        assert before.startswith("data:image/png") and after.startswith("data:image/png")
        assert after != before, "the figure did not change after moving the slider"
        assert float(lr_after) > float(lr_before), (lr_before, lr_after)
        assert status_after != status_before and f"lr = {lr_after}" in status_after
        errors = page.locator(ERROR_OUTPUT)
        assert errors.count() == 0, "error output appeared:\n" + "\n".join(
            errors.all_inner_texts()
        )
        assert not page.get_by_text("Could not redraw").count()


def test_lesson_7_batch_size_slider_redraws_in_jupyterlab(browser_tools, lab):
    with browser_page(browser_tools, lab, "l7-") as (page, shot):
        open_notebook(page, lab, LESSON_7.name)
        # the unfinished exercises raise; their cells are tagged raises-exception, so
        # Run All goes on to the explorer at the end of the lesson
        run_all_cells(page)
        box = page.locator(".bp-explorer").first
        img = box.locator(".jp-OutputArea-output img").first
        img.wait_for(timeout=60_000)
        img.scroll_into_view_if_needed()
        shot("explorer-shown")
        before = img.get_attribute("src")
        readout = box.locator(".widget-readout").nth(1)  # lr, then batch size
        batch_before = readout.inner_text().strip()
        box.locator(".widget-slider .noUi-handle").nth(1).focus()
        page.keyboard.press("ArrowRight")
        page.wait_for_function(
            """([src]) => {
                const box = document.querySelector('.bp-explorer');
                const img = box.querySelector('.jp-OutputArea-output img');
                const size = box.querySelectorAll('.widget-readout')[1]
                    .textContent.trim().split(' ')[0];
                const status = box.querySelector('.widget-html-content').textContent;
                return img && img.getAttribute('src') !== src
                    && status.includes('batch ' + size + ' ');
            }""",
            arg=[before],
            timeout=30_000,
        )
        after = img.get_attribute("src")
        batch_after = readout.inner_text().strip()
        shot("after-batch-slider")
        assert after.startswith("data:image/png") and after != before
        assert int(batch_after.split()[0]) > int(batch_before.split()[0]), (
            batch_before,
            batch_after,
        )
        explorer_cell = page.locator(".jp-CodeCell", has=page.locator(".bp-explorer"))
        errors = explorer_cell.locator(ERROR_OUTPUT)
        assert errors.count() == 0, "\n".join(errors.all_inner_texts())
        assert not page.get_by_text("Could not redraw").count()


@pytest.mark.parametrize("ci", [False, True])
def test_missing_browser_skips_locally_and_fails_in_ci(monkeypatch, ci):
    monkeypatch.setattr(sys.modules[__name__], "_chromium", lambda: None)
    monkeypatch.setattr(sys.modules[__name__], "IN_CI", ci)
    expected = pytest.fail.Exception if ci else pytest.skip.Exception
    with pytest.raises(expected, match="needs Chromium"):
        _requirements()
