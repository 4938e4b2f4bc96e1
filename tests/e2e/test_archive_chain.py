"""Issue 20 acceptance: a generated message archive with every chain case (tests/istandaard_archive.py)
gives a monitor whose figures equal an independent reading of the chain, with geen_gegevens where
the archive says nothing.

The independent reading below works on the XML with plain lxml and its own short rules, written
from the iStandaard (latest 301 version by Toewijzingsdatum/-tijd, RedenWijziging 13 withdraws,
325 retourcodes other than 0200/0233/8001 reject the line of the 323 they name, a line with the
same ReferentieNummer and content counts once, no 315 means the gemeente referred); it shares no
code with the importer.
"""

from __future__ import annotations

import csv
import os
import statistics
import subprocess
import sys
import zipfile
from collections import Counter, defaultdict
from datetime import date
from pathlib import Path

import pandas as pd
import pytest
from cli_fork import run_cli
from lxml import etree

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from istandaard_archive import build

from sdmonitor.figures.kpi_overzicht import aandeel_verwijzer

KEY = "keten-acceptatie-sleutel-2026"
PERIODE = "2026-02"
GOED = {"0200", "0233", "8001"}
# JZ002 / WMO002 "Reden beëindiging" of the RedenWijziging codes the archive uses.
REDEN_EINDE = {"05": "36", "09": "38", "12": "37"}
VOLGENS_PLAN = {"jeugd": "31", "wmo": "19"}


def sdmonitor(*args: str) -> subprocess.CompletedProcess:
    return run_cli(list(args), env={**os.environ, "SDMONITOR_PSEUDONYM_KEY": KEY})  # a process of its own


# --- the independent reading --------------------------------------------------------------------

def _t(el, path: str) -> str:
    found = el.find("/".join("{*}" + p for p in path.split("/")))
    return (found.text or "").strip() if found is not None else ""


def _documents(archive_folder: Path, deliveries: list[str]):
    for name in deliveries:
        path = archive_folder / name
        if name.endswith(".zip"):
            with zipfile.ZipFile(path) as zf:
                for member in sorted(zf.namelist()):
                    yield etree.fromstring(zf.read(member))
        else:
            for file in sorted(path.glob("*.xml")):
                yield etree.parse(str(file)).getroot()


def read_chain(archive_folder: Path, deliveries: list[str]) -> dict:
    versions, stops, lines, retour, requests = defaultdict(list), {}, [], {}, {}
    asked, starts, messages = {}, {}, Counter()
    for root in _documents(archive_folder, deliveries):
        kind = etree.QName(root).namespace.split("/")[-2]  # jw301, wmo323, ...
        wet = "jeugd" if kind.startswith("jw") else "wmo"
        nummer = kind[-3:]
        header = root.find("{*}Header")
        ident, dag = _t(header, "BerichtIdentificatie/Identificatie"), _t(header, "BerichtIdentificatie/Dagtekening")
        messages[(kind.upper(), dag[:4])] += 1
        for client in root.iter("{*}Client"):
            bsn = _t(client, "Bsn")
            if nummer == "301":
                for p in client.iter("{*}ToegewezenProduct"):
                    versions[(wet, _t(p, "ToewijzingNummer"))].append({
                        "bsn": bsn, "key": (_t(p, "Toewijzingsdatum"), _t(p, "Toewijzingstijd")),
                        "ingang": _t(p, "Ingangsdatum"), "eind": _t(p, "Einddatum"),
                        "volume": int(_t(p, "Omvang/Volume")),
                        "reden": _t(p, "RedenWijziging"), "ref": _t(p, "ReferentieAanbieder"), "dag": dag})
            elif nummer == "315":
                for p in client.iter("{*}AangevraagdProduct"):
                    requests[_t(p, "ReferentieAanbieder")] = _t(p, "Verwijzer/Type")
                    asked[(wet, _t(p, "ReferentieAanbieder"))] = dag
            elif nummer == "305":
                for p in client.iter("{*}StartProduct"):
                    # The latest message per start date counts; StatusAanlevering 3 withdraws it.
                    key = (wet, _t(p, "ToewijzingNummer"), _t(p, "Begindatum"))
                    if key not in starts or starts[key][0] <= dag:
                        starts[key] = (dag, _t(p, "StatusAanlevering"))
            elif nummer == "307":
                for p in client.iter("{*}StopProduct"):
                    stops[(wet, _t(p, "ToewijzingNummer"))] = (dag, _t(p, "RedenBeeindiging"))
            elif nummer == "323":
                for p in client.iter("{*}Prestatie"):
                    sign = -1 if _t(p, "IngediendBedrag/DebetCredit") == "C" else 1
                    lines.append({"wet": wet, "bsn": bsn, "nummer": _t(p, "ToewijzingNummer"),
                                  "ref": _t(p, "ProductReferentie/ReferentieNummer"), "decl": (ident, dag),
                                  "begin": _t(p, "ProductPeriode/Begindatum"),
                                  "uren": sign * int(_t(p, "GeleverdVolume")),
                                  "cents": sign * int(_t(p, "IngediendBedrag/Bedrag"))})
            elif nummer == "325":
                decl = (_t(header, "DeclaratieIdentificatie/Identificatie"),
                        _t(header, "DeclaratieIdentificatie/Dagtekening"))
                for p in client.iter("{*}Prestatie"):
                    codes = {(c.text or "").strip() for c in p.iter("{*}RetourCode")}
                    if codes - GOED:
                        retour[(decl, _t(p, "ProductReferentie/ReferentieNummer"))] = (
                            wet, _t(p, "ProductPeriode/Begindatum"))
    allocations = {}
    for key, vs in versions.items():
        latest = max(vs, key=lambda v: v["key"])
        if latest["reden"] == "13":
            continue
        stop = stops.get(key)
        reden = REDEN_EINDE.get(latest["reden"], "") if latest["eind"] else ""
        if stop and stop[0] >= latest["dag"]:
            reden = stop[1]
        first = min(vs, key=lambda v: v["key"])
        verwijzer = requests.get(latest["ref"]) or ("" if first["reden"] else "01")
        allocations[key] = dict(latest, reden_einde=reden, verwijzer=verwijzer, toegewezen=first["key"][0])
    seen, kept = set(), []
    for line in lines:
        if (line["decl"], line["ref"]) in retour:
            continue
        same = (line["ref"], line["bsn"], line["nummer"], line["begin"], line["uren"], line["cents"])
        if same not in seen:
            seen.add(same)
            kept.append(line)
    begun = defaultdict(list)
    for (wet, nummer, begin), (_, status) in starts.items():
        if status != "3":
            begun[(wet, nummer)].append(begin)
    return {"allocations": allocations, "lines": kept, "asked": asked, "rejected": retour,
            "starts": {k: min(v) for k, v in begun.items()}, "messages": messages}


def _days(a: str, b: str) -> int:
    return (date.fromisoformat(b) - date.fromisoformat(a)).days


def expected_doorlooptijden(chain: dict, wet: str, jaar: int) -> dict:
    """Median days 315 -> 301 (the allocation that echoes the request's reference; dated by the
    allocation) and 301 -> 305 (the earliest current start; care begun before the allocation
    waited 0 days; dated by the start), for allocations that count."""
    allocs = {n: a for (w, n), a in chain["allocations"].items() if w == wet}
    by_ref = {a["ref"]: a for a in allocs.values() if a["ref"]}
    aanvraag = [_days(dag, by_ref[ref]["toegewezen"]) for (w, ref), dag in chain["asked"].items()
                if w == wet and ref in by_ref and by_ref[ref]["toegewezen"].startswith(str(jaar))]
    start = [max(0, _days(allocs[n]["toegewezen"], begin)) for (w, n), begin in chain["starts"].items()
             if w == wet and n in allocs and begin.startswith(str(jaar))]
    return {"aanvraag": statistics.median(aanvraag) if aanvraag else None,
            "start": statistics.median(start) if start else None, "n_start": len(start)}


def expected_kwaliteit(chain: dict, wet: str, jaar: int) -> dict:
    """Share of submitted lines (accepted + rejected) that a 325 rejected; messages per type."""
    accepted = sum(1 for x in chain["lines"] if x["wet"] == wet and x["begin"].startswith(str(jaar)))
    rejected = sum(1 for w, begin in chain["rejected"].values() if w == wet and begin.startswith(str(jaar)))
    return {"afgewezen_aandeel": 100 * rejected / (accepted + rejected),
            "berichten": {kind: n for (kind, y), n in chain["messages"].items() if y == str(jaar)}}


def expected(chain: dict, wet: str, jaar: int) -> dict:
    lines = [x for x in chain["lines"] if x["wet"] == wet and x["begin"].startswith(str(jaar))]
    allocs = {n: a for (w, n), a in chain["allocations"].items() if w == wet}
    out = {"kosten": sum(x["cents"] for x in lines) / 100,
           "clienten": len({x["bsn"] for x in lines if x["uren"] > 0})}
    per_code = defaultdict(set)
    for x in lines:
        code = allocs[x["nummer"]]["verwijzer"] if x["nummer"] in allocs else ""
        if code:
            per_code[code].add(x["bsn"])
    out["verwijzer"] = {code: len(bsns) for code, bsns in per_code.items()}
    last = min(date(jaar, 12, 31), date(2026, 2, 28))
    out["actief"] = sum(1 for a in allocs.values() if a["ingang"] <= last.isoformat()
                        and (not a["eind"] or a["eind"] >= f"{jaar}-01-01"))
    ended = [a for a in allocs.values() if a["eind"].startswith(str(jaar)) and a["reden_einde"]]
    if ended:
        out["volgens_plan"] = 100 * sum(a["reden_einde"] == VOLGENS_PLAN[wet] for a in ended) / len(ended)
    # Uptake: hours declared on allocations the archive holds / hours they allocate (per month of
    # 365.25/12 days) from the first declared month (2025-03) on, cut to the year.
    held = sum(x["uren"] for x in lines if x["nummer"] in allocs)
    start = max(date(jaar, 1, 1), date(2025, 3, 1))
    given = 0.0
    for a in allocs.values():
        lo = max(date.fromisoformat(a["ingang"]), start)
        hi = min(date.fromisoformat(a["eind"]) if a["eind"] else last, last)
        if hi >= lo:
            given += a["volume"] / (365.25 / 12) * ((hi - lo).days + 1)
    out["uitnutting"] = 100 * held / given
    return out


# --- the test -----------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def monitor(tmp_path_factory, demo_data):
    tmp = tmp_path_factory.mktemp("keten")
    archive = build(tmp / "archief")
    # The last delivery is a zip: the import reads it as it is (issue 20 §7).
    assert archive.deliveries[-1].endswith(".zip")
    paths = [str(archive.folder / name) for name in archive.deliveries]
    data = tmp / "data"
    data.mkdir()
    (data / "producten.csv").write_bytes((demo_data / "producten.csv").read_bytes())
    imp = sdmonitor("import", "istandaard", "--stil", "--out", str(data), *paths)
    assert imp.returncode == 0, imp.stdout + imp.stderr
    val = sdmonitor("validate", "--data", str(data))
    assert val.returncode == 0, val.stdout + val.stderr  # no 'dubbele declaratieregel' (issue 20 §3)
    kpis = sdmonitor("kpis", "--data", str(data), "--gemeente", "GM0225", "--periode", PERIODE,
                     "--out", str(tmp / "kpis.csv"))
    assert kpis.returncode == 0, kpis.stderr
    figures = pd.read_csv(tmp / "kpis.csv", dtype={"periode": str, "dimensie": str}, keep_default_na=False)
    figures["waarde"] = pd.to_numeric(figures["waarde"])
    return {"archive": archive, "data": data, "figures": figures, "logs": [imp.stdout, imp.stderr, val.stdout],
            "chain": read_chain(archive.folder, archive.deliveries)}


def _row(figures: pd.DataFrame, indicator: str, periode: str, dimensie: str = "") -> pd.Series:
    hit = figures.loc[(figures["indicator"] == indicator) & (figures["periode"] == periode)
                      & (figures["dimensie"] == dimensie)]
    assert len(hit) == 1, (indicator, periode, dimensie)
    return hit.iloc[0]


@pytest.mark.parametrize("wet, jaar", [("jeugd", 2025), ("jeugd", 2026), ("wmo", 2025), ("wmo", 2026)])
def test_figures_equal_the_independent_reading(monitor, wet, jaar):
    want, figures = expected(monitor["chain"], wet, jaar), monitor["figures"]
    assert _row(figures, f"{wet}.kosten", str(jaar))["waarde"] == pytest.approx(want["kosten"])
    assert _row(figures, f"{wet}.clienten", str(jaar))["waarde"] == want["clienten"]
    assert _row(figures, f"{wet}.voorzieningen_actief", str(jaar))["waarde"] == want["actief"]
    assert _row(figures, f"{wet}.uitnutting", str(jaar), _bouwsteen(wet))["waarde"] == pytest.approx(want["uitnutting"])
    if "volgens_plan" in want:
        volgens_plan = _row(figures, f"{wet}.beeindigd_volgens_plan", str(jaar))["waarde"]
        assert volgens_plan == pytest.approx(want["volgens_plan"])
    if wet == "jeugd":
        got = figures.loc[(figures["indicator"] == "jeugd.verwijzer") & (figures["periode"] == str(jaar))]
        assert {r.dimensie: r.waarde for r in got.itertuples() if r.waarde > 0} == want["verwijzer"]


def _bouwsteen(wet: str) -> str:
    return "Reguliere begeleiding" if wet == "jeugd" else "Hulp bij het huishouden"


def test_the_chain_cases_are_really_in_the_reading(monitor):
    """The reading sees what the archive was made to hold, so the comparison above means something."""
    want = expected(monitor["chain"], "jeugd", 2025)
    assert want["verwijzer"] == {"01": 5, "02": 2, "03": 1}  # j0 twice (02, then 01), j8/j9 unknown
    assert want["volgens_plan"] == pytest.approx(100 / 3)  # j4 (31 from the 307) of j0 (36), j4, j5 (38)
    assert want["uitnutting"] < 100  # j9's lines (no 301 in the archive) are not in it
    # KPI 12 verwijsgedrag: the gemeente's share, not 0,0 %.
    assert aandeel_verwijzer(monitor["figures"], "2025", ["01"]) == pytest.approx(100 * 5 / 8)


def test_what_the_archive_cannot_say_is_geen_gegevens(monitor):
    figures = monitor["figures"]
    for wet in ("jeugd", "wmo"):
        assert _row(figures, f"{wet}.kosten", "2024")["status"] == "geen_gegevens"  # before the archive
        assert _row(figures, f"{wet}.uitnutting", "2024", _bouwsteen(wet))["status"] == "geen_gegevens"
        for jaar in ("2025", "2026"):  # no PGB: the SVB pays it, no 323 carries it
            assert _row(figures, f"{wet}.pgb_aandeel", jaar)["status"] == "geen_gegevens"
            assert _row(figures, f"{wet}.kosten", jaar, "PGB")["status"] == "geen_gegevens"
        assert _row(figures, f"{wet}.beeindigd_volgens_plan", "2024")["status"] == "geen_gegevens"


def test_no_bsn_anywhere(monitor):
    texts = [p.read_text(encoding="utf-8", errors="replace") for p in monitor["data"].rglob("*") if p.is_file()]
    assert [b for b in monitor["archive"].bsns for t in texts + monitor["logs"] if b in t] == []


def test_the_chain_tables_are_written(monitor):
    data = monitor["data"]
    with open(data / "berichten.csv", encoding="utf-8") as fh:
        log = list(csv.DictReader(fh))
    assert {r["berichttype"] for r in log} >= {"JW301", "JW305", "JW307", "JW315", "JW323", "JW325", "WMO301"}
    assert {r["richting"] for r in log if r["berichttype"] in ("JW301", "JW325")} == {"uit"}
    with open(data / "retouren.csv", encoding="utf-8") as fh:
        assert [r["retourcode"] for r in csv.DictReader(fh)] == ["9307"]


def test_doorlooptijden_equal_the_independent_reading(monitor):
    """Issue 20 §14: median days 315 -> 301 and 301 -> 305 per wet, for the archive's year."""
    figures = monitor["figures"]
    for wet in ("jeugd", "wmo"):
        want = expected_doorlooptijden(monitor["chain"], wet, 2025)
        for stage in ("aanvraag", "start"):
            name = f"{wet}.doorlooptijd_{stage}_mediaan"
            if want[stage] is None:
                # Nothing in the archive (no Wmo 315): no figure, and never a 0.
                hit = figures.loc[(figures["indicator"] == name) & (figures["periode"] == "2025")]
                assert (hit["status"] == "geen_gegevens").all() and hit["waarde"].isna().all(), hit
            else:
                assert _row(figures, name, "2025")["waarde"] == pytest.approx(want[stage]), name
        assert _row(figures, f"{wet}.doorlooptijd_start_aantal", "2025")["waarde"] == want["n_start"]
        for stage in ("aanvraag", "start"):  # before the archive began
            for r in figures.loc[(figures["indicator"] == f"{wet}.doorlooptijd_{stage}_mediaan")
                                 & (figures["periode"] == "2024")].itertuples():
                assert r.status == "geen_gegevens" and pd.isna(r.waarde)


def test_the_doorlooptijd_cases_are_really_in_the_reading(monitor):
    """The archive was made with waiting times that differ (and a withdrawn start), so the
    comparison above is not one of zeros."""
    jeugd = expected_doorlooptijden(monitor["chain"], "jeugd", 2025)
    assert (jeugd["aanvraag"], jeugd["start"], jeugd["n_start"]) == (11, 4.5, 6)  # [4, 11, 19]; [0,0,4,5,7,9]
    assert expected_doorlooptijden(monitor["chain"], "wmo", 2025) == {"aanvraag": None, "start": 3, "n_start": 1}


def test_datakwaliteit_equals_the_independent_reading(monitor):
    """Issue 20 §15: the share of lines a 325 rejected, and the messages per type, per year."""
    figures = monitor["figures"]
    want = expected_kwaliteit(monitor["chain"], "jeugd", 2025)
    assert want["afgewezen_aandeel"] > 0
    assert _row(figures, "jeugd.declaratieregels_afgewezen_aandeel", "2025")["waarde"] == \
        pytest.approx(want["afgewezen_aandeel"])
    for jaar in (2025, 2026):
        per_type = expected_kwaliteit(monitor["chain"], "jeugd", jaar)["berichten"]
        got = figures.loc[(figures["indicator"] == "berichten.aantal") & (figures["periode"] == str(jaar))
                          & (figures["dimensie"] != "") & figures["waarde"].notna()]
        assert {r.dimensie: r.waarde for r in got.itertuples()} == per_type
        assert _row(figures, "berichten.aantal", str(jaar))["waarde"] == sum(per_type.values())
    assert _row(figures, "berichten.aantal", "2024")["status"] == "geen_gegevens"
    # The archive holds no Wmo 325 at all: nothing is known about rejected Wmo lines, never 0 %.
    assert not any(k.startswith("WMO325") for k, _ in monitor["chain"]["messages"])
    wmo = figures.loc[figures["indicator"].str.startswith("wmo.declaratieregels_afgewezen")]
    assert wmo["waarde"].isna().all() and (wmo["status"] == "geen_gegevens").all(), wmo
