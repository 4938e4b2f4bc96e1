"""`sdmonitor import istandaard|cbs` end to end through the command line."""

from __future__ import annotations

import csv
import os
import re
import shutil
import subprocess
from pathlib import Path

import pandas as pd
import pytest
from cli_fork import run_cli

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "lib/sdmonitor/data/voorbeelden/istandaard"
REFERENCE = ROOT.parent / "shared/reference"
KEY = "e2e-sleutel-Vq8#Lm3zR"
OFFICIAL_BSNS = ("999900006", "999900018")


def sdmonitor(*args: str, key: str | None = KEY) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k != "SDMONITOR_PSEUDONYM_KEY"}
    if key is not None:
        env["SDMONITOR_PSEUDONYM_KEY"] = key
    return run_cli(list(args), env=env)  # `python -m sdmonitor.run.cli`, a process of its own


def _figure(path: Path, indicator: str, periode: str, dimensie: str = "") -> float:
    with open(path, encoding="utf-8") as fh:
        for r in csv.DictReader(fh):
            if (r["indicator"], r["periode"], r["dimensie"]) == (indicator, periode, dimensie):
                return float(r["waarde"])
    raise AssertionError(f"{indicator} {periode} {dimensie} ontbreekt")


def _assert_no_bsn(folder: Path, logs: list[str], bsns) -> None:
    """No BSN in any file under `folder` (hidden ledger included) nor in any printed line."""
    texts = [p.read_text(encoding="utf-8", errors="replace") for p in folder.rglob("*") if p.is_file()]
    leaks = [b for b in bsns for text in texts + logs if b in text]
    assert leaks == []


def test_refuses_without_key_and_writes_nothing(tmp_path):
    r = sdmonitor("import", "istandaard", "--out", str(tmp_path / "d"), str(EXAMPLES), key=None)
    assert r.returncode == 2 and "SDMONITOR_PSEUDONYM_KEY" in r.stderr and "Traceback" not in r.stderr
    assert not (tmp_path / "d").exists()


def test_examples_import_validate_and_give_the_right_totals(tmp_path):
    data = tmp_path / "mijn-data"
    data.mkdir()
    shutil.copy(EXAMPLES / "producten.csv", data)
    r = sdmonitor("import", "istandaard", "--out", str(data), str(EXAMPLES))
    assert r.returncode == 0, r.stderr
    assert "declaraties: 9 regel(s) gelezen" in r.stdout
    v = sdmonitor("validate", "--data", str(data))
    assert v.returncode == 0, v.stdout
    k = sdmonitor("kpis", "--data", str(data), "--gemeente", "GM0384", "--periode", "2026-04",
                  "--out", str(tmp_path / "kpis.csv"))
    assert k.returncode == 0, k.stderr
    kpis = tmp_path / "kpis.csv"
    # JW323: 50 + 240 + 50 + 240 (April) + 210 (March) = 790 euro in 2026, two clients.
    assert _figure(kpis, "jeugd.kosten", "2026") == 790.0
    assert _figure(kpis, "jeugd.clienten", "2026") == 2
    assert _figure(kpis, "jeugd.clienten", "2026-03") == 1
    # WMO323: 50 + 240 + 50 + 240 = 580 euro in 2023.
    assert _figure(kpis, "wmo.kosten", "2023") == 580.0
    # Again: nothing added, still valid.
    again = sdmonitor("import", "istandaard", "--out", str(data), str(EXAMPLES))
    assert again.returncode == 0 and "4 bericht(en) waren al geïmporteerd" in again.stdout
    _assert_no_bsn(data, [r.stdout, r.stderr, again.stdout, again.stderr, v.stdout], OFFICIAL_BSNS)


@pytest.mark.skipif(not REFERENCE.is_dir(), reason="../shared/reference not present")
def test_official_jw_folder_exits_3_naming_the_two_broken_examples(tmp_path):
    r = sdmonitor("import", "istandaard", "--out", str(tmp_path / "d"), str(REFERENCE / "istandaarden/jw/berichten"))
    assert r.returncode == 3
    failed = re.findall(r"^  - .*?(JW\d+\.xml): (.*)$", r.stdout, re.M)
    assert [name for name, _ in failed] == ["JW315.xml", "JW318.xml"]
    assert "ToewijzingEinddatum" in failed[0][1] and "RetourCode" in failed[1][1]
    assert "declaraties: 5 regel(s) gelezen" in r.stdout and "Traceback" not in r.stderr
    _assert_no_bsn(tmp_path / "d", [r.stdout, r.stderr], OFFICIAL_BSNS)


def test_round_trip_demo_declaraties_through_messages_gives_identical_kpis(tmp_path, demo_data):
    from sdmonitor.imports import demo_berichten

    d = pd.read_csv(demo_data / "declaraties.csv", dtype=str, keep_default_na=False)
    # One municipality, service months from October 2025: ~7.400 lines. Only what a 323 can carry
    # (zorg in natura, whole volumes or whole minutes), in the order the messages carry it.
    sub = d[(d["gemeente"] == "GM0225") & (d["periode_begin"] >= "2025-10-01")]
    sub = sub[demo_berichten.representable(sub)].sort_values(demo_berichten.LINE_ORDER, kind="stable")
    orig, msgs, imported = tmp_path / "orig", tmp_path / "msgs", tmp_path / "imported"
    for folder in (orig, msgs, imported):
        folder.mkdir()
    for table in ("producten", "bevolking", "begroting", "nulmeting"):
        shutil.copy(demo_data / f"{table}.csv", orig)
        shutil.copy(demo_data / f"{table}.csv", imported)
    for name, message in demo_berichten.messages(sub):
        (msgs / name).write_bytes(message)
    # A jeugd allocation without a 315 request is the gemeente's own referral (COD327 01): that is
    # what the messages say about the demo's lines without a verwijzer.
    sub = sub.assign(verwijzer=sub["verwijzer"].mask((sub["wet"] == "jeugd") & (sub["verwijzer"] == ""), "01"))
    sub.to_csv(orig / "declaraties.csv", index=False)
    r = sdmonitor("import", "istandaard", "--out", str(imported), str(msgs))
    assert r.returncode == 0, r.stdout + r.stderr
    assert f"declaraties: {len(sub)} regel(s) gelezen" in r.stdout
    # The 301s made for geboortejaar also fill toewijzingen, and the 315s and the message log the
    # chain tables (doorlooptijden, message quality); the original had none, so leave them out:
    # the round trip is about the declaraties.
    for table in ("toewijzingen", "aanvragen", "berichten"):
        (imported / f"{table}.csv").unlink()
    assert not any((imported / f"{t}.csv").exists() for t in ("zorgmeldingen", "retouren"))  # no 305/325 made
    for folder in (orig, imported):
        k = sdmonitor("kpis", "--data", str(folder), "--gemeente", "GM0225", "--periode", "2026-02",
                      "--out", str(tmp_path / f"{folder.name}.csv"))
        assert k.returncode == 0, k.stderr
    assert (tmp_path / "imported.csv").read_bytes() == (tmp_path / "orig.csv").read_bytes()
    bsns = {demo_berichten.bsn_for(i) for i in range(sub["client_id"].nunique())}
    _assert_no_bsn(imported, [r.stdout, r.stderr], bsns)
