"""How a figure's `status` reads and looks: THE one rule every chart, table and text of the report
uses (definitions.md "Status of a figure"). Data plus small pure functions, no pandas needed.

- `definitief`: printed as it is.
- `voorlopig`: the cell gets "*" (the CBS mark for provisional figures); a bar is lighter and
  dotted, a line segment dashed with open markers; a period label says "2025 (voorlopig)".
- `deelperiode`: the cell gets " (deel)"; a bar is light and hatched; the period label says which
  part: "2026 t/m feb", "2025-2026 t/m feb", else "2023 (deel)". Never compared with a full period.
- `geen_gegevens`: the cell says "geen gegevens"; no bar, no point (a gap in a line), never 0.

The note under a table or figure (`legend`) explains exactly the marks it shows.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sdmonitor.figures.rows import DEELPERIODE, DEFINITIEF, GEEN_GEGEVENS, STATUSSEN, VOORLOPIG
from sdmonitor.periods import Periode
from sdmonitor.publish.formatting import maand_kort


#: The Dutch word of each status (a reader's word, e.g. in a sentence or a legend).
STATUS_TEKST: dict[str, str] = {DEFINITIEF: "definitief", VOORLOPIG: "voorlopig", DEELPERIODE: "deelperiode",
                                GEEN_GEGEVENS: "geen gegevens"}

#: What a table cell with this status carries after its number ("1.301*", "2.240 (deel)").
TEKEN: dict[str, str] = {VOORLOPIG: "*", DEELPERIODE: " (deel)"}

#: The whole text of a cell without data (`Published` prints the same).
GEEN_GEGEVENS_TEKST = STATUS_TEKST[GEEN_GEGEVENS]

#: One sentence per mark, for the note under a table or figure (`legend`).
UITLEG: dict[str, str] = {
    VOORLOPIG: "* voorlopig: de periode is voorbij, maar er komen nog gegevens over binnen; het cijfer kan nog "
               "veranderen.",
    DEELPERIODE: "(deel) deelperiode: het cijfer gaat over een deel van de periode (het lopende jaar of schooljaar "
                 "tot nu toe, of een jaar waarin de bron pas begint of een maand mist); niet te vergelijken met een "
                 "volledige periode.",
    GEEN_GEGEVENS: "geen gegevens: de bron dekt deze periode niet (dat is iets anders dan 0).",
}

# Which status a group of cells that shares one label (a year column of several series) shows:
# the most cautious one among the cells that have data.
_RANG = {DEFINITIEF: 0, "": 0, VOORLOPIG: 1, DEELPERIODE: 2}


def normal(status: Any) -> str:
    """The status as one of `STATUSSEN` ("" / None / NaN — files written before the column — is
    `definitief`)."""
    if status is None or (isinstance(status, float) and math.isnan(status)):
        return DEFINITIEF
    text = str(status).strip()
    return text if text in STATUSSEN else DEFINITIEF


def has_data(status: Any) -> bool:
    """Whether a figure with this status has a value to draw or print (not `geen_gegevens`)."""
    return normal(status) != GEEN_GEGEVENS


def summary_status(statuses: Iterable[Any]) -> str:
    """The one status of cells shown under one label (a year of a grouped bar chart):
    `deelperiode` over `voorlopig` over `definitief` among the cells with data; `geen_gegevens`
    only when no cell has data (also for no cells at all)."""
    present = [normal(s) for s in statuses if has_data(s)]
    if not present:
        return GEEN_GEGEVENS
    return max(present, key=lambda s: _RANG[s])


def mark(status: Any) -> str:
    """The mark a cell of this status carries after its text ("*", " (deel)" or "")."""
    return TEKEN.get(normal(status), "")


def cell_text(tekst: str, status: Any) -> str:
    """The printed text of a table cell: "1.301*" (voorlopig), "2.240 (deel)" (deelperiode),
    "geen gegevens" (whatever `tekst` says), else `tekst` unchanged. Marks are never doubled."""
    st = normal(status)
    if st == GEEN_GEGEVENS:
        return GEEN_GEGEVENS_TEKST
    tekst = str(tekst)
    suffix = TEKEN.get(st, "")
    if not suffix or tekst == GEEN_GEGEVENS_TEKST or tekst.endswith(suffix):
        return tekst
    return tekst + suffix


def _schooljaar(text: str) -> tuple[int, int] | None:
    m = re.fullmatch(r"([0-9]{4})[-/]([0-9]{4})", text.strip())
    return (int(m.group(1)), int(m.group(2))) if m else None


def periode_label(periode_text: str, status: Any, periode: Periode | None = None) -> str:
    """The label of a period (axis tick, column or row header) that says what the figure covers.

    `periode_text` as the reader sees the period ("2026", "2025-2026", "jan 2026"); `periode` the
    edition's last month, which names the part of a running period:
    - deelperiode, the edition's own year: "2026 t/m feb"; its school year (August–July):
      "2025-2026 t/m feb"; any other part (a source starting or missing a month): "2023 (deel)";
    - voorlopig: "2025 (voorlopig)";
    - definitief, geen_gegevens: `periode_text` unchanged (the cell says "geen gegevens").
    A December periode ends its year: that year is not labelled "t/m dec"."""
    st, text = normal(status), str(periode_text)
    if st == VOORLOPIG:
        return f"{text} ({STATUS_TEKST[VOORLOPIG]})"
    if st != DEELPERIODE:
        return text
    if periode is not None:
        tm = f"t/m {maand_kort(str(periode))}"  # "mrt", not the first letters "maa"
        if re.fullmatch(r"[0-9]{4}", text.strip()) and int(text) == periode.jaar and periode.maand < 12:
            return f"{text} {tm}"
        school = _schooljaar(text)
        # A school year runs August of its first year through July of its second.
        if school and (school[0], 8) <= (periode.jaar, periode.maand) < (school[1], 7):
            return f"{text} {tm}"
    return f"{text}{TEKEN[DEELPERIODE]}"


def legend(statuses: Iterable[Any]) -> str:
    """The note under a table or figure explaining each mark that `statuses` (of its cells) holds,
    in a fixed order; "" when every cell is definitief."""
    present = {normal(s) for s in statuses}
    return " ".join(UITLEG[s] for s in (VOORLOPIG, DEELPERIODE, GEEN_GEGEVENS) if s in present)


def comparable(status_a: Any, status_b: Any, same_part: bool = False) -> bool:
    """May two figures be set side by side as a change ("from 3.584 to 2.240")?

    Never with `geen_gegevens`; never a deelperiode against a full period. Two deelperiodes only
    when the caller knows they cover the same part (`same_part`: January–February of two years).
    `voorlopig` compares (its mark says it may still move)."""
    a, b = normal(status_a), normal(status_b)
    if GEEN_GEGEVENS in (a, b):
        return False
    if (a == DEELPERIODE) != (b == DEELPERIODE):
        return False
    return same_part if a == DEELPERIODE else True


# --- chart style per status ------------------------------------------------------------------


@dataclass(frozen=True)
class BarStyle:
    """How a bar of one status is filled: `alpha` of the series colour, `hatch` drawn in the series
    colour (so the status never rests on lightness alone)."""

    alpha: float
    hatch: str | None


#: Bars per status. The hidden-number band of `chart_base` is white with "///" in grey: these differ.
BAR_STYLE: dict[str, BarStyle] = {DEFINITIEF: BarStyle(1.0, None), VOORLOPIG: BarStyle(0.55, "...."),
                                  DEELPERIODE: BarStyle(0.3, "\\\\\\")}

#: Line segments per status: voorlopig dashed with open markers, deelperiode dotted.
LINE_STYLE: dict[str, str] = {DEFINITIEF: "-", VOORLOPIG: "--", DEELPERIODE: ":"}

#: The legend entry of a status in a chart.
LEGENDA_LABEL: dict[str, str] = {VOORLOPIG: "voorlopig", DEELPERIODE: "deel van de periode"}


def bar_style(status: Any) -> BarStyle:
    """The fill of a bar of this status (`geen_gegevens` draws no bar: callers skip it)."""
    return BAR_STYLE.get(normal(status), BAR_STYLE[DEFINITIEF])


def bar_kwargs(status: Any, colour: str) -> dict[str, Any]:
    """matplotlib `bar` keyword arguments for one bar of `status` in `colour`."""
    style = bar_style(status)
    if style.hatch is None:
        return {"color": colour}
    return {"facecolor": _with_alpha(colour, style.alpha), "edgecolor": colour, "hatch": style.hatch,
            "linewidth": 0.8}


def _with_alpha(colour: str, alpha: float) -> tuple[float, float, float, float]:
    h = colour.lstrip("#")
    return (int(h[0:2], 16) / 255, int(h[2:4], 16) / 255, int(h[4:6], 16) / 255, alpha)


def legend_handles(statuses: Iterable[Any], colour: str = "#595959") -> list[Any]:
    """Legend patches for the bar statuses `statuses` holds (voorlopig, deelperiode), each drawn as
    its bars are, in a neutral colour; labels from `LEGENDA_LABEL`."""
    # Imported here: the text modules use this module without drawing anything.
    from matplotlib.patches import Patch

    present = {normal(s) for s in statuses}
    handles = []
    for st in (VOORLOPIG, DEELPERIODE):
        if st in present:
            handles.append(Patch(label=LEGENDA_LABEL[st], **bar_kwargs(st, colour)))
    return handles


__all__ = ["BAR_STYLE", "DEELPERIODE", "DEFINITIEF", "GEEN_GEGEVENS", "GEEN_GEGEVENS_TEKST", "LEGENDA_LABEL",
           "LINE_STYLE", "STATUSSEN", "STATUS_TEKST", "TEKEN", "UITLEG", "VOORLOPIG", "BarStyle", "bar_kwargs",
           "bar_style", "cell_text", "comparable", "has_data", "legend", "legend_handles", "mark", "normal",
           "periode_label", "summary_status"]
