"""Coverage of one municipality's input: per source table, which months it describes.

Derived from the data of a `Selection` (or any mapping of the gemeente's tables), never declared:
a table is *delivered* when it has rows for the gemeente; it *covers* the months from its first
to its last month with rows (by the table's own date column, `DATE_COLUMNS`), minus *gaps*.

Rules (why they are what they are):

- Monthly event tables (declaraties, meldingen, klachten_bezwaren, toewijzingen, avan_passen): a
  month inside the range with no row at all is a gap only when the source's typical month (the
  median over its months with rows in the report window) has at least `GAP_MINIMUM` rows; in a
  small table (a few klachten a year) an empty month is normal. `avan_passen` holds one row per
  month by design, so every empty month is a gap there.
- The end: a small table is taken to cover through the periode (its empty months, at the end
  too, are normal: nothing tells a quiet spell from a stop). Declaraties cover through the periode
  when their last month lies at most `DECLARATION_LAG` months before it: the latest months are
  late, not missing, and their completeness (nowcast) marks them voorlopig.
- Yearly tables (jaar column) cover the whole year of every year present; veilig_thuis the months
  of every quarter present; smw August..July of every schooljaar present.
- `declaraties:pgb` is the PGB part of declaraties: delivered only when the gemeente's data holds
  any PGB line (a source without PGB has no PGB figures, not zero); it then covers what
  declaraties cover.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date

import pandas as pd

from sdmonitor.periods import Periode

PGB_SOURCE = "declaraties:pgb"
GAP_MINIMUM = 5
DECLARATION_LAG = 3

# Monthly sources: the date column a row belongs to (avan_passen: a "YYYY-MM" text).
DATE_COLUMNS = {
    "declaraties": "periode_begin",
    "meldingen": "aangemeld_op",
    "klachten_bezwaren": "ontvangen_op",
    "toewijzingen": "toegewezen_op",
    "avan_passen": "maand",
    # The message chain: the month a message was dated (docs/definitions.md, "Doorlooptijden").
    "aanvragen": "aangevraagd_op",
    "zorgmeldingen": "gemeld_op",
    "retouren": "verzonden_op",
    "berichten": "dagtekening",
}
# Monthly sources with one row per month by design: any empty month is a gap.
_ONE_PER_MONTH = {"avan_passen": 1}
YEARLY = ("bevolking", "begroting", "nulmeting", "tevredenheid", "begroting_regels", "meerzorg",
          "vrij_toegankelijk_aanbod", "regionale_voorzieningen")


@dataclass(frozen=True)
class Coverage:
    """What one source table covers for one gemeente."""

    table: str
    delivered: bool
    grain: str = "maand"  # maand | kwartaal | jaar | schooljaar: how the table dates its rows
    covered: frozenset[str] = field(default_factory=frozenset)  # months "YYYY-MM" it describes
    gaps: tuple[str, ...] = ()  # months inside the range without rows (monthly sources only)

    @property
    def first(self) -> str | None:
        """The first month covered ("YYYY-MM"), or None."""
        return min(self.covered) if self.covered else None

    @property
    def last(self) -> str | None:
        """The last month covered ("YYYY-MM"), or None."""
        return max(self.covered) if self.covered else None

    def share(self, months: list[str]) -> str:
        """`geheel`, `deels` or `niet`: how much of `months` this source covers."""
        if not self.delivered or not months:
            return "niet"
        hit = sum(m in self.covered for m in months)
        return "geheel" if hit == len(months) else ("deels" if hit else "niet")


@dataclass(frozen=True)
class Dekking(Mapping[str, Coverage]):
    """Coverage of every source table of one edition (an undelivered table reads as not delivered)."""

    periode: Periode
    peildatum: date
    tables: dict[str, Coverage]

    def __getitem__(self, table: str) -> Coverage:
        return self.tables.get(table) or Coverage(table, delivered=False)

    def __contains__(self, table: object) -> bool:
        return table in self.tables

    def __iter__(self) -> Iterator[str]:
        return iter(self.tables)

    def __len__(self) -> int:
        return len(self.tables)


def _month_range(first: pd.Period, last: pd.Period) -> list[str]:
    return [str(p) for p in pd.period_range(first, last, freq="M")] if first <= last else []


def _year_months(years) -> set[str]:
    return {f"{int(y):04d}-{m:02d}" for y in years for m in range(1, 13)}


def month_summary(table: str, frame: pd.DataFrame) -> pd.DataFrame:
    """Rows per gemeente and month of a monthly table (`gemeente`, `maand` "YYYY-MM", `n`, and `pgb`:
    its PGB rows): all that coverage needs of a table's rows. `cold` computes the same in DuckDB."""
    column = frame[DATE_COLUMNS[table]]
    maand = column.astype("str") if table == "avan_passen" else column.dt.to_period("M").astype("str")
    pgb = (frame["zorgvorm"] == "PGB") if "zorgvorm" in frame.columns else pd.Series(False, index=frame.index)
    gemeente = frame["gemeente"] if "gemeente" in frame.columns else pd.Series("", index=frame.index)
    keep = column.notna()
    parts = pd.DataFrame({"gemeente": gemeente[keep].astype("str"), "maand": maand[keep],
                          "pgb": pgb[keep].astype("int64")})
    out = parts.groupby(["gemeente", "maand"], sort=True).agg(n=("pgb", "size"), pgb=("pgb", "sum"))
    return out.reset_index()


def monthly(table: str, months: pd.Series, periode: Periode) -> Coverage:
    """Coverage of a monthly source from its rows' months (`pd.Period` or "YYYY-MM" values)."""
    # Counted per distinct value first: a month is parsed once, not once per row.
    counts = months.dropna().value_counts(sort=False)
    per = pd.PeriodIndex(counts.index.astype("str"), freq="M")
    return from_counts(table, pd.Series(counts.to_numpy(dtype="int64"), index=per).groupby(level=0).sum(), periode)


def from_summary(table: str, summary: pd.DataFrame, periode: Periode) -> Coverage:
    """Coverage of a monthly source from its `month_summary` rows (of one gemeente)."""
    if summary.empty:
        return Coverage(table, delivered=False)
    counts = pd.Series(summary["n"].to_numpy(), index=pd.PeriodIndex(summary["maand"].astype("str"), freq="M"))
    return from_counts(table, counts.groupby(level=0).sum(), periode)


def from_counts(table: str, counts: pd.Series, periode: Periode) -> Coverage:
    """Coverage of a monthly source from its number of rows per month (a `pd.Period` index)."""
    if counts.empty:
        return Coverage(table, delivered=False)
    end = pd.Period(str(periode), freq="M")
    window = counts[(counts.index >= pd.Period(f"{periode.jaar - 3}-01", freq="M")) & (counts.index <= end)]
    typical = float(window.median()) if len(window) else float(counts.median())
    minimum = _ONE_PER_MONTH.get(table, GAP_MINIMUM)
    first, last = counts.index.min(), counts.index.max()
    small = typical < minimum
    gaps: list[str] = []
    if not small:
        start = max(first, pd.Period(f"{periode.jaar - 3}-01", freq="M"))
        gaps = [m for m in _month_range(start, min(last, end)) if pd.Period(m, freq="M") not in counts.index]
    lag = DECLARATION_LAG if table == "declaraties" else 0
    if last < end and (small or (end - last).n <= lag):
        last = end  # late or quiet months, not a source that stopped
    covered = frozenset(_month_range(first, last)) - set(gaps)
    return Coverage(table, True, "maand", covered, tuple(gaps))


def _yearly(table: str, frame: pd.DataFrame) -> Coverage:
    years = sorted({int(y) for y in frame["jaar"].dropna()})
    return Coverage(table, bool(years), "jaar", frozenset(_year_months(years)))


def _veilig_thuis(frame: pd.DataFrame) -> Coverage:
    months = {f"{int(j):04d}-{3 * (int(k) - 1) + i:02d}" for j, k in zip(frame["jaar"], frame["kwartaal"])
              for i in (1, 2, 3)}
    return Coverage("veilig_thuis", bool(months), "kwartaal", frozenset(months))


def _smw(frame: pd.DataFrame) -> Coverage:
    months: set[str] = set()
    for sj in frame["schooljaar"].dropna().astype("str").unique():
        start = int(sj[:4])
        months |= {f"{start:04d}-{m:02d}" for m in range(8, 13)} | {f"{start + 1:04d}-{m:02d}" for m in range(1, 8)}
    return Coverage("smw", bool(months), "schooljaar", frozenset(months))


def table_coverage(table: str, frame: pd.DataFrame, periode: Periode, gemeente: str | None = None) -> Coverage:
    """Coverage of one table of one gemeente (`gemeente`: keep only its rows, e.g. bevolking's NL01)."""
    if gemeente is not None and "gemeente" in frame.columns:
        frame = frame.loc[frame["gemeente"] == gemeente]
    if frame.empty:
        return Coverage(table, delivered=False)
    if table in DATE_COLUMNS:
        column = frame[DATE_COLUMNS[table]]
        months = column.astype("str") if table == "avan_passen" else column.dt.to_period("M")
        return monthly(table, months, periode)
    if table == "veilig_thuis":
        return _veilig_thuis(frame)
    if table == "smw":
        return _smw(frame)
    if "jaar" in frame.columns:
        return _yearly(table, frame)
    return Coverage(table, True, "jaar", frozenset())  # undated (producten, benchmark): no period


def dekking(selection) -> Dekking:
    """Coverage of every source table of a `Selection` (declaraties from its lines, the rest from its
    tables), plus the sub-source `declaraties:pgb`."""
    return dekking_of(selection.gemeente.code, selection.periode, selection.peildatum,
                      selection.lines, selection.tables)


def dekking_of(code: str, periode: Periode, peildatum: date, lines: pd.DataFrame,
               tables: Mapping[str, pd.DataFrame]) -> Dekking:
    """Coverage of one gemeente's declaration lines and other tables (other gemeenten's rows are
    left out here, so `tables` may be the whole dataset)."""
    code = code.upper()
    lines = lines.loc[lines["gemeente"] == code] if "gemeente" in lines.columns else lines
    summary = month_summary("declaraties", lines) if len(lines) else _EMPTY_SUMMARY
    return _dekking(code, periode, peildatum, {"declaraties": summary}, tables)


_EMPTY_SUMMARY = pd.DataFrame({"gemeente": [], "maand": [], "n": [], "pgb": []})


def _dekking(code: str, periode: Periode, peildatum: date, summaries: Mapping[str, pd.DataFrame],
             tables: Mapping[str, pd.DataFrame]) -> Dekking:
    """Coverage from month summaries of the heavy tables (one gemeente's rows) and the other tables."""
    out: dict[str, Coverage] = {name: from_summary(name, summary, periode) for name, summary in summaries.items()}
    decl = summaries.get("declaraties", _EMPTY_SUMMARY)
    has_pgb = bool(len(decl)) and int(decl["pgb"].sum()) > 0
    base = out.get("declaraties") or Coverage("declaraties", delivered=False)
    out[PGB_SOURCE] = Coverage(PGB_SOURCE, has_pgb and base.delivered, base.grain,
                               base.covered if has_pgb else frozenset(), base.gaps if has_pgb else ())
    for name, frame in tables.items():
        if name in ("declaraties", "producten", "benchmark") or name in summaries:
            continue
        out[name] = table_coverage(name, frame, periode, code if "gemeente" in frame.columns else None)
    return Dekking(periode, peildatum, out)


def dataset_warnings(dataset, heavy_months: Mapping[str, pd.DataFrame] | None = None) -> list[str]:
    """`validate`'s coverage warnings for every gemeente of a valid input folder, each over the
    report window that ends at the gemeente's latest service month (validate knows no periode).
    `heavy_months`: `month_summary` frames of the heavy tables checked in DuckDB, which are then not
    in `dataset` (their rows are never read into memory here)."""
    tables = dict(dataset.tables) if dataset is not None else {}
    summaries = dict(heavy_months or {})
    for name in ("declaraties", "toewijzingen"):
        if name not in summaries and name in tables:
            summaries[name] = month_summary(name, tables.pop(name))
    decl = summaries.get("declaraties")
    if decl is None or decl.empty:
        return []
    out: list[str] = []
    for code, own in decl.groupby("gemeente", sort=True):
        periode = Periode.parse(str(own["maand"].max()))
        own_summaries = {name: s.loc[s["gemeente"] == code] for name, s in summaries.items()}
        dek = _dekking(str(code), periode, periode.end, own_summaries, tables)
        out += [f"{code} {w}" for w in problems(dek)]
    return out


def window_months(periode: Periode) -> list[str]:
    """The months of the report window: January Y-3 through the periode."""
    return periode.months


def problems(dek: Dekking) -> list[str]:
    """Coverage problems of one gemeente in Dutch, for `validate` (warnings, not errors)."""
    window = set(window_months(dek.periode))
    out: list[str] = []
    for name, cov in sorted(dek.tables.items()):
        if name == PGB_SOURCE:
            continue
        if cov.delivered and cov.first and window and min(window) < cov.first <= max(window):
            out.append(f"{name}: begint pas in {cov.first}, binnen de rapportperiode "
                       f"(vanaf {min(window)}); eerdere perioden krijgen status geen_gegevens")
        # A yearly source that has not yet delivered the current year is normal, not a stop.
        if cov.grain == "maand" and cov.last and min(window) <= cov.last < max(window):
            out.append(f"{name}: houdt op na {cov.last}, vóór de periode {dek.periode}")
        for gap in cov.gaps:
            if gap in window:
                out.append(f"{name}: geen rijen in {gap} (wel in de maanden ervoor en erna)")
    decl = dek["declaraties"]
    if decl.delivered and not dek[PGB_SOURCE].delivered:
        out.append("declaraties: geen PGB-regels aangeleverd; PGB-cijfers krijgen status geen_gegevens")
    return out


__all__ = [
    "DATE_COLUMNS",
    "GAP_MINIMUM",
    "PGB_SOURCE",
    "Coverage",
    "Dekking",
    "dataset_warnings",
    "dekking",
    "dekking_of",
    "from_counts",
    "from_summary",
    "month_summary",
    "monthly",
    "problems",
    "table_coverage",
    "window_months",
]
