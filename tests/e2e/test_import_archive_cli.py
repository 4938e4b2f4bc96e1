"""`sdmonitor import istandaard` on an archive as it arrives (issue 20, items 7, 8, 9, 11), through
the command line: zip archives, a DTD, the key, two imports at once."""

from __future__ import annotations

import csv
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from cli_fork import run_cli

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "lib/sdmonitor/data/voorbeelden/istandaard"
KEY = "archief-e2e-sleutel-4Kp9"
BSNS = ("999900006", "999900018")


def sdmonitor(*args: str, key: str | None = KEY, timeout: float = 180) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k != "SDMONITOR_PSEUDONYM_KEY"}
    if key is not None:
        env["SDMONITOR_PSEUDONYM_KEY"] = key
    return run_cli(list(args), env=env, timeout=timeout)  # `python -m sdmonitor.run.cli`, a process of its own


def _count(path: Path) -> int:
    with open(path, encoding="utf-8", newline="") as fh:
        return sum(1 for _ in csv.DictReader(fh))


def _entity_message() -> str:
    """JW323 with an internal entity in its DOCTYPE (used in the Ontvanger element)."""
    text = (EXAMPLES / "JW323.xml").read_text(encoding="utf-8")
    head, body = text.split("\n", 1)
    doctype = '<!DOCTYPE jw323:Bericht [<!ENTITY gem "0384">]>\n'
    return head + "\n" + doctype + body.replace("<jw323:Ontvanger>0384<", "<jw323:Ontvanger>&gem;<")


@pytest.mark.parametrize("workers", ["1", "2"])
def test_a_doctype_is_refused_cleanly_with_and_without_workers(tmp_path, workers):
    msgs = tmp_path / "berichten"
    msgs.mkdir()
    for name in ("JW301.xml", "WMO323.xml", "WMO301.xml"):
        shutil.copy(EXAMPLES / name, msgs)
    (msgs / "entiteit.xml").write_text(_entity_message(), encoding="utf-8")
    out = tmp_path / "data"
    r = sdmonitor("import", "istandaard", "--stil", "--workers", workers, "--out", str(out), str(msgs), timeout=120)
    assert r.returncode == 3, (r.returncode, r.stderr[-500:])  # was: -11 (segfault), or a hang with 2 workers
    assert "entiteit.xml: het bestand heeft een DOCTYPE (DTD)" in r.stdout and "Traceback" not in r.stderr
    assert "toewijzingen: 3 regel(s) gelezen" in r.stdout and "declaraties: 4 regel(s) gelezen" in r.stdout
    assert sorted(p.name for p in out.rglob("*.tmp")) == []


def test_a_zipped_archive_imports_and_lists_what_it_passed_over(tmp_path):
    archive = tmp_path / "archief-2026.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as z:
        for name in ("JW301.xml", "JW323.xml"):
            z.write(EXAMPLES / name, f"2026/inbox/{name}")
        z.writestr("2026/inbox/oud.xml", (EXAMPLES / "WMO323.xml").read_text(encoding="utf-8")
                   .replace("iwmo/3_2/wmo323", "iwmo/3_0/wmo323"))
        z.writestr("2026/export.xml", "<?xml version='1.0'?><export/>")
    out = tmp_path / "data"
    r = sdmonitor("import", "istandaard", "--stil", "--out", str(out), str(archive))
    assert r.returncode == 0, r.stdout + r.stderr
    assert "declaraties: 5 regel(s) gelezen" in r.stdout and "toewijzingen: 2 regel(s) gelezen" in r.stdout
    assert "2 bestand(en) overgeslagen (geen iJw/iWmo 3.2-bericht):" in r.stdout
    assert "archief-2026.zip!2026/inbox/oud.xml: namespace van release 3.0" in r.stdout
    assert "archief-2026.zip!2026/export.xml: element 'export' zonder namespace" in r.stdout
    texts = [p.read_text(encoding="utf-8") for p in out.rglob("*") if p.is_file()] + [r.stdout, r.stderr]
    assert [b for b in BSNS for t in texts if b in t] == []


def test_weak_key_and_another_key_exit_2_with_one_line(tmp_path):
    out = tmp_path / "data"
    weak = sdmonitor("import", "istandaard", "--stil", "--out", str(out), str(EXAMPLES / "JW323.xml"), key="a")
    assert weak.returncode == 2 and "te zwak" in weak.stderr and not out.exists()
    first = sdmonitor("import", "istandaard", "--stil", "--out", str(out), str(EXAMPLES / "JW323.xml"))
    assert first.returncode == 0, first.stderr
    other = sdmonitor("import", "istandaard", "--stil", "--out", str(out), str(EXAMPLES / "WMO323.xml"),
                      key="nog-een-andere-sleutel-77")
    assert other.returncode == 2 and other.stderr.count("\n") == 1
    assert "oorspronkelijke sleutel" in other.stderr and "nieuwe map" in other.stderr
    assert _count(out / "declaraties.csv") == 5


def test_two_imports_at_once_into_one_folder_lose_nothing(tmp_path):
    batches = []
    for name, files in (("a", ("JW301.xml", "JW323.xml")), ("b", ("WMO301.xml", "WMO323.xml"))):
        folder = tmp_path / name
        folder.mkdir()
        for f in files:
            shutil.copy(EXAMPLES / f, folder)
        batches.append(folder)
    out = tmp_path / "data"
    (out / "declaraties").mkdir(parents=True)  # a table folder: each import writes a file of its own
    env = {**os.environ, "SDMONITOR_PSEUDONYM_KEY": KEY}
    procs = [subprocess.Popen([sys.executable, "-m", "sdmonitor.run.cli", "import", "istandaard", "--stil",
                               "--out", str(out), str(b)], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                              text=True, env=env) for b in batches]
    codes = [p.wait(timeout=180) for p in procs]
    assert codes == [0, 0], [p.stderr.read() for p in procs if p.stderr]
    assert sum(_count(f) for f in (out / "declaraties").iterdir()) == 5 + 4
    assert _count(out / "toewijzingen.csv") == 2 + 1
    assert _count(out / ".istandaard" / "berichten.csv") == 4
    again = sdmonitor("import", "istandaard", "--stil", "--out", str(out), *map(str, batches))
    assert again.returncode == 0 and "4 bericht(en) waren al geïmporteerd" in again.stdout
