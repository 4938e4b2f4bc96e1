"""Relations from the registry, and the published edition audited end to end: a corpus of
small-number cases that leaked under per-table secondary suppression, each checked by an
independent brute-force attacker that sees only what is published."""

import itertools

import pandas as pd
import pytest

from sdmonitor.publish.audit import Cell, Relation
from sdmonitor.publish.relations import cells, relations
from sdmonitor.publish.suppression import Published
from sdmonitor.registry import registry

COLUMNS = ["indicator", "periode", "dimensie", "waarde", "eenheid"]


def frame(rows):
    return pd.DataFrame([(i, p, d, float(v), "aantal") for i, p, d, v in rows], columns=COLUMNS)


def rel(out, naam):
    return next(r for r in out if r.totaal[0] == naam or r.delen[0][0] == naam)


def test_breakdown_with_its_own_total_is_a_sum():
    out = relations(frame([("bezwaren.aantal", "2024", "", 22), ("bezwaren.aantal", "2024", "wmo", 20),
                           ("bezwaren.aantal", "2024", "jeugd", 2)]), registry())
    assert out == [Relation("bezwaren.aantal 2024: onderwerp, delen = totaal", ("bezwaren.aantal", "2024", ""),
                            (("bezwaren.aantal", "2024", "jeugd"), ("bezwaren.aantal", "2024", "wmo")), "som")]


def test_total_in_another_indicator_and_a_weaker_relation_where_the_figures_need_it():
    out = relations(frame([("toegang.afgesloten", "2025", "", 30), ("toegang.uitkomst", "2025", "maatwerk", 12),
                           ("toegang.uitkomst", "2025", "geen", 3),  # 15 meldingen without an uitkomst
                           ("jeugd.clienten", "2025", "", 100), ("jeugd.clienten_groep", "2025", "verblijf", 20)]),
                    registry())
    uitkomst = rel(out, "toegang.uitkomst")
    assert uitkomst.totaal == ("toegang.afgesloten", "2025", "") and uitkomst.soort == "onder"
    # A group of bouwstenen is within the clients, and one group does not cover them all
    assert rel(out, "jeugd.clienten_groep").soort == "binnen"


def test_months_add_up_for_events_and_bound_the_year_for_persons():
    out = relations(frame([("toegang.meldingen", "2025", "", 7), ("toegang.meldingen", "2025-01", "", 3),
                           ("toegang.meldingen", "2025-02", "", 4), ("wmo.clienten", "2025", "", 9),
                           ("wmo.clienten", "2025-01", "", 6), ("wmo.clienten", "2025-02", "", 7)]), registry())
    assert rel(out, "toegang.meldingen").soort == "som"
    assert rel(out, "wmo.clienten").soort == "deel"


def test_amounts_are_not_in_relations_and_the_previous_edition_makes_cells_known():
    figures = frame([("jeugd.kosten", "2025", "", 10), ("jeugd.kosten", "2025", "Verblijf", 10),
                     ("bezwaren.aantal", "2024", "jeugd", 3), ("bezwaren.aantal", "2024", "wmo", 20)])
    assert relations(figures, registry()) == []
    vorige = pd.DataFrame({"indicator": ["bezwaren.aantal"] * 2, "periode": ["2024"] * 2,
                           "dimensie": ["jeugd", "wmo"], "waarde": [3.0, float("nan")]})
    out = cells(figures, pd.Series(["", "", "primair", "secundair"]), registry(), vorige)
    assert out == [Cell(("bezwaren.aantal", "2024", "jeugd"), 3.0, "primair", True),
                   Cell(("bezwaren.aantal", "2024", "wmo"), 20.0, "secundair", False)]


# --- the corpus: what an attacker derives from the published edition ------------------------


def attacker_range(published: pd.DataFrame, vorige: pd.DataFrame | None = None,
                   top: int = 40) -> dict[tuple, tuple[int, int]]:
    """Brute force over whole numbers, written apart from the audit: every hidden count takes each
    value its label allows ("<5": 1..4, "x": 0..top); keep the assignments that satisfy every sum
    the definitions imply among the published rows (breakdowns and totals, toegang.uitkomst within
    toegang.afgesloten, months in a year) and the previous edition's published values."""
    keys = list(zip(published["indicator"], published["periode"], published["dimensie"]))
    hidden_text = published["tekst"].isin(["<5", "x"])  # the published file has no value there
    shown = {k: float(w) for k, w, h in zip(keys, published["waarde"], hidden_text) if not pd.isna(w) and not h}
    if vorige is not None:
        for k, w in zip(zip(vorige["indicator"], vorige["periode"], vorige["dimensie"]), vorige["waarde"]):
            if not pd.isna(w):
                shown.setdefault(k, float(w))
    hidden = [k for k in keys if k not in shown]
    options = [range(1, 5) if t == "<5" else range(0, top + 1)
               for k, t in zip(keys, published["tekst"]) if k in hidden]
    sums = []
    for k in keys:
        if k[2] == "" and k[0] in ("bezwaren.aantal", "klachten.aantal", "toegang.meldingen"):
            sums.append((k, [x for x in keys if x[0] == k[0] and x[1] == k[1] and x[2]]))
        if k[0] == "toegang.afgesloten" and k[2] == "":
            sums.append((k, [x for x in keys if x[0] == "toegang.uitkomst" and x[1] == k[1]]))
        if k[0] == "toegang.meldingen" and len(k[1]) == 4:
            sums.append((k, [x for x in keys if x[0] == k[0] and x[1][:4] == k[1] and len(x[1]) == 7 and x[2] == k[2]]))
    sums = [(t, parts) for t, parts in sums if parts]
    found: dict[tuple, set[int]] = {k: set() for k in hidden}
    for values in itertools.product(*options):
        v = {**shown, **dict(zip(hidden, values))}
        if all(v[t] == sum(v[p] for p in parts) for t, parts in sums):
            for k, x in zip(hidden, values):
                found[k].add(x)
    return {k: (min(s), max(s)) for k, s in found.items() if s}


def small_hidden(pub: Published) -> list[tuple]:
    f = pub.frame
    small = f[f["verborgen"] & f["waarde"].between(1, 4)]
    return list(zip(small["indicator"], small["periode"], small["dimensie"]))


def bezwaren(year: str, parts: dict[str, int], total: bool = True) -> list:
    rows = [("bezwaren.aantal", year, d, n) for d, n in parts.items()]
    return rows + ([("bezwaren.aantal", year, "", sum(parts.values()))] if total else [])


CASES = {
    # 22 minus the shown cells leaves 2 over two "<5": each would be exactly 1
    "twee verborgen cellen onder een totaal": bezwaren("2024", {"jeugd": 1, "wmo": 1, "overig": 12,
                                                                 "leerlingenvervoer": 8}),
    "drie verborgen cellen onder een totaal": bezwaren("2024", {"jeugd": 1, "wmo": 1, "overig": 2,
                                                                 "leerlingenvervoer": 10}),
    # A "<5" total split into "<5" parts: the labels alone would bound each part
    "klein totaal met kleine delen": bezwaren("2026", {"jeugd": 1, "wmo": 1}),
    # toegang.uitkomst adds up to toegang.afgesloten (the KPI "uitstroom ST"): two tables, one sum
    "over twee tabellen (KPI uitstroom ST)": [
        ("toegang.afgesloten", "2025", "", 40), ("toegang.uitkomst", "2025", "maatwerk", 25),
        ("toegang.uitkomst", "2025", "informatie-advies", 12), ("toegang.uitkomst", "2025", "geen", 3)],
    # Months in a year and zorgtypes in a month, for meldingen
    "maanden en zorgtypen": [
        ("toegang.meldingen", "2025", "", 23), ("toegang.meldingen", "2025-01", "", 20),
        ("toegang.meldingen", "2025-02", "", 3), ("toegang.meldingen", "2025-02", "jeugd", 3),
        ("toegang.meldingen", "2025-02", "wmo-nieuw", 0), ("toegang.meldingen", "2025", "jeugd", 15),
        ("toegang.meldingen", "2025-01", "jeugd", 12), ("toegang.meldingen", "2025", "wmo-nieuw", 8),
        ("toegang.meldingen", "2025-01", "wmo-nieuw", 8)],
}


@pytest.mark.parametrize("name", list(CASES))
def test_no_hidden_count_can_be_narrowed_below_what_its_label_says(name):
    pub = Published(frame(CASES[name]), drempel=5)
    assert pub.audit is not None and pub.audit.veilig
    ranges = attacker_range(pub.frame)
    hidden = small_hidden(pub)
    assert hidden, "the case has hidden small counts"
    for key in hidden:
        low, high = ranges[key]
        assert high - low >= 3 or pub.frame.set_index(["indicator", "periode", "dimensie"]).at[key, "tekst"] == "x", \
            (key, low, high)
        assert high - low >= 1, (key, low, high)  # never exact


def test_two_hidden_cells_under_one_total_leaked_with_per_table_suppression():
    # The per-table rule alone (one hidden cell per total) leaves both "<5" derivable as exactly 1.
    from sdmonitor.publish.suppression import mark

    marked = mark(frame(CASES["twee verborgen cellen onder een totaal"]), 5)
    published = marked.assign(tekst=["<5" if m else str(int(w))
                                     for m, w in zip(marked["onderdrukt"], marked["waarde"])],
                              waarde=[float("nan") if m else w for m, w in zip(marked["onderdrukt"], marked["waarde"])])
    assert attacker_range(published)[("bezwaren.aantal", "2024", "jeugd")] == (1, 1)
    # The audited edition hides one more cell: the smallest published one (leerlingenvervoer, 8)
    pub = Published(frame(CASES["twee verborgen cellen onder een totaal"]), drempel=5)
    assert pub.get("bezwaren.aantal", "2024", "leerlingenvervoer").tekst == "x"
    assert attacker_range(pub.frame)[("bezwaren.aantal", "2024", "jeugd")] == (1, 4)


def test_a_previous_edition_with_other_hidden_cells():
    # The earlier edition published wmo (10) and hid jeugd and overig; this one hides the smallest
    # cell beside jeugd, wmo, and publishes overig (20): together, 33 - 20 - 10 gives jeugd = 3.
    now = bezwaren("2024", {"jeugd": 3, "wmo": 10, "overig": 20})
    vorige = pd.DataFrame({"indicator": ["bezwaren.aantal"] * 4, "periode": ["2024"] * 4,
                           "dimensie": ["jeugd", "wmo", "overig", ""],
                           "waarde": [float("nan"), 10.0, float("nan"), 33.0]})
    alone = Published(frame(now), drempel=5)
    assert attacker_range(alone.frame, vorige)[("bezwaren.aantal", "2024", "jeugd")] == (3, 3)
    # Audited against the previous edition: one more cell is hidden and jeugd stays 1..4
    pub = Published(frame(now), drempel=5, vorige=vorige)
    assert pub.audit.veilig and pub.get("bezwaren.aantal", "2024", "overig").tekst == "x"
    assert attacker_range(pub.frame, vorige)[("bezwaren.aantal", "2024", "jeugd")] == (1, 4)
