"""Findings that surface what is alarming, so it does not stay in a table: a figure beyond its
norm (the median wachttijd above six weeks), the largest movements of care use per bouwsteen
(dagbesteding volwassenen −24 %), and the declared breaks in a series (`databreuken`).

Norms and thresholds are data: project defaults in `data/signalen.yaml`, a municipality's own in
its parameters under `signalen:`. Only published values are used (a hidden figure is never
compared with a norm), and a voorlopig or running year says what it is.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from sdmonitor import config, package_yaml
from sdmonitor.periods import Periode
from sdmonitor.publish import databreuken
from sdmonitor.publish import status_weergave as sw
from sdmonitor.publish.charts import house_style
from sdmonitor.publish.formatting import getal
from sdmonitor.publish.suppression import Published, PublishedFigure
from sdmonitor.publish.uitleg import MEERVOUD

SPEC_FILE = config.PACKAGE_DATA / "signalen.yaml"


@lru_cache(maxsize=1)
def _defaults() -> dict[str, Any]:
    return dict(package_yaml.read(SPEC_FILE))


def instellingen(eigen: dict[str, Any] | None = None) -> dict[str, Any]:
    """The defaults with a municipality's `signalen:` over them (a norm set to null is dropped)."""
    base = _defaults()
    eigen = eigen or {}
    normen = {**base["normen"], **(eigen.get("normen") or {})}
    return {"normen": {k: v for k, v in normen.items() if v},
            "bewegingen": {**base["bewegingen"], **(eigen.get("bewegingen") or {})}}


def _shown(fig: PublishedFigure | None) -> bool:
    return fig is not None and not fig.onderdrukt and fig.waarde == fig.waarde and sw.has_data(fig.status)


def _jaar(fig: PublishedFigure, periode: Periode) -> str:
    """"2026 (t/m februari)" for the running year, "2025 (voorlopig)", else the year."""
    if fig.status == sw.DEELPERIODE and fig.periode == str(periode.jaar):
        return f"{fig.periode} (t/m {periode.maandnaam})"
    if fig.status == sw.VOORLOPIG:
        return f"{fig.periode} (voorlopig)"
    return fig.periode


def _dimensie_label(indicator: str, dimensie: str) -> str:
    if not dimensie:
        return "totaal"
    labels = house_style()["labels"]
    naam = registry_dimension(indicator)
    return str((labels.get(naam) or {}).get(dimensie, dimensie))


def registry_dimension(indicator: str) -> str:
    """The name of an indicator's breakdown in the registry ("zorgtype"), "" when it has none."""
    from sdmonitor.registry import registry

    reg = registry()
    dim = reg[indicator].dimensie if indicator in reg else None
    return dim.naam if dim is not None else ""


def boven_norm(pub: Published, periode: Periode, normen: dict[str, Any]) -> list[str]:
    """A sentence per published figure beyond its norm, in the latest year that has one (the
    running year included: the wachttijd of the last months is what a council must hear now),
    with the year before beside it."""
    out = []
    for indicator, norm in normen.items():
        grens_max, grens_min = norm.get("max"), norm.get("min")
        dims = norm.get("dimensies")
        rows = pub.select(indicator, [str(y) for y in periode.years])
        for dimensie in (dims if dims is not None else sorted(set(rows["dimensie"]))):
            found = [pub.get(indicator, y, str(dimensie)) for y in sorted(periode.years, reverse=True)]
            figs = [f for f in found if f is not None and _shown(f)]
            if not figs:
                continue
            last = figs[0]
            grens = grens_max if grens_max is not None and last.waarde > float(grens_max) else (
                grens_min if grens_min is not None and last.waarde < float(grens_min) else None)
            if grens is None:
                continue
            kant = "boven" if grens is grens_max else "onder"
            onderwerp = str(norm.get("onderwerp", indicator)).format(dimensie=_dimensie_label(indicator, str(dimensie)))
            woorden = str(norm.get("norm", "{grens}")).format(grens=getal(float(grens), 0))
            eenheid = " dagen" if last.eenheid == "dagen" else ""
            zin = f"{onderwerp} was in {_jaar(last, periode)} {last.tekst}{eenheid}, {kant} de norm van {woorden}"
            vorig = next((f for f in figs[1:] if int(f.periode) == int(last.periode) - 1), None)
            if vorig is not None:
                zin += f"; in {_jaar(vorig, periode)} was dat {vorig.tekst}{eenheid}"
            out.append(zin + ".")
    return out


def bewegingen(pub: Published, wet: str, periode: Periode, regels: dict[str, Any]) -> list[str]:
    """The largest movements of care use per bouwsteen (volume in its own unit), the last whole
    year against the year before: at least `min_relatief`, on bouwstenen with at least
    `min_clienten` published clients in both years, the largest `max_per_wet`."""
    jaar = periode.jaar if periode.maand == 12 else periode.jaar - 1
    rows = pub.select(f"{wet}.volume", [str(jaar)], totaal=False)
    found = []
    for bouwsteen, eenheid in zip(rows["dimensie"], rows["eenheid"]):
        new, old = pub.get(f"{wet}.volume", jaar, bouwsteen), pub.get(f"{wet}.volume", jaar - 1, bouwsteen)
        c_new, c_old = pub.get(f"{wet}.clienten", jaar, bouwsteen), pub.get(f"{wet}.clienten", jaar - 1, bouwsteen)
        if eenheid == "euro" or not all(_shown(f) for f in (new, old, c_new, c_old)):
            # a bouwsteen counted in euros (woonvoorzieningen) has no use apart from its costs
            continue
        assert new is not None and old is not None and c_new is not None and c_old is not None
        if min(c_new.waarde, c_old.waarde) < float(regels["min_clienten"]) or old.waarde <= 0:
            continue
        if not sw.comparable(old.status, new.status):
            continue
        pct = (new.waarde - old.waarde) / old.waarde
        if abs(pct) >= float(regels["min_relatief"]):
            found.append((abs(pct), bouwsteen, str(eenheid), pct, old, new, c_old, c_new))
    found.sort(key=lambda t: (-t[0], t[1]))
    out = []
    for _, bouwsteen, eenheid, pct, old, new, c_old, c_new in found[: int(regels["max_per_wet"])]:
        eenheden = MEERVOUD.get(eenheid, eenheid)
        woord = "steeg" if pct > 0 else "daalde"
        wie = house_style()["labels"]["clienten"][wet]
        out.append(f"Het gebruik van {bouwsteen} {woord} in {_jaar(new, periode)} met "
                   f"{getal(abs(pct) * 100, 0)}% ten opzichte van {old.periode}: {new.tekst} {eenheden} tegen "
                   f"{old.tekst}, bij {c_new.tekst} {wie} (in {old.periode}: {c_old.tekst}).")
    return out


def breuken(alle: list[databreuken.Databreuk], periode: Periode, wet: str | None = None) -> list[str]:
    """The declared breaks within the report years (of one wet, or all), as findings."""
    jaren = {int(y) for y in periode.years}
    kies = [b for b in alle if b.jaar in jaren and (wet is None or b.wet == wet
                                                    or b.indicator.split(".", 1)[0] == wet)]
    return [f"De reeks {b.onderwerp()} heeft een breuk in {b.wanneer()}. {b.tekst.rstrip('.')}."
            for b in sorted(kies, key=lambda b: (b.datum, b.onderwerp()))]


def for_chapter(hoofdstuk: str, pub: Published, periode: Periode,
                parameters: dict[str, Any] | None = None) -> list[str]:
    """The alarming findings of one chapter: the introduction gets the norms and the largest
    movements of both wetten; toegang its norms; jeugd and wmo their movements and breaks."""
    parameters = parameters or {}
    regels = instellingen(parameters.get("signalen"))
    alle = databreuken.lees(parameters.get("databreuken"))
    if hoofdstuk == "inleiding":
        return (boven_norm(pub, periode, regels["normen"]) + bewegingen(pub, "jeugd", periode, regels["bewegingen"])
                + bewegingen(pub, "wmo", periode, regels["bewegingen"]))
    if hoofdstuk == "toegang":
        normen = {k: v for k, v in regels["normen"].items() if k.startswith("toegang.")}
        return boven_norm(pub, periode, normen)
    if hoofdstuk in ("jeugd", "wmo"):
        normen = {k: v for k, v in regels["normen"].items() if k.startswith(f"{hoofdstuk}.")}
        return (boven_norm(pub, periode, normen) + bewegingen(pub, hoofdstuk, periode, regels["bewegingen"])
                + breuken(alle, periode, hoofdstuk))
    return []


__all__ = ["SPEC_FILE", "bewegingen", "boven_norm", "breuken", "for_chapter", "instellingen"]
