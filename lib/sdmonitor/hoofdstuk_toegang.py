"""Elements of the Toegang chapter from the project's optional tables (docs/definitions.md,
"Optional tables"): the vrij toegankelijk aanbod (seed 000 §2.5, "Voor wie is het? / Wat is het
aanbod?" and the use of the collective offer).
"""

from __future__ import annotations

import pandas as pd
from IPython.display import HTML

from . import presentation
from .monitor import Monitor

INDICATOR = "toegang.vrij_toegankelijk_deelnemers"


def tabel_vrij_toegankelijk_aanbod(m: Monitor) -> HTML:
    """The offer of the latest year up to the periode, per doelgroep, with its description and provider
    and, where the table gives them, the number of participants per report year (small numbers
    follow the rule)."""
    table = m._table("vrij_toegankelijk_aanbod")
    titel = "Vrij toegankelijk aanbod"
    if table is None:
        return m.niet_beschikbaar(f"{titel} (tabel vrij_toegankelijk_aanbod)")
    own = table[(table["gemeente"] == m.gemeente.code) & (table["jaar"] <= m.periode.jaar)]
    if own.empty:
        return m.niet_beschikbaar(titel)
    jaar = int(own["jaar"].max())
    aanbod = own[own["jaar"] == jaar]
    rij = aanbod["doelgroep"] + ": " + aanbod["aanbod"]
    wat = [" — ".join(str(t) for t in (o, a) if isinstance(t, str) and t.strip())
           for o, a in zip(aanbod["omschrijving"], aanbod["aanbieder"].map(lambda a: f"aanbieder: {a}"
                                                                              if isinstance(a, str) and a.strip()
                                                                              else ""))]
    cells = pd.DataFrame({"rij": rij, "kolom": "Wat is het aanbod?", "tekst": [w or "–" for w in wat]})
    deelnemers = m.pub.select(INDICATOR, m._years())
    deelnemers = deelnemers[deelnemers["dimensie"].isin(set(rij))]
    cols = ["Wat is het aanbod?"]
    if not deelnemers.empty:
        kolom = "Deelnemers " + deelnemers["periode"].map(m._jaar_label)
        cells = pd.concat([cells, m._cells(deelnemers, deelnemers["dimensie"], kolom)], ignore_index=True)
        cols += [f"Deelnemers {m._jaar_label(j)}" for j in m._years() if j in set(deelnemers["periode"])]
    noot = " ".join(t for t in (f"Aanbod in {jaar}; zonder verwijzing toegankelijk. Deelnemers: zoals de aanbieders "
                                "ze registreren, '–' waar geen aantal is opgegeven.", m._noot(deelnemers)) if t)
    return HTML(presentation.table_html(cells, f"{titel}: voor wie is het en wat is het aanbod?",
                                        "Voor wie is het?", list(dict.fromkeys(rij)), cols, noot=noot,
                                        bron=m._bron("vrij_toegankelijk_aanbod")))


__all__ = ["tabel_vrij_toegankelijk_aanbod"]
