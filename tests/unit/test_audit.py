"""Disclosure audit: LP intervals of hidden small numbers, and protect(); expected values worked out by hand."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from scipy.optimize import linprog

from sdmonitor.errors import InvalidDataError
from sdmonitor.publish.audit import AuditError, Cell, Relation, audit, protect


def k(dim: str, ind: str = "bezwaren.aantal", periode: str = "2024") -> tuple[str, str, str]:
    return (ind, periode, dim)


def table(total: float, parts: dict[str, tuple[float, str]], naam: str = "onderwerpen = totaal",
          total_mark: str = "") -> tuple[list[Cell], list[Relation]]:
    """One breakdown of bezwaren.aantal 2024 under its total ("" dimensie)."""
    cells = [Cell(k(""), total, total_mark)] + [Cell(k(d), v, m) for d, (v, m) in parts.items()]
    return cells, [Relation(f"bezwaren.aantal 2024: {naam}", k(""), tuple(k(d) for d in parts))]


def spans(report) -> dict:
    return {iv.key[2]: (iv.laag, iv.hoog) for iv in report.intervals}


def unmark(cells: list[Cell], marks: dict) -> list[Cell]:
    return [Cell(c.key, c.waarde, marks.get(c.key, ""), c.vast) for c in cells]


# -- one table ------------------------------------------------------------------------------------

def test_one_hidden_cell_under_a_published_total_is_recovered_by_subtraction():
    # 20 - 7 - 10 = 3: "<5" tells nothing here.
    cells, rels = table(20, {"a": (3, "primair"), "b": (7, ""), "c": (10, "")})
    report = audit(cells, rels)
    assert spans(report) == {"a": (3, 3)}
    assert not report.veilig and [iv.key for iv in report.onveilig()] == [k("a")]
    assert report.intervals[0].relaties == ("bezwaren.aantal 2024: onderwerpen = totaal",)


def test_protect_hides_the_next_smallest_cell():
    cells, rels = table(20, {"a": (3, "primair"), "b": (7, ""), "c": (10, "")})
    marks, report = protect(cells, rels)
    # a + b = 10 with a in [1, 4] and b >= 0: a can be anything "<5" says.
    assert marks == {k("a"): "primair", k("b"): "secundair"}
    assert report.extra == [k("b")] and report.veilig and spans(report) == {"a": (1, 4)}


def test_two_small_cells_under_one_total_are_both_pinned():
    # 22 - 12 - 8 = 2 for two cells that are each >= 1: both are exactly 1 (the per-table rule missed this).
    cells, rels = table(22, {"a": (1, "primair"), "b": (1, "primair"), "c": (12, ""), "d": (8, "")})
    report = audit(cells, rels)
    assert spans(report) == {"a": (1, 1), "b": (1, 1)} and len(report.onveilig()) == 2
    marks, fixed = protect(cells, rels)
    # d (8) is the smallest published positive cell; then a + b + d = 10 leaves a, b in [1, 4].
    assert fixed.extra == [k("d")] and marks[k("d")] == "secundair" and k("c") not in marks
    assert spans(fixed) == {"a": (1, 4), "b": (1, 4)} and fixed.veilig


@pytest.mark.parametrize("a, b, expected, safe", [
    (1, 4, (1, 4), True),    # a + b = 5: a = 5 - b, b in [1, 4] -> a in [1, 4]
    (2, 2, (1, 3), False),   # a + b = 4 -> a <= 3: "a is not 4" is learnt
    (3, 4, (3, 4), False),   # a + b = 7 -> a >= 3
    (4, 4, (4, 4), False),   # a + b = 8 -> both 4
])
def test_two_small_cells_safe_only_when_their_sum_leaves_room(a, b, expected, safe):
    cells, rels = table(10 + a + b, {"a": (a, "primair"), "b": (b, "primair"), "c": (10, "")})
    report = audit(cells, rels)
    assert spans(report)["a"] == expected and report.veilig is safe


def test_three_hidden_cells_under_one_total():
    # 14 - 10 = 4 over three cells each >= 1: every one is 1 or 2.
    cells, rels = table(14, {"a": (1, "primair"), "b": (1, "primair"), "c": (2, "primair"), "d": (10, "")})
    assert spans(audit(cells, rels)) == {"a": (1, 2), "b": (1, 2), "c": (1, 2)}
    _, report = protect(cells, rels)
    assert report.extra == [k("d")] and spans(report) == {"a": (1, 4), "b": (1, 4), "c": (1, 4)}
    # With a secondary cell instead of a third primary: 30 - 20 = 10 = a + b + c, c >= 0 -> a in [1, 4].
    cells, rels = table(30, {"a": (2, "primair"), "b": (3, "primair"), "c": (5, "secundair"), "d": (20, "")})
    assert spans(audit(cells, rels)) == {"a": (1, 4), "b": (1, 4)}


# -- linked tables --------------------------------------------------------------------------------

def two_by_two(marks: dict[str, str]) -> tuple[list[Cell], list[Relation]]:
    """  2   5 |  7        cells a1 a2 / b1 b2, row totals a b, column totals 1 2, grand total g
         6   7 | 13
       ----------+---
         8  12 | 20 """
    values = {"a1": 2, "a2": 5, "b1": 6, "b2": 7, "a": 7, "b": 13, "1": 8, "2": 12, "g": 20}
    cells = [Cell(k(d, "t"), v, marks.get(d, "")) for d, v in values.items()]
    sums = {"rij a": ("a", "a1", "a2"), "rij b": ("b", "b1", "b2"), "kolom 1": ("1", "a1", "b1"),
            "kolom 2": ("2", "a2", "b2"), "rijen": ("g", "a", "b"), "kolommen": ("g", "1", "2")}
    return cells, [Relation(n, k(t, "t"), tuple(k(d, "t") for d in ds)) for n, (t, *ds) in sums.items()]


def test_one_hidden_cell_per_row_is_not_enough_in_a_two_way_table():
    # Per-table suppression hid a2 with a1; the column gives a1 away: 8 - 6 = 2.
    report = audit(*two_by_two({"a1": "primair", "a2": "secundair"}))
    assert spans(report) == {"a1": (2, 2)} and report.intervals[0].relaties == ("rij a", "kolom 1")
    # All four inner cells hidden: a1 = 7 - a2 = 8 - b1, b2 = 5 + a1, nothing pins a1 within [1, 4].
    four = {"a1": "primair", "a2": "secundair", "b1": "secundair", "b2": "secundair"}
    assert spans(audit(*two_by_two(four))) == {"a1": (1, 4)}


def test_protect_in_a_two_way_table():
    cells, rels = two_by_two({"a1": "primair"})
    marks, report = protect(cells, rels)
    # By hand: a2 (5, smallest of rij a/kolom 1); a1 = 8 - 6 -> b1 (6); a2 = 12 - 7 pins a1 -> the
    # smallest left in rij a/kolom 1 is total a (7), then 1 (8), both pinned by g; only then
    # relations through hidden cells: b2 (7) -> safe. Greedy, not minimal: a and 1 did not help.
    assert report.extra == [k(d, "t") for d in ("a2", "b1", "a", "1", "b2")]
    assert report.veilig and spans(report) == {"a1": (1, 4)}
    assert audit(unmark(cells, marks), rels).veilig


def test_deel_relation_lower_bound_from_total_at_most_sum_of_parts():
    # Clients per bouwsteen may overlap: 14 <= a + 6 + 5, so a >= 3.
    cells, rels = table(14, {"a": (3, "primair"), "b": (6, ""), "c": (5, "")}, naam="bouwstenen")
    rels = [Relation(rels[0].naam, rels[0].totaal, rels[0].delen, "deel")]
    assert spans(audit(cells, rels)) == {"a": (3, 4)}
    _, report = protect(cells, rels)
    assert report.extra == [k("c")] and spans(report) == {"a": (1, 4)}


def test_deel_relation_upper_bound_part_at_most_total():
    # ambulant (s, hidden) = 0-11 (a, "<5") + 12+ (18); ambulant is a bouwsteen of 20 clients: s <= 20,
    # so a = s - 18 <= 2. Without the bouwsteen relation s is free and a in [1, 4].
    cells = [Cell(k("ambulant", "clienten"), 20, "secundair"), Cell(k("ambulant|0-11", "clienten"), 2, "primair"),
             Cell(k("ambulant|12+", "clienten"), 18), Cell(k("", "clienten"), 20), Cell(k("verblijf", "clienten"), 8)]
    leeftijd = Relation("clienten 2024: leeftijd = ambulant", k("ambulant", "clienten"),
                        (k("ambulant|0-11", "clienten"), k("ambulant|12+", "clienten")))
    bouwsteen = Relation("clienten 2024: bouwstenen", k("", "clienten"),
                         (k("ambulant", "clienten"), k("verblijf", "clienten")), "deel")
    assert spans(audit(cells, [leeftijd, bouwsteen])) == {"ambulant|0-11": (1, 2)}
    assert spans(audit(cells, [leeftijd])) == {"ambulant|0-11": (1, 4)}


def test_relation_across_indicators():
    # KPI total of clients = the per-wijk breakdown of another indicator (no own total there).
    wijk = "jeugd.clienten_wijk"
    cells = [Cell(("jeugd.clienten", "2024", ""), 40), Cell(k("noord", wijk), 3, "primair"),
             Cell(k("zuid", wijk), 17), Cell(k("oost", wijk), 20)]
    rels = [Relation("jeugd.clienten 2024 = som per wijk", ("jeugd.clienten", "2024", ""),
                     (k("noord", wijk), k("zuid", wijk), k("oost", wijk)))]
    assert spans(audit(cells, rels)) == {"noord": (3, 3)}
    _, report = protect(cells, rels)
    assert report.extra == [k("zuid", wijk)] and spans(report) == {"noord": (1, 4)}


def test_missing_key_is_an_unknown_count():
    # The relation names a part that is not among the cells: it is unpublished, so a is free again.
    cells, rels = table(20, {"a": (3, "primair"), "b": (7, "")})
    rels = [Relation(rels[0].naam, k(""), (k("a"), k("b"), k("onbekend")))]
    assert spans(audit(cells, rels)) == {"a": (1, 4)}


# -- a previous edition ---------------------------------------------------------------------------

def test_vast_cell_is_not_chosen_and_another_current_cell_restores_safety():
    # b (5) was published last edition: it is the smallest, but hiding it now protects nothing.
    cells, rels = table(20, {"a": (2, "primair"), "b": (5, ""), "c": (13, "")})
    cells = [Cell(c.key, c.waarde, c.onderdrukt, vast=c.key == k("b")) for c in cells]
    _, report = protect(cells, rels)
    assert report.extra == [k("c")] and spans(report) == {"a": (1, 4)}  # a + c = 15


def test_cell_pinned_by_vast_cells_only_raises():
    # Last edition's total 10 and part 8 give a = 2; hiding G or c of this edition cannot help.
    cells = [Cell(k(""), 10, vast=True), Cell(k("a"), 2, "primair"), Cell(k("b"), 8, vast=True),
             Cell(k("", "andere"), 15), Cell(k("c"), 13)]
    rels = [Relation("vorige editie: totaal", k(""), (k("a"), k("b"))),
            Relation("andere 2024", k("", "andere"), (k("a"), k("c")))]
    with pytest.raises(AuditError) as err:
        protect(cells, rels)
    message = str(err.value)
    assert "bezwaren.aantal 2024 a" in message and "[2; 2]" in message and "vorige editie: totaal" in message
    assert err.value.exit_code == 4


def test_vast_primary_cell_cannot_be_protected():
    cells, rels = table(20, {"a": (3, "primair"), "b": (17, "")})
    cells = [Cell(c.key, c.waarde, c.onderdrukt, vast=c.key == k("a")) for c in cells]
    assert spans(audit(cells, rels)) == {"a": (3, 3)}
    with pytest.raises(AuditError, match="bezwaren.aantal 2024 a"):
        protect(cells, rels)


def test_small_cells_that_give_each_other_away_are_shown_as_x():
    # 1 + 1 = 2, all "<5": each part >= 1 and the total <= 4, so a <= 3; nothing is left to hide.
    cells, rels = table(2, {"a": (1, "primair"), "b": (1, "primair")}, total_mark="primair")
    assert spans(audit(cells, rels)) == {"": (2, 4), "a": (1, 3), "b": (1, 3)}
    # Their "<5" labels give each other away: all three read "x", which bounds nothing.
    marks, report = protect(cells, rels)
    assert marks == {k(""): "secundair", k("a"): "secundair", k("b"): "secundair"}
    assert report.veilig and spans(report) == {"": (0, float("inf")), "a": (0, float("inf")), "b": (0, float("inf"))}


def test_max_rondes_is_not_a_silent_cap():
    cells, rels = table(22, {"a": (1, "primair"), "b": (1, "primair"), "c": (12, ""), "d": (8, "")})
    with pytest.raises(AuditError, match="meer dan 0 rondes"):
        protect(cells, rels, max_rondes=0)


# -- inconsistent input ---------------------------------------------------------------------------

def test_inconsistent_input_is_refused():
    cells, rels = table(21, {"a": (3, "primair"), "b": (7, ""), "c": (10, "")})
    with pytest.raises(InvalidDataError, match="onderwerpen = totaal"):
        audit(cells, rels)
    with pytest.raises(InvalidDataError, match="niet tussen 1 en 4"):
        audit(*table(25, {"a": (5, "primair"), "b": (20, "")}))
    # A missing part cannot be negative: 5 < 7 is a contradiction the LP finds.
    cells = [Cell(k(""), 5), Cell(k("a"), 7)]
    with pytest.raises(InvalidDataError, match="kloppen niet"):
        audit(cells, [Relation("r", k(""), (k("a"), k("onbekend")))])


# -- report ---------------------------------------------------------------------------------------

def test_summary_and_frame():
    cells, rels = table(22, {"a": (1, "primair"), "b": (1, "primair"), "c": (12, ""), "d": (8, "")})
    report = audit(cells, rels)
    assert report.summary().splitlines() == [
        "Audit kleine aantallen: 2 verborgen cellen (2 primair), 2 te smal; 0 cellen extra onderdrukt.",
        *(f"- bezwaren.aantal 2024 {d}: af te leiden tot [1; 1] (breedte 0, minimaal 3) via "
          "bezwaren.aantal 2024: onderwerpen = totaal" for d in "ab"),
    ]
    _, fixed = protect(cells, rels)
    assert fixed.summary() == ("Audit kleine aantallen: 3 verborgen cellen (2 primair), 0 te smal; "
                               "1 cel extra onderdrukt.")
    frame = fixed.to_frame()
    assert list(frame.columns) == ["indicator", "periode", "dimensie", "waarde", "laag", "hoog", "breedte",
                                   "veilig", "relaties"]
    assert frame[["dimensie", "waarde", "laag", "hoog", "breedte", "veilig"]].values.tolist() == [
        ["a", 1, 1, 4, 3, True], ["b", 1, 1, 4, 3, True]]
    assert set(frame["relaties"]) == {"bezwaren.aantal 2024: onderwerpen = totaal"}
    assert list(audit([], []).to_frame().columns) == list(frame.columns)


def test_min_breedte_is_a_parameter():
    cells, rels = table(15, {"a": (2, "primair"), "b": (2, "primair"), "c": (11, "")})  # a in [1, 3]
    assert not audit(cells, rels).veilig and audit(cells, rels, min_breedte=2).veilig


# -- property: protect() leaves every primary cell as wide as "<5" says ---------------------------

def independent_width(cells: list[Cell], rels: list[Relation], marks: dict, key) -> float:
    """One LP over every cell (published ones fixed by their bounds): no components, no constants."""
    keys = sorted({c.key for c in cells})
    col = {x: j for j, x in enumerate(keys)}
    a_eq = np.zeros((len(rels), len(keys)))
    for i, rel in enumerate(rels):
        a_eq[i, col[rel.totaal]] = 1
        for d in rel.delen:
            a_eq[i, col[d]] -= 1
    by_key = {c.key: c for c in cells}
    bounds = [(1, 4) if marks.get(x) == "primair" else (0, None) if marks.get(x) else
              (by_key[x].waarde, by_key[x].waarde) for x in keys]
    c = np.zeros(len(keys))
    c[col[key]] = 1
    lo = linprog(c, A_eq=a_eq, b_eq=np.zeros(len(rels)), bounds=bounds, method="highs").fun
    top = linprog(-c, A_eq=a_eq, b_eq=np.zeros(len(rels)), bounds=bounds, method="highs")
    return float("inf") if top.status == 3 else -top.fun - lo


@st.composite
def random_table(draw) -> tuple[list[Cell], list[Relation]]:
    """An r x c table of counts 0..12 with row, column and grand totals; 1..4 is primary."""
    r, c = draw(st.integers(1, 3)), draw(st.integers(1, 3))
    inner = [[draw(st.integers(0, 12)) for _ in range(c)] for _ in range(r)]
    values = {f"{i}{j}": inner[i][j] for i in range(r) for j in range(c)}
    values |= {f"r{i}": sum(inner[i]) for i in range(r)} | {f"c{j}": sum(row[j] for row in inner) for j in range(c)}
    values["g"] = sum(map(sum, inner))
    cells = [Cell(k(d, "t"), v, "primair" if 1 <= v <= 4 else "") for d, v in values.items()]
    groups = [(f"r{i}", [f"{i}{j}" for j in range(c)]) for i in range(r)]
    groups += [(f"c{j}", [f"{i}{j}" for i in range(r)]) for j in range(c)]
    groups += [("g", [f"r{i}" for i in range(r)]), ("g", [f"c{j}" for j in range(c)])]
    return cells, [Relation(f"t {t}", k(t, "t"), tuple(k(d, "t") for d in ds)) for t, ds in groups]


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(random_table())
def test_protect_makes_random_tables_safe(case):
    cells, rels = case
    # Without cells known from elsewhere every table can be protected: by hiding more, or else by
    # showing "<5" cells that give each other away as "x".
    marks, report = protect(cells, rels)
    assert report.veilig
    assert all(marks.get(c.key) for c in cells if c.onderdrukt == "primair")
    assert set(report.extra) == {x for x, m in marks.items() if m == "secundair"}
    assert audit(unmark(cells, marks), rels).veilig
    for cell in cells:
        if cell.onderdrukt == "primair":
            assert independent_width(cells, rels, marks, cell.key) >= 3 - 1e-6
