"""A whole report from data where every count is below 5 (issue 9, classes 7, 8 and 13).

Wijchen has 6 jeugdigen (3 in each of two bouwstenen), 4 Wmo-cliënten, 6 meldingen (2 per month,
3 per zorgtype, one with a keukentafelgesprek), 2 klachten and 1 bezwaar, and survey scores from 2
and 3 respondents. Another gemeente adds rows to the input that the Verantwoording counts. Some
totals reach 5 or more; every part of them is below 5.

The checks read only what a reader sees in monitor.html and recompute every total from the visible
cells: no count 1-4 is printed, no hidden cell follows from a visible total and the other visible
parts (within a table, over the months of a year, and between the Verantwoording and the chapters),
no median, share or score of fewer than 5 persons is printed, in tables, the KPI table or sentences.
One bouwsteen is called "Begeleiding $x^$ extra": a chart label is text, not math (class 13).
"""

from __future__ import annotations

import csv
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from report_checks import sdmonitor

from sdmonitor.publish.suppression import counts_persons, default_rules

pytestmark = pytest.mark.e2e

PERIODE = "2025-03"
DOLLAR = "Begeleiding $x^$ extra"
DECL = ("gemeente,wet,client_id,geboortejaar,productcode,productcategorie,aanbieder,verwijzer,zorgvorm,"
        "periode_begin,periode_eind,volume,eenheid,bedrag,ingediend_op")
MONTHS = [f"{y}-{m:02d}" for y in (2024, 2025) for m in range(1, 13)][:15]   # 2024-01 .. 2025-03
LAST_DAY = {"01": 31, "02": 29, "03": 31, "04": 30, "05": 31, "06": 30, "07": 31, "08": 31, "09": 30,
            "10": 31, "11": 30, "12": 31}


def _next_month(month: str) -> str:
    y, m = int(month[:4]), int(month[5:])
    return f"{y + (m == 12)}-{m % 12 + 1:02d}"


def tiny_data(folder: Path) -> Path:
    """The data set of the module docstring."""
    clients = ([("jeugd", f"J{i}", "2012", "45A03", "45", "02" if i <= 2 else "01", "04", "100.00") for i in (1, 2, 3)]
               + [("jeugd", f"J{i}", "2010", "45A04", "45", "01", "04", "150.00") for i in (4, 5, 6)]
               + [("wmo", f"W{i}", "1945", "02A01", "01", "", "04", "80.00") for i in (1, 2, 3)]
               + [("wmo", "W4", "1940", "07A01", "07", "", "16", "300.00")])
    decl = [DECL]
    for month in MONTHS:
        last = 28 if month == "2025-02" else LAST_DAY[month[5:]]
        for wet, cid, born, code, cat, verwijzer, eenheid, bedrag in clients:
            decl.append(f"GM0296,{wet},{cid},{born},{code},{cat},12345678,{verwijzer},ZIN,{month}-01,"
                        f"{month}-{last},4,{eenheid},{bedrag},{_next_month(month)}-10")
    # another gemeente: rows the Verantwoording counts as "andere gemeente"
    decl.append("GM0225,jeugd,X1,2011,45A03,45,12345678,01,ZIN,2025-01-01,2025-01-31,4,04,100.00,2025-02-10")
    files = {
        "declaraties.csv": decl,
        "producten.csv": [
            "wet,productcode,omschrijving,bouwsteen,begrotingspost,eenheid",
            "jeugd,45A03,Ambulante begeleiding,Reguliere begeleiding,Ambulant,04",
            f"jeugd,45A04,Begeleiding extra,{DOLLAR},Ambulant,04",
            "wmo,02A01,Huishoudelijke ondersteuning,Hulp bij het huishouden,Huishoudelijke hulp,04",
            "wmo,07A01,Dagbesteding ouderen,Dagbesteding ouderen,Dagbesteding,16"],
        "meldingen.csv": [
            "gemeente,melding_id,zorgtype,aangemeld_op,keukentafel_op,afgesloten_op,spoed",
            "GM0296,M1,jeugd,2025-01-06,2025-01-20,,nee",          # the one median: 14 days
            "GM0296,M2,wmo-nieuw,2025-01-08,,,nee",
            "GM0296,M3,jeugd,2025-02-03,,,nee",
            "GM0296,M4,wmo-nieuw,2025-02-05,,,ja",
            "GM0296,M5,jeugd,2025-03-03,,,nee",
            "GM0296,M6,wmo-nieuw,2025-03-04,,,nee",
            "GM0225,M7,jeugd,2025-01-06,,,nee"],
        "klachten_bezwaren.csv": [
            "gemeente,id,soort,ontvangen_op,onderwerp,afhandeling",
            "GM0296,K1,klacht,2025-01-15,sociaal-team,formeel",
            "GM0296,K2,klacht,2025-02-15,jeugd,informeel",
            "GM0296,B1,bezwaar,2025-02-20,wmo,formeel"],
        "tevredenheid.csv": [
            "gemeente,jaar,doelgroep,vraag,waarde,eenheid,respons",
            "GM0296,2024,wmo,rapportcijfer-toegang,6.9,cijfer,3",
            "GM0296,2025,wmo,rapportcijfer-toegang,7.3,cijfer,2"],
        "veilig_thuis.csv": ["gemeente,jaar,kwartaal,soort,aantal",
                             "GM0296,2025,1,adviesvraag,2", "GM0296,2025,1,melding,3"],
        "bevolking.csv": ["gemeente,jaar,leeftijd,aantal,soort"]
        + [f"{g},{y},{a},{n if a < 18 else 300},waarneming" for g, n in (("GM0296", 400), ("NL01", 200000))
           for y in (2024, 2025) for a in range(0, 106)],
    }
    folder.mkdir(parents=True, exist_ok=True)
    for name, lines in files.items():
        (folder / name).write_text("\n".join(lines) + "\n", encoding="utf-8")
    return folder


class Visible(HTMLParser):
    """Text a reader sees (no script/style), and every table cell with its source keys."""

    def __init__(self, page: str) -> None:
        super().__init__(convert_charrefs=True)
        self.text: list[str] = []
        self.cells: list[tuple[dict, str]] = []
        self.tables: list[list[list[str]]] = []
        self._skip = 0
        self._cell: tuple[dict, list[str]] | None = None
        self.feed(page)

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag in ("script", "style"):
            self._skip += 1
        if tag == "img" and a.get("alt"):
            self.text.append(a["alt"])
        if tag == "table":
            self.tables.append([])
        if tag == "tr" and self.tables:
            self.tables[-1].append([])
        if tag in ("td", "th"):
            self._cell = (a, [])

    def handle_endtag(self, tag):
        if tag in ("script", "style"):
            self._skip -= 1
        if tag in ("td", "th") and self._cell is not None:
            attrs, parts = self._cell
            text = "".join(parts).strip()
            if self.tables and self.tables[-1]:
                self.tables[-1][-1].append(text)
            if "data-indicator" in attrs:
                self.cells.append((attrs, text))
            self._cell = None

    def handle_data(self, data):
        if self._skip:
            return
        self.text.append(data)
        if self._cell is not None:
            self._cell[1].append(data)


def _number(text: str) -> float | None:
    """A printed Dutch number ("1.301", "13,3", "€ 4k"), or None for "<5", "x", "–"."""
    m = re.fullmatch(r"[€\s]*(-?[\d.]+(?:,\d+)?)\s*(%|dagen|k)?", text)
    return float(m.group(1).replace(".", "").replace(",", ".")) if m else None


HIDDEN = re.compile(r"(<\d+|x)(\*| \(deel\))?")  # with the status mark of a voorlopig or part period


@pytest.fixture(scope="module")
def report(tmp_path_factory):
    root = tmp_path_factory.mktemp("all_below_5")
    data = tiny_data(root / "data")
    out = root / "reports"
    r = sdmonitor("run", "--data", str(data), "--gemeente", "wijchen", "--periode", PERIODE, "--out", str(out))
    assert r.returncode == 0, r.stderr   # also: the "$x^$" bouwsteen did not fail a chapter (class 13)
    folder = out / "wijchen" / PERIODE
    page = Visible((folder / "monitor.html").read_text(encoding="utf-8"))
    with (folder / "intern" / "kpis.csv").open(encoding="utf-8") as fh:
        exact = {(r["indicator"], r["periode"], r["dimensie"]): float(r["waarde"]) for r in csv.DictReader(fh)
                 if r["waarde"] != ""}  # no figure (geen_gegevens) is no number to reveal
    return page, exact


def _visible(page: Visible) -> dict[tuple[str, str, str], str]:
    out = {}
    for attrs, text in page.cells:
        out[(attrs["data-indicator"], attrs.get("data-periode", ""), attrs.get("data-dimensie", ""))] = text
    return out


def test_the_dollar_bouwsteen_is_printed_as_text(report):
    page, _ = report
    assert DOLLAR in " ".join(page.text)


def test_no_count_of_1_to_4_is_visible(report):
    page, exact = report
    for (ind, per, dim), text in _visible(page).items():
        if counts_persons(ind):
            n = _number(text)
            assert n is None or not 0 < n < 5, (ind, per, dim, text)
            if 0 < exact.get((ind, per, dim), 0) < 5:
                assert HIDDEN.fullmatch(text), (ind, per, dim, text)


def test_no_hidden_cell_follows_from_a_visible_total(report):
    page, exact = report
    shown = _visible(page)
    rules = default_rules()

    def check(total_key, part_keys):
        total = shown.get(total_key)
        if total is None or _number(total) is None:
            return
        parts = [shown.get(k) for k in part_keys]
        hidden = [k for k, t in zip(part_keys, parts) if t is not None and HIDDEN.fullmatch(t)]
        # every other part must be known to a reader (visible somewhere) for the hidden one to follow
        others_known = all(t is not None and _number(t) is not None
                           for k, t in zip(part_keys, parts) if k not in hidden)
        assert not (len(hidden) == 1 and others_known), f"{hidden[0]} = {total_key} minus the visible parts"

    keys = list(exact)
    for ind, per, dim in keys:
        if not counts_persons(ind) or dim != "":
            continue
        check((ind, per, ""), [k for k in keys if k[0] == ind and k[1] == per and k[2] != ""])
        if ind in rules.optelbaar_over_maanden and len(per) == 4:
            for d in {k[2] for k in keys if k[0] == ind}:
                check((ind, per, d), [k for k in keys if k[0] == ind and k[2] == d and k[1].startswith(per + "-")])


def _verantwoording(page: Visible) -> dict[str, dict[str, str]]:
    """The Verantwoording table's rows, keyed by input table (the report names each by its source)."""
    from sdmonitor.figures.kpi_overzicht import bron_naam

    tables = ("declaraties", "meldingen", "klachten_bezwaren", "toewijzingen", "producten", "bevolking")
    by_source = {bron_naam(t): t for t in tables}
    table = next(t for t in page.tables if t and t[0] and t[0][0] == "Bron")
    head = table[0][1:]
    return {by_source[row[0]]: dict(zip(head, row[1:])) for row in table[1:] if row and row[0] in by_source}


def test_verantwoording_counts_cannot_be_undone(report):
    page, exact = report
    rows = _verantwoording(page)
    for tabel in ("declaraties", "meldingen", "klachten_bezwaren"):
        row = rows[tabel]
        for reden, text in row.items():
            n = _number(text)
            assert n is None or not 0 < n < 5, (tabel, reden, text)
        parts = {k: v for k, v in row.items() if k not in ("Gelezen", "Waarvan verrekend") and v != "–"}
        hidden = [k for k, v in parts.items() if HIDDEN.fullmatch(v)]
        if _number(row["Gelezen"]) is not None:
            assert len(hidden) != 1, (tabel, row)
    # meldingen: 6 used, 6 in the chapter's 2025 total; the zorgtype and month cells are hidden, so
    # "gebruikt" (their common total with what lies before the window) is hidden too
    assert HIDDEN.fullmatch(rows["meldingen"]["Gebruikt"]), rows["meldingen"]
    assert HIDDEN.fullmatch(rows["klachten_bezwaren"]["Gebruikt"]), rows["klachten_bezwaren"]
    assert rows["producten"]["Gelezen"] == "4"   # a catalogue, not persons: exact


def test_statistics_of_few_persons_are_not_printed(report):
    page, exact = report
    shown = _visible(page)
    assert exact[("toegang.wachttijd_mediaan", "2025", "")] == 14
    for (ind, per, dim), text in shown.items():
        # (wmo.pgb_aandeel: a share of the costs of 4 Wmo-cliënten)
        if ind in ("toegang.wachttijd_mediaan", "tevredenheid.waarde", "wmo.pgb_aandeel"):
            assert HIDDEN.fullmatch(text) or text in ("–", "geen gegevens"), (ind, per, dim, text)
    visible = " ".join(page.text)
    assert "7,3" not in visible and "6,9" not in visible          # the survey scores of 2 and 3 respondents
    assert "14 dagen" not in visible                                # the median of one melding
    assert "mediane wachttijd tot het keukentafelgesprek was" not in visible


def test_kpi_shares_do_not_reveal_hidden_counts(report):
    # KPI 12 (share of jeugdigen referred by the Sociaal Team, 4 of 6 in 2024) would give back the
    # hidden verwijzer counts 4 and 2 with the visible 6 jeugdigen: it is not published
    page, exact = report
    assert exact[("jeugd.verwijzer", "2024", "01")] == 4
    table = next(t for t in page.tables if t and t[0] and t[0][:3] == ["Nr.", "Doel", "KPI en definitie"])
    row = next(r for r in table if r[0] == "12")
    assert row[3] == "x", row
    assert "66,7" not in " ".join(page.text)
