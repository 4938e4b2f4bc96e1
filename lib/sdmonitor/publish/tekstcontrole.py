"""The commentary check: the analyst's own text (`kernboodschap`, `duiding.<sectie>`) held
against the figures of the element it stands with. Rules in docs/tekstcontrole.md; which
figures each text stands with in `data/tekstcontrole.yaml`; the claims of a sentence come from
`tekst_beweringen`.

A warning is only given when no reading of the claim fits the figures (any rounding, any of the
element's figures, any of its comparisons): the check must never cry wolf, or nobody reads it.
Claims are checked against published values only: a hidden cell confirms nothing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from sdmonitor.periods import Periode
from sdmonitor.publish import status_weergave as sw
from sdmonitor.publish import tekst_beweringen as tb
from sdmonitor.publish import tekst_reeksen as tr
from sdmonitor.publish.formatting import getal

#: |change| below this percentage reads as "stabiel" (and a larger one does not).
STABIEL_PCT = 3.0
#: "rond het gemiddelde": within the region's range, or within this share of the average.
ROND_MARGE = 0.10
#: "ongeveer", "ruim", "bijna", "circa": a number within this share of a figure.
ONGEVEER_MARGE = 0.05
KOLOMMEN = ["sectie", "zin", "bewering", "soort", "uitleg"]
NATIONAAL = "NL01"  # the benchmark's area code of the Netherlands (`ingest.selection.NATIONAAL`)


@dataclass(frozen=True)
class Waarschuwing:
    """One claim of the analyst's text that the figures do not bear out."""

    sectie: str
    zin: str
    bewering: str
    soort: str  # getal | jaar | richting | vergelijking | resultaat
    uitleg: str

    def regel(self) -> str:
        """One line for the run's summary."""
        return f"{self.sectie}: \"{self.bewering}\" in \"{self.zin}\" — {self.uitleg}"


@dataclass
class Context:
    """What the figures of an edition say: the published figure table (`Published.frame`), the
    benchmark rows (may be None), the municipality and its region."""

    frame: pd.DataFrame
    periode: Periode
    benchmark: pd.DataFrame | None = None
    gemeente: str = ""
    regio: tuple[str, ...] = ()
    eenheden: dict[str, str] = field(default_factory=dict)  # benchmark indicator -> unit (house style)
    naam: str = ""  # the municipality's name, for the warnings


def _supports(soort: str, v: tr.Verandering) -> bool:
    pct = v.pct
    if soort == tb.STABIEL:
        return pct is not None and abs(pct) < STABIEL_PCT
    return v.nieuw > v.oud if soort == tb.STIJGING else v.nieuw < v.oud


_CLAUSE = re.compile(r";|:|,?\s+(maar|terwijl|en\s+ook|waarbij)\s+|\(|\)")


def _clause(zin: str, positie: int) -> str:
    """The clause of a sentence around a claim, lower case: the subject of "Het zorggebruik in de
    Wmo is stabiel; in de Jeugdwet daalde het" differs per clause."""
    low = zin.lower()
    start, end = 0, len(low)
    for m in _CLAUSE.finditer(low):
        if m.end() <= positie:
            start = m.end()
        elif m.start() >= positie:
            end = m.start()
            break
    return low[start:end]


def _richting(sectie: str, zin: str, b: tb.Richting, series: list[tr.Reeks], ctx: Context) -> Waarschuwing | None:
    low = _clause(zin, b.positie)
    for group in tr.groups(tr.best(series, low), low).values():
        changes = [v for r in group for v in tr.veranderingen(r, b.jaar, ctx.periode)]
        if changes and not any(_supports(b.soort, v) for v in changes):
            regel = (f"stabiel: minder dan {getal(STABIEL_PCT, 0)}% verschil" if b.soort == tb.STABIEL
                     else f"de cijfers tonen geen {b.soort}")
            return Waarschuwing(sectie, zin, b.woord, "richting", f"{changes[0].uitleg()}; {regel}")
    return None


def _kandidaten(series: list[tr.Reeks], ctx: Context, vergelijking: list[str]) -> list[tuple[float, str]]:
    """Every value a number in the text may stand for, with its kind (procent, euro, aantal): the
    published figures, the changes between consecutive years and months (absolute and in %), and
    the benchmark values beside them."""
    out: list[tuple[float, str]] = []
    for r in series:
        kind = tb.PROCENT if r.eenheid in ("procent", "fractie") else tb.EURO if r.eenheid == "euro" else tb.AANTAL
        scale = 100.0 if r.eenheid == "fractie" else 1.0
        values = sorted((p, w * scale) for p, w, _, _ in r.punten)
        out += [(w, kind) for _, w in values]
        by_period = dict(values)
        for p, w in values:
            before = str(int(p) - 1) if len(p) == 4 else str(pd.Period(p, "M") - 1) if len(p) == 7 else ""
            if before in by_period:
                old = by_period[before]
                out.append((abs(w - old), kind))
                if old:
                    out.append((abs(w - old) / abs(old) * 100.0, tb.PROCENT))
    bench = ctx.benchmark
    if bench is not None and len(bench) and vergelijking:
        rows = bench[bench["indicator"].isin(vergelijking) & (bench["dimensie"].fillna("") == "")]
        for ind, w in zip(rows["indicator"], rows["waarde"]):
            unit = ctx.eenheden.get(str(ind), "aantal")
            out.append((float(w) * (100.0 if unit == "fractie" else 1.0),
                        tb.PROCENT if unit in ("procent", "fractie") else tb.EURO if unit == "euro" else tb.AANTAL))
    return out


def _getal_past(g: tb.Getal, kandidaten: list[tuple[float, str]]) -> bool:
    claimed = g.waarde * g.schaal
    half = 0.5 * 10 ** -g.decimalen * g.schaal
    for value, kind in kandidaten:
        if g.soort == tb.PROCENT and kind != tb.PROCENT:
            continue
        if g.soort != tb.PROCENT and kind == tb.PROCENT:
            continue
        if g.soort == tb.EURO and kind != tb.EURO:
            continue
        margin = max(half, ONGEVEER_MARGE * abs(value)) if g.ongeveer else half
        if abs(abs(value) - claimed) <= margin + 1e-9 * max(1.0, claimed):
            return True
    return False


def _eigen_en_regio(ind: str, ctx: Context) -> tuple[float, list[float], float | None, str] | None:
    """(own value, the region's other municipalities, the Netherlands, year) of a benchmark
    indicator in its latest year up to the periode; None when the own value is not comparable."""
    bench = ctx.benchmark
    if bench is None or not len(bench):
        return None
    rows = bench[(bench["indicator"] == ind) & (bench["dimensie"].fillna("") == "")
                 & (bench["periode"].astype(str).str.len() == 4)]
    rows = rows[rows["periode"].astype(int) <= ctx.periode.jaar]
    if rows.empty:
        return None
    year = str(rows["periode"].astype(str).max())
    rows = rows[rows["periode"].astype(str) == year]
    own = ctx.frame[(ctx.frame["indicator"] == ind) & (ctx.frame["periode"] == year) & (ctx.frame["dimensie"] == "")]
    if len(own):
        if bool(own["verborgen"].iloc[0]) or sw.normal(own["status"].iloc[0]) in (sw.DEELPERIODE, sw.GEEN_GEGEVENS):
            return None
        value = float(own["waarde"].iloc[0])
    else:
        hit = rows[rows["gebied"] == ctx.gemeente]
        if hit.empty:
            return None
        value = float(hit["waarde"].iloc[0])
    others = [float(w) for g, w in zip(rows["gebied"], rows["waarde"]) if g in ctx.regio and g != ctx.gemeente]
    nl = rows.loc[rows["gebied"] == NATIONAAL, "waarde"]
    return value, others, (float(nl.iloc[0]) if len(nl) else None), year


def _vergelijking_past(b: tb.Vergelijking, own: float, others: list[float], nl: float | None) -> bool | None:
    if b.gebied == tb.LANDELIJK:
        if nl is None:
            return None
        ref, lo, hi = nl, nl, nl
    else:
        if not others:
            return None
        ref, lo, hi = sum(others) / len(others), min(others), max(others)
    if b.soort == tb.HOGER:
        return own > ref
    if b.soort == tb.LAGER:
        return own < ref
    return lo <= own <= hi or (ref != 0 and abs(own / ref - 1) <= ROND_MARGE)


def _vergelijking(sectie: str, zin: str, b: tb.Vergelijking, names: list[str], ctx: Context) -> Waarschuwing | None:
    low = _clause(zin, b.positie)
    stub = [tr.Reeks(n, "", "", ()) for n in names]
    wets = tr.wetten_named(low)
    chosen = [r.indicator for r in tr.best(stub, low) if not wets or r.wet in wets or r.wet not in ("jeugd", "wmo")]
    verdicts = []
    for ind in chosen:
        found = _eigen_en_regio(ind, ctx)
        if found is None:
            continue
        own, others, nl, year = found
        ok = _vergelijking_past(b, own, others, nl)
        if ok is None:
            continue
        if ok:
            return None
        ref = (f"Nederland {getal(nl, 1)}" if b.gebied == tb.LANDELIJK and nl is not None else
               f"de andere gemeenten in de regio {getal(min(others), 1)}–{getal(max(others), 1)}, "
               f"gemiddeld {getal(sum(others) / len(others), 1)}")
        verdicts.append(f"{tr.label(ind)} {year}: {ctx.naam or ctx.gemeente} {getal(own, 1)}, {ref}")
    if not verdicts:
        return None
    regel = (f"rond het gemiddelde: binnen de spreiding van de regio of binnen {getal(ROND_MARGE * 100, 0)}% "
             "van het gemiddelde" if b.soort == tb.ROND else f"{b.soort} dan het gemiddelde")
    return Waarschuwing(sectie, zin, b.woord, "vergelijking", f"{verdicts[0]}; {regel}")


def _resultaat(sectie: str, zin: str, b: tb.Resultaat, ctx: Context, wet: str) -> Waarschuwing | None:
    # The wet named nearest before the word ("op Jeugd een nadeel en op de Wmo een voordeel"),
    # else nearest after it, else the wet of the text.
    mentions = sorted((m.start(), str(w)) for w, words in tr.spec()["woorden"].items() for word in words
                      for m in re.finditer(rf"(?<![\w-]){re.escape(word)}", zin.lower()))
    before = [w for p, w in mentions if p < b.positie]
    after = [w for p, w in mentions if p > b.positie]
    wet = before[-1] if before else after[0] if after else wet
    if not wet:
        return None
    rows = ctx.frame[(ctx.frame["indicator"] == f"{wet}.afwijking") & (ctx.frame["periode"] == str(ctx.periode.jaar))
                     & (ctx.frame["dimensie"] == "")]
    if rows.empty or bool(rows["verborgen"].iloc[0]) or pd.isna(rows["waarde"].iloc[0]):
        return None
    value = float(rows["waarde"].iloc[0])
    if (value < 0) == (b.soort == tb.NADEEL) or value == 0:
        return None
    wat = "nadeel" if value < 0 else "voordeel"
    return Waarschuwing(sectie, zin, b.woord, "resultaat",
                        f"de verwachte afwijking {wet} {ctx.periode.jaar} is een {wat} van {rows['tekst'].iloc[0]}")


def controleer_tekst(sectie: str, tekst: Any, ctx: Context) -> list[Waarschuwing]:
    """The warnings for one analyst text (a string or a list of strings) standing with `sectie`."""
    if not tekst:
        return []
    texts = [str(t) for t in tekst] if isinstance(tekst, list) else [str(tekst)]
    entry = tr.spec()["secties"].get(sectie) or {}
    names = [str(n) for n in entry.get("reeksen") or []]
    vergelijking = [str(n) for n in entry.get("vergelijking") or []]
    series = tr.reeksen(ctx.frame, names)
    kandidaten = _kandidaten(series, ctx, vergelijking)
    known_years = {int(p[:4]) for r in series for p, *_ in r.punten if p[:4].isdigit()}
    out: list[Waarschuwing] = []
    for zin in (z for t in texts for z in tb.zinnen(t)):
        for b in tb.beweringen(zin):
            w: Waarschuwing | None = None
            if isinstance(b, tb.Getal) and series and not _getal_past(b, kandidaten):
                w = Waarschuwing(sectie, zin, b.tekst, "getal",
                                 f"geen cijfer bij deze tekst is (afgerond) {b.tekst}")
            elif isinstance(b, tb.Jaar) and b.jaar > ctx.periode.jaar and b.jaar not in known_years:
                w = Waarschuwing(sectie, zin, str(b.jaar), "jaar",
                                 f"{b.jaar} ligt na de periode van deze monitor (t/m {ctx.periode})")
            elif isinstance(b, tb.Richting) and series:
                w = _richting(sectie, zin, b, series, ctx)
            elif isinstance(b, tb.Vergelijking) and vergelijking:
                w = _vergelijking(sectie, zin, b, vergelijking, ctx)
            elif isinstance(b, tb.Resultaat) and names:
                w = _resultaat(sectie, zin, b, ctx, str(entry.get("wet") or ""))
            if w is not None:
                out.append(w)
    return out


def context(frame: pd.DataFrame, periode: Periode, gemeente: Any, benchmark: pd.DataFrame | None) -> Context:
    """The check's view of an edition: a published figure table, the municipality (`Gemeente`)
    and its region, the benchmark rows, and the benchmark units of the house style."""
    from sdmonitor.house_style import house_style

    units = {str(k): str(v) for k, v in (house_style().get("regio", {}).get("eenheid") or {}).items()}
    return Context(frame, periode, benchmark, gemeente.code, tuple(gemeente.regio_gemeenten), units, gemeente.naam)


def controleer(commentary: dict[str, Any], ctx: Context) -> list[Waarschuwing]:
    """Every analyst text of an edition (`kernboodschap`, `duiding.*`) checked."""
    out = controleer_tekst("kernboodschap", commentary.get("kernboodschap"), ctx)
    for sectie, tekst in (commentary.get("duiding") or {}).items():
        out += controleer_tekst(str(sectie), tekst, ctx)
    return out


def waarschuwing_html(waarschuwingen: list[Waarschuwing]) -> str:
    """The box the analyst sees in the notebook beside a text the figures do not bear out
    (`sd-tekstcontrole`); never part of a publication (the runner says it in its summary)."""
    from html import escape

    if not waarschuwingen:
        return ""
    items = "".join(f"<li>&ldquo;{escape(w.bewering)}&rdquo; in &ldquo;{escape(w.zin)}&rdquo;: {escape(w.uitleg)}</li>"
                    for w in waarschuwingen)
    return ('<div class="sd-tekstcontrole" role="note" style="border:2px solid #b00020;background:#fff4f4;'
            'padding:0.4em 0.8em;margin:0.5em 0"><p><strong>Tekstcontrole: deze tekst klopt niet met de '
            f'cijfers</strong> (alleen in het werkboek, niet in de publicatie)</p><ul>{items}</ul></div>')


def als_tabel(waarschuwingen: list[Waarschuwing]) -> pd.DataFrame:
    """The warnings as rows (`intern/tekstcontrole.csv`)."""
    return pd.DataFrame([[getattr(w, k) for k in KOLOMMEN] for w in waarschuwingen], columns=KOLOMMEN)


__all__ = ["KOLOMMEN", "ONGEVEER_MARGE", "ROND_MARGE", "STABIEL_PCT", "Context", "Waarschuwing", "als_tabel",
           "context", "controleer", "controleer_tekst", "waarschuwing_html"]
