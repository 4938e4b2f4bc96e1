"""Issue 9 ("Trust, second round") through the command line: the classes that are not one bad cell
of one input file (those are in tests/fixtures/bad_input/). Every case asserts the exit code, the
message and that nothing was written (or nothing outside OUT / nothing half).

Runs use a notebooks folder with only the introduction and the Verantwoording
(`SDMONITOR_NOTEBOOKS`) and their own parameters folder (`SDMONITOR_PARAMETERS`), so a run costs
two kernels. The privacy of a whole report (classes 7 and 8) is in test_small_numbers_all.py.
"""

from __future__ import annotations

import errno
import hashlib
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from report_checks import ROOT, sdmonitor

pytestmark = pytest.mark.e2e

sys.path.insert(0, str(ROOT / "tests" / "fixtures" / "bad_input"))
from make_corpus import base_files  # noqa: E402

PERIODE = "2025-03"


def _data(root: Path, changes: dict[str, bytes] | None = None) -> Path:
    folder = root / "data"
    for rel, content in {**base_files(), **(changes or {})}.items():
        (folder / rel).parent.mkdir(parents=True, exist_ok=True)
        (folder / rel).write_bytes(content)
    return folder


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def _files(folder: Path) -> list[str]:
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*")) if folder.exists() else []


@pytest.fixture()
def data(tmp_path) -> Path:
    return _data(tmp_path)


@pytest.fixture()
def minimal_notebooks(tmp_path) -> Path:
    nb = tmp_path / "notebooks"
    nb.mkdir()
    for name in ("00_inleiding.ipynb", "07_verantwoording.ipynb"):
        shutil.copy(ROOT / "notebooks" / name, nb / name)
    return nb


def _params(tmp_path: Path, naam: str = "Wijchen", commentary: str | None = None,
            extra: dict[str, str] | None = None) -> Path:
    pdir = tmp_path / "parameters"
    pdir.mkdir(exist_ok=True)
    (pdir / "wijchen.yaml").write_text(f"cbs_code: GM0296\nnaam: {json.dumps(naam)}\n", encoding="utf-8")
    if commentary is not None:
        (pdir / "wijchen").mkdir(exist_ok=True)
        (pdir / "wijchen" / f"{PERIODE}.yaml").write_text(commentary, encoding="utf-8")
    for name, text in (extra or {}).items():
        (pdir / name).write_text(text, encoding="utf-8")
    return pdir


def _env(params: Path, notebooks: Path | None = None) -> dict[str, str]:
    env = {"SDMONITOR_PARAMETERS": str(params)}
    if notebooks is not None:
        env["SDMONITOR_NOTEBOOKS"] = str(notebooks)
    return env


def _kpis(data: Path, out: Path, *args: str, gemeente: str = "GM0296", periode: str = PERIODE,
          env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    return sdmonitor("kpis", "--data", str(data), "--gemeente", gemeente, "--periode", periode,
                     "--out", str(out), *args, env=env)


def _run(data: Path, out: Path, env: dict[str, str], gemeente: str = "wijchen") -> subprocess.CompletedProcess:
    return sdmonitor("run", "--data", str(data), "--gemeente", gemeente, "--periode", PERIODE,
                     "--out", str(out), env=env)


def _clean(result: subprocess.CompletedProcess) -> None:
    assert "Traceback" not in result.stderr and "onverwachte fout" not in result.stderr, result.stderr


# --- 4: no path ends in exit 1 ------------------------------------------------------------------

@pytest.mark.parametrize("periode, code, fragment", [
    ("0000-01", 2, "ligt niet tussen 1900 en 2100"),
    ("2026-13", 2, "geen geldige maand"),
    ("２０２５-０３", 2, "geen geldige maand"),      # full-width digits are not a periode
])
def test_bad_periode_is_a_usage_error(data, tmp_path, periode, code, fragment):
    before = _snapshot(data)
    out = tmp_path / "kpis.csv"
    r = _kpis(data, out, periode=periode)
    assert r.returncode == code, r.stderr
    assert fragment in r.stderr
    _clean(r)
    assert not out.exists() and _snapshot(data) == before


def test_out_pointing_at_a_file_is_a_usage_error(data, tmp_path):
    out = tmp_path / "reports"
    out.write_text("geen map")
    r = _run(data, out, _env(_params(tmp_path)))
    assert r.returncode == 2, r.stderr
    assert "is een bestand" in r.stderr
    _clean(r)
    assert out.read_text() == "geen map"
    r = _kpis(data, tmp_path / "reports" / "kpis.csv")   # a file where a folder is needed
    assert r.returncode == 2 and "is een bestand, geen map" in r.stderr, r.stderr


@pytest.mark.skipif(os.geteuid() == 0, reason="root may write in a read-only folder")
def test_read_only_out_folder_is_a_usage_error(data, tmp_path):
    locked = tmp_path / "alleen-lezen"
    locked.mkdir()
    locked.chmod(0o555)
    try:
        r = _kpis(data, locked / "kpis.csv")
        assert r.returncode == 2, r.stderr
        assert "alleen-lezen" in r.stderr
        _clean(r)
        r = _run(data, locked / "reports", _env(_params(tmp_path)))
        assert r.returncode == 2 and "alleen-lezen" in r.stderr, r.stderr
        assert _files(locked) == []
    finally:
        locked.chmod(0o755)


# --- 5: unknown municipality, absurd periodes ----------------------------------------------------

def test_gemeente_without_rows_lists_the_codes_that_occur(data, tmp_path):
    out = tmp_path / "kpis.csv"
    r = _kpis(data, out, gemeente="GM9999")
    assert r.returncode == 3, r.stderr
    assert "gemeente GM9999 komt niet voor in declaraties; wel gevonden: GM0296 (6 rijen)" in r.stderr
    assert not out.exists()
    r = _run(data, tmp_path / "reports", _env(_params(tmp_path)), gemeente="GM9999")
    assert r.returncode == 3 and "wel gevonden: GM0296" in r.stderr, r.stderr
    assert _files(tmp_path / "reports") == []


def test_look_alike_code_is_refused_and_full_width_digits_are_normalised(data, tmp_path):
    out = tmp_path / "kpis.csv"
    r = _kpis(data, out, gemeente="G\u041c0296")   # Cyrillic "М"
    assert r.returncode == 2 and "onbekend" in r.stderr, r.stderr
    assert not out.exists()
    r = _kpis(data, out, gemeente="GM０２９６")      # NFKC: GM0296 itself, not an empty look-alike
    assert r.returncode == 0, r.stderr
    assert "jeugd.clienten,2025-01,,1,aantal" in out.read_text()


@pytest.mark.parametrize("periode, fragment", [
    ("2031-01", "ligt na de peildatum 2025-04-10"),
    ("2024-12", "ligt vóór de eerste zorgmaand in declaraties van GM0296 (2025-01)"),
])
def test_absurd_periode_is_invalid_data(data, tmp_path, periode, fragment):
    out = tmp_path / "kpis.csv"
    r = _kpis(data, out, periode=periode)
    assert r.returncode == 3, r.stderr
    assert fragment in r.stderr
    _clean(r)
    assert not out.exists()


# --- 12: one bad parameters file ---------------------------------------------------------------

def test_broken_parameters_file_of_another_municipality_does_not_matter(data, tmp_path):
    pdir = _params(tmp_path, extra={"druten.yaml": "cbs_code: GM0225\nnaam: Druten\nhoofdstukken: [jeugd\n"})
    out = tmp_path / "kpis.csv"
    r = _kpis(data, out, gemeente="wijchen", env=_env(pdir))
    assert r.returncode == 0, r.stderr
    assert out.is_file()
    r = _kpis(data, out, gemeente="GM0296", env=_env(pdir))   # found by its cbs_code line, unparsed others
    assert r.returncode == 0, r.stderr


@pytest.mark.parametrize("text, fragment", [
    ("cbs_code: GM0225\nnaam: Druten\nhoofdstukken: [jeugd\n", "druten.yaml, regel 4"),
    ("cbs_code: GM0225\nnaam: Druten\n  regio: x\n", "druten.yaml, regel 3"),
    ("naam: Druten\n", "verplichte sleutel cbs_code ontbreekt"),
    ("cbs_code: GM0225\nnaam: Druten\ndrempel_kleine_aantallen: vijf\n", "drempel_kleine_aantallen 'vijf'"),
])
def test_the_asked_broken_parameters_file_is_named_with_its_line(data, tmp_path, text, fragment):
    pdir = _params(tmp_path, extra={"druten.yaml": text})
    out = tmp_path / "kpis.csv"
    r = _kpis(data, out, gemeente="druten", env=_env(pdir))
    assert r.returncode == 2, r.stderr
    assert fragment in r.stderr and str(pdir / "druten.yaml") in r.stderr
    _clean(r)
    assert not out.exists()


# --- 11: nothing half-written --------------------------------------------------------------------

def test_kpis_on_a_full_disk_keeps_the_old_file(data, tmp_path, monkeypatch, capsys):
    from sdmonitor import safe_output
    from sdmonitor.run import cli

    out = tmp_path / "kpis.csv"
    good = "indicator,periode,dimensie,waarde,eenheid,status\njeugd.kosten,2025,,1,euro,definitief\n"
    out.write_text(good)  # an earlier kpis.csv: `kpis` may replace it, but not with half a file

    def full(_fd):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(safe_output.os, "fsync", full)
    code = cli.main(["kpis", "--data", str(data), "--gemeente", "GM0296", "--periode", PERIODE, "--out", str(out)])
    assert code == 4
    assert "de schijf is vol" in capsys.readouterr().err
    assert out.read_text() == good
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []  # no temporary file left


def test_run_killed_with_sigterm_leaves_nothing_and_next_run_cleans_stale_temp(data, tmp_path, minimal_notebooks):
    env = {**os.environ, **_env(_params(tmp_path), minimal_notebooks)}
    out = tmp_path / "reports"
    proc = subprocess.Popen([sys.executable, "-m", "sdmonitor.run.cli", "run", "--data", str(data), "--gemeente",
                             "wijchen", "--periode", PERIODE, "--out", str(out)],
                            env=env, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    parent = out / "wijchen"
    deadline = time.time() + 120
    while time.time() < deadline and not any(parent.glob(f".{PERIODE}.tmp-*")):
        time.sleep(0.05)
    assert any(parent.glob(f".{PERIODE}.tmp-*")), "the run never started its temporary folder"
    proc.send_signal(signal.SIGTERM)
    _stdout, stderr = proc.communicate(timeout=120)
    assert proc.returncode == 143, stderr
    assert "afgebroken" in stderr and "Traceback" not in stderr
    assert _files(parent) == []

    # a run killed with SIGKILL leaves its folder; the next run removes it (its process is gone)
    host = "".join(c for c in socket.gethostname() if c.isalnum())[:30] or "host"
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    stale = parent / f".{PERIODE}.tmp-{host}-{dead.stdout.strip()}-abc123"
    stale.mkdir(parents=True)
    (stale / "kpis.csv").write_text("indicator,periode,dimensie,waarde,eenheid\njeugd.clienten,2025,,2,aantal\n")
    r = _run(data, out, _env(_params(tmp_path), minimal_notebooks))
    assert r.returncode == 0, r.stderr
    assert not stale.exists()
    assert _files(parent) == [p for p in _files(parent) if not p.startswith(".")]


# --- 10: names from parameters are not paths -------------------------------------------------------

@pytest.mark.parametrize("naam, folder", [("../../x", "x"), ("..", "gm0296"), ("/tmp/Evil", "tmp-evil")])
def test_gemeente_naam_cannot_write_outside_out(data, tmp_path, minimal_notebooks, naam, folder):
    out = tmp_path / "deep" / "reports"
    before = set(_files(tmp_path))
    r = _run(data, out, _env(_params(tmp_path, naam=naam), minimal_notebooks))
    assert r.returncode == 0, r.stderr
    assert f"Monitor geschreven naar {(out / folder / PERIODE).resolve()}" in r.stdout
    assert (out / folder / PERIODE / "monitor.html").is_file()
    new = set(_files(tmp_path)) - before
    assert all(p.split("/")[0] in ("deep", "parameters") for p in new), sorted(new)
    assert not (tmp_path / "x").exists() and not (tmp_path / "deep" / "x").exists()


# --- 9: identifiers as a reader sees them ---------------------------------------------------------

@pytest.mark.parametrize("duiding, changes, fragment", [
    ("Casus 1234.56.782 besproken.", {}, "bsn 123******"),
    ("Casus 111 222 333 besproken.", {}, "bsn 111******"),
    ("Dossier A&B-00017 loopt nog.",
     {"declaraties.csv": base_files()["declaraties.csv"].replace(b"C001", b"A&B-00017")},
     "client_id A&B******"),
])
def test_identifier_in_commentary_refuses_the_run(tmp_path, minimal_notebooks, duiding, changes, fragment):
    data = _data(tmp_path, changes)
    out = tmp_path / "reports"
    commentary = "duiding:\n  inleiding: " + json.dumps(duiding) + "\n"
    r = _run(data, out, _env(_params(tmp_path, commentary=commentary), minimal_notebooks))
    assert r.returncode == 4, r.stderr
    assert "niet gepubliceerd" in r.stderr and "monitor.html" in r.stderr and fragment in r.stderr
    assert not (out / "wijchen" / PERIODE).exists()
    assert _files(out / "wijchen") == []


# --- 6: one snapshot of the input for the whole run -------------------------------------------------

def test_input_changing_during_the_run_does_not_mix_versions(tmp_path, minimal_notebooks):
    import nbformat

    data = _data(tmp_path)
    original = _snapshot(data)
    # The introduction chapter changes the input while the run is under way: a line of another
    # gemeente is appended to declaraties.csv and a new file appears.
    intro = nbformat.read(str(minimal_notebooks / "00_inleiding.ipynb"), as_version=4)
    intro.cells.append(nbformat.v4.new_code_cell(
        "from pathlib import Path\n"
        "p = Path(data) / 'declaraties.csv'\n"
        "p.write_text(p.read_text() + 'GM0225,wmo,C999,1950,02A01,01,87654321,,ZIN,2025-01-01,2025-01-31,1,04,1.00,"
        "2025-02-01\\n')\n"
        "(Path(data) / 'klachten_bezwaren.csv').write_text('gemeente,id,soort,ontvangen_op,onderwerp,afhandeling\\n')"))
    nbformat.write(intro, str(minimal_notebooks / "00_inleiding.ipynb"))
    out = tmp_path / "reports"
    r = _run(data, out, _env(_params(tmp_path), minimal_notebooks))
    assert r.returncode == 0, r.stderr
    assert _snapshot(data) != original  # the change did happen during the run
    report = out / "wijchen" / PERIODE
    manifest = json.loads((report / "manifest.json").read_text())
    # hashes of exactly the bytes read at the start, and only the files read
    from sdmonitor.run.manifest import table_hashes

    assert manifest["inputs"] == table_hashes({k: hashlib.sha256(v).hexdigest() for k, v in original.items()})
    # the exact reconciliation is internal (the chapter inputs), not in the published manifest
    invoer = json.loads((report / "intern" / "hoofdstuk-invoer.json").read_text())
    recon = {(r["tabel"], r["reden"]): r["rijen"] for r in invoer["verantwoording"]}
    assert recon[("declaraties", "gelezen")] == 6 and recon[("declaraties", "andere gemeente")] == 0
    # the Verantwoording chapter used the same snapshot: 6 declaraties read, not 7
    page = (report / "monitor.html").read_text(encoding="utf-8")
    from sdmonitor.figures.kpi_overzicht import bron_naam

    row = page[page.index(f'<th scope="row">{bron_naam("declaraties")}</th>'):].split("</tr>")[0]
    gelezen = row.split("<td")[1].split(">", 1)[1].split("<")[0]
    assert gelezen == "6", row


def test_read_only_out_folder_is_a_usage_error_in_process(data, tmp_path, monkeypatch, capsys):
    # The same check when this test runs as root (who may write anywhere): the folder reports
    # itself as not writable, as a read-only mount would.
    from sdmonitor import safe_output
    from sdmonitor.run import cli

    monkeypatch.setattr(safe_output.os, "access", lambda path, mode: False)
    monkeypatch.setenv("SDMONITOR_CACHE", "off")  # os.access is global: the cache folder would be refused first
    out = tmp_path / "kpis.csv"
    code = cli.main(["kpis", "--data", str(data), "--gemeente", "GM0296", "--periode", PERIODE, "--out", str(out)])
    assert code == 2
    assert "alleen-lezen" in capsys.readouterr().err
    assert not out.exists()
