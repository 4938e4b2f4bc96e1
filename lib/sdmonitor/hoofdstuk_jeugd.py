"""Elements of the Jeugd chapter from the project's optional tables (docs/definitions.md,
"Optional tables"): meerzorg (seed 000 §3.3, figuur 13).

Each function takes the chapter's `Monitor` and returns one published element; without its table
it says "niet beschikbaar".
"""

from __future__ import annotations

from IPython.display import HTML

from .monitor import Monitor


def figuur_meerzorg(m: Monitor) -> HTML:
    """Hours of meerzorg per soort and year (seed 000: "Vanaf 2025 wordt de meerzorg die ingezet wordt
    bij verblijfsproducten apart gemonitord ... 1 op 1 begeleiding bij verblijf en 1 op 1 begeleiding
    bij Essentiële functies"). Hours of a soort with fewer clients than the threshold are hidden."""
    titel = "Meerzorg: aantal uren 1-op-1 begeleiding per jaar"
    if m._table("meerzorg") is None:
        return m.niet_beschikbaar("Meerzorg (tabel meerzorg)")
    return m._per_year_bars("jeugd.meerzorg_uren", "meerzorg", "Aantal uur", titel,
                            "Staafdiagram van het aantal uren meerzorg (1-op-1 begeleiding) per soort en per jaar.",
                            m._bron("meerzorg"), "fig-jeugd-meerzorg")


__all__ = ["figuur_meerzorg"]
