"""The explorer in a real JupyterLab in a real browser, as an analyst uses it.

A JupyterLab server (`jupyter lab --no-browser`, a free loopback port, a token) runs on a copy of
the project's layout (notebooks/verkenner.ipynb, parameters/, the demo data), with the notebooks'
kernel "sdmonitor" (as `make kernel` registers it) in a private JUPYTER_PATH. Playwright drives the
system Chromium (as tests/e2e/test_browser.py), every request off 127.0.0.1 is aborted. The test
runs the notebook, changes wet, indicator, gemeente and the drill level in the widgets, downloads
the CSV and checks it holds exactly the published values of that view.

Without Chromium or Playwright the test skips locally; under `CI=true` it fails instead.
"""

from __future__ import annotations

import io
import json
import os
import secrets
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pandas as pd
import pytest
from report_checks import ROOT

from sdmonitor.publish.pdf import CHROMIUM_FLAGS, find_chromium

pytestmark = pytest.mark.e2e
ARTIFACTS = Path(os.environ.get("SDMONITOR_TEST_ARTIFACTS", ROOT / "reports" / "test-artifacts"))
TIMEOUT_MS = 300_000  # a cold kernel on a busy 2-core machine: imports, then the editions from the cache


def _unavailable(reason: str) -> None:
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"{reason} (onder CI moet de browsertest draaien; .ci/run installeert chromium)")
    pytest.skip(reason)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def lab(tmp_path_factory, data):
    """A JupyterLab server on a copy of the project: (base URL, token, project folder)."""
    chromium = find_chromium()
    if chromium is None:
        _unavailable("Chromium niet gevonden (apt-get install chromium, of SDMONITOR_CHROMIUM)")
    root = tmp_path_factory.mktemp("lab")
    project = root / "project"
    (project / "notebooks").mkdir(parents=True)
    shutil.copy(ROOT / "notebooks" / "verkenner.ipynb", project / "notebooks")
    (project / "parameters").symlink_to(ROOT / "parameters", target_is_directory=True)
    (project / "data").mkdir()
    (project / "data" / "demo").symlink_to(Path(data).resolve(), target_is_directory=True)
    # the kernel the notebook asks for, as `make kernel` registers it (here in a private JUPYTER_PATH)
    spec = root / "jupyter" / "kernels" / "sdmonitor"
    spec.mkdir(parents=True)
    (spec / "kernel.json").write_text(json.dumps({
        "argv": [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
        "display_name": "Python (sdmonitor)", "language": "python"}), encoding="utf-8")
    env = {**os.environ, "SDMONITOR_HOME": str(project), "JUPYTER_PATH": str(root / "jupyter"),
           "JUPYTER_CONFIG_DIR": str(root / "config"), "JUPYTERLAB_SETTINGS_DIR": str(root / "settings"),
           "JUPYTERLAB_WORKSPACES_DIR": str(root / "workspaces"), "JUPYTER_RUNTIME_DIR": str(root / "runtime"),
           "PYTHONPATH": os.pathsep.join([str(ROOT / "lib"), os.environ.get("PYTHONPATH", "")])}
    env.pop("MPLBACKEND", None)  # the notebook's own (inline/widget) backend
    # The figures of both editions are computed once here, into the session's cache: the kernel then
    # reads them (what an analyst's second open does), so the test waits for the browser, not a minute of figures.
    warm = ("import sdmonitor; [sdmonitor.open_edition(g, '2026-02').series('jeugd.clienten') "
            "for g in ('wijchen', 'druten')]")
    subprocess.run([sys.executable, "-c", warm], env=env, cwd=project / "notebooks", check=True, timeout=900)
    port, token = _free_port(), secrets.token_hex(16)
    log = (root / "lab.log").open("w")
    server = subprocess.Popen(
        [sys.executable, "-m", "jupyter", "lab", "--no-browser", f"--port={port}", "--ServerApp.ip=127.0.0.1",
         f"--IdentityProvider.token={token}", f"--ServerApp.root_dir={project / 'notebooks'}",
         "--ServerApp.open_browser=False", "--LabApp.news_url=",
         "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
         *(["--allow-root"] if os.geteuid() == 0 else [])],  # CI containers run as root
        cwd=project, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                with urllib.request.urlopen(f"{base}/api/status?token={token}", timeout=5) as r:
                    if r.status == 200:
                        break
            except OSError:
                pass
            if server.poll() is not None or time.monotonic() > deadline:
                pytest.fail("JupyterLab startte niet:\n" + (root / "lab.log").read_text()[-3000:])
            time.sleep(1)
        yield base, token, project, chromium
    finally:
        _stop(server)
        log.close()


def _stop(server: subprocess.Popen) -> None:
    """End the server and the kernels it started (its own session)."""
    try:
        os.killpg(server.pid, 15)
        server.wait(timeout=30)
    except ProcessLookupError:
        return
    except subprocess.TimeoutExpired:
        os.killpg(server.pid, 9)


def _accept_kernel(page) -> None:
    """JupyterLab may still ask which kernel to start while the session starts; the notebook's own
    ("Python (sdmonitor)", preselected) is the answer. A dialog offering another kernel fails."""
    dialog = page.locator(".jp-Dialog:has-text('Select Kernel')")
    try:
        dialog.wait_for(timeout=5_000)
    except Exception:  # no dialog: the kernel was started
        return
    assert dialog.locator("select").evaluate("s => s.options[s.selectedIndex].text") == "Python (sdmonitor)"
    dialog.get_by_role("button", name="Select", exact=True).click()


def _select(page, label: str, *options: str) -> None:
    """Choose option label(s) in the ipywidgets select labelled `label`."""
    box = page.locator(".widget-inline-hbox", has=page.locator(f"label:text-is('{label}')")).first
    box.locator("select").select_option(label=list(options) if len(options) > 1 else options[0])


def _changed(page, before: str) -> str:
    """Wait until the explorer shows a new view (its saved-view text changes and nothing is busy)."""
    page.wait_for_function(
        """before => {
            const t = [...document.querySelectorAll('.sd-verkenner input')].map(e => e.value)
                      .find(v => v.startsWith('#indicator='));
            const busy = document.querySelector('.sd-bezig');
            return t && t !== before && busy && getComputedStyle(busy).visibility === 'hidden'
                   && document.querySelector('a.sd-download-csv');
        }""", arg=before, timeout=TIMEOUT_MS)
    return _view(page)


def _view(page) -> str:
    return page.evaluate("""() => [...document.querySelectorAll('.sd-verkenner input')].map(e => e.value)
                                 .find(v => v.startsWith('#indicator=')) || ''""")


def test_explorer_in_jupyterlab_changes_and_downloads_the_published_values(lab, tmp_path):
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("Playwright voor Python ontbreekt (pip install -e '.[dev]')")
    base, token, project, chromium = lab
    blocked: list[str] = []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=chromium, args=list(CHROMIUM_FLAGS[1:]))
        context = browser.new_context(viewport={"width": 1400, "height": 1000}, accept_downloads=True)

        def route(r):
            if r.request.url.startswith((base, "data:", "blob:")):
                r.continue_()
            else:
                blocked.append(r.request.url)
                r.abort()

        context.route("**/*", route)
        page = context.new_page()
        try:
            page.goto(f"{base}/lab/tree/verkenner.ipynb?token={token}", timeout=TIMEOUT_MS)
            page.wait_for_selector(".jp-Notebook", timeout=TIMEOUT_MS)
            # the notebook's kernel is found: the status bar names it ("Python (sdmonitor) | Idle")
            page.wait_for_selector(".jp-StatusBar-Widget:has-text('Python (sdmonitor) | Idle')", timeout=TIMEOUT_MS)
            _accept_kernel(page)
            page.get_by_role("menuitem", name="Run", exact=True).click()
            page.get_by_role("menuitem", name="Run All Cells", exact=True).click()
            _accept_kernel(page)
            page.wait_for_selector(".sd-verkenner a.sd-download-csv", timeout=TIMEOUT_MS)
            view = _view(page)
            assert view.startswith("#indicator=jeugd.clienten&")

            _select(page, "Wet / domein", "Wmo")
            view = _changed(page, view)
            assert "indicator=wmo.clienten" in view
            _select(page, "Indicator", "Kosten Wmo")
            view = _changed(page, view)
            assert "indicator=wmo.kosten&" in view
            _select(page, "Gemeente(n)", "Wijchen", "Druten")
            view = _changed(page, view)
            assert "gemeenten=GM0296%2CGM0225" in view
            _select(page, "Detail", "Alle: begrotingspost")
            view = _changed(page, view)
            assert "niveau=uitsplitsing" in view
            # an interactive chart (ipympl) is drawn, not an error
            assert page.locator(".sd-verkenner .jupyter-matplotlib").count() >= 1
            assert page.locator("text=Error displaying widget").count() == 0

            with page.expect_download(timeout=TIMEOUT_MS) as info:
                page.locator(".sd-verkenner a.sd-download-csv").click()
            path = tmp_path / info.value.suggested_filename
            info.value.save_as(path)
        except Exception:
            ARTIFACTS.mkdir(parents=True, exist_ok=True)  # what the browser showed, for the test report
            page.screenshot(path=str(ARTIFACTS / "verkenner-fout.png"), full_page=True)
            raise
        finally:
            context.close()
            browser.close()
    assert blocked == [], "de verkenner vroeg iets buiten de eigen JupyterLab"

    got = pd.read_csv(io.BytesIO(path.read_bytes()), dtype=str, keep_default_na=False)
    # The published values of Wmo costs per begrotingspost of both municipalities, from the query API.
    os.environ["SDMONITOR_HOME"] = str(project)
    try:
        import sdmonitor

        expected = []
        for g in ("wijchen", "druten"):
            ed = sdmonitor.open_edition(g, "2026-02", data=project / "data" / "demo")
            s = ed.series("wmo.kosten", per="jaar", years=range(2023, 2027))
            s = s[s["dimensie"] != ""]
            expected.append(s.assign(gemeente=ed.gemeente.code, naam=ed.gemeente.naam))
    finally:
        os.environ.pop("SDMONITOR_HOME", None)
    want = pd.concat(expected, ignore_index=True)
    assert len(got) == len(want) > 0
    assert set(got["gemeente"]) == {"GM0296", "GM0225"} and set(got["indicator"]) == {"wmo.kosten"}
    key = ["gemeente", "periode", "dimensie"]
    merged = got.merge(want.astype({"periode": str}), on=key, suffixes=("", "_api"), validate="one_to_one")
    assert len(merged) == len(got)
    assert list(merged["tekst"]) == list(merged["tekst_api"])
    assert list(merged["status"]) == list(merged["status_api"])
    published = pd.to_numeric(merged["waarde"], errors="coerce").astype("float64")  # empty: hidden
    pd.testing.assert_series_equal(published, merged["waarde_api"].astype("float64"), check_names=False)
