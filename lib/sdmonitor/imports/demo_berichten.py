"""Turning `declaraties` rows back into iStandaard messages (315, 301, 323), for the round-trip
test and the import benchmark: the importer must give back exactly the table it came from.

What a 323 can carry limits what can be written: a whole `GeleverdVolume` (hours are written as
minutes when that makes them whole) and only zorg in natura (a PGB is never declared with a 323).
`representable` tells which lines qualify; `messages` writes them (names that sort in the order
they were made, so an import reads them in that order):

- per client and wet one 301 from the gemeente (birth date 1 January of `geboortejaar`), with one
  allocation per (aanbieder, productcode, verwijzer);
- for jeugd allocations with a verwijzer, the 315 request from the aanbieder that carries it (an
  allocation without one is, in the message chain, the gemeente's own referral: COD327 01);
- 323 declarations per (wet, aanbieder, ingediend_op), or per client as well (`per_client`: many
  small messages, the shape of a large delivery for the benchmark).

BSNs are made up (`bsn_for`): 9 digits passing the 11-proef, starting with 9.
"""

from __future__ import annotations

from typing import Iterator

import numpy as np
import pandas as pd

from . import writer

_MINUTES = 60
# The 323 lines come out of the messages (file names sort in the order they were made) in this
# order, the original order kept within it: an import gives back the table sorted so (stable).
LINE_ORDER = ["gemeente", "wet", "aanbieder", "ingediend_op", "client_id"]


def bsn_for(index: int) -> str:
    """A made-up, 11-proef-valid BSN for the index-th client: 9, seven digits of the index, a check digit."""
    for check in range(10):
        number = f"9{index:07d}{check}"
        digits = [int(c) for c in number]
        if (sum(w * d for w, d in zip(range(9, 1, -1), digits[:8])) - digits[8]) % 11 == 0:
            return number
    return bsn_for(index + 5_000_000)


def representable(frame: pd.DataFrame) -> pd.Series:
    """Lines a 323 can carry exactly: ZIN, and a whole volume (or whole minutes for hours)."""
    volume = frame["volume"].astype(float)
    whole = np.isclose(volume, volume.round(), rtol=0, atol=1e-9)
    minutes = (frame["eenheid"] == "04") & np.isclose(volume * _MINUTES, (volume * _MINUTES).round(), rtol=0, atol=1e-9)
    return (frame["zorgvorm"] == "ZIN") & (whole | minutes)


def _line_volume(volume: float, eenheid: str) -> tuple[int, str]:
    if float(volume).is_integer():
        return int(volume), eenheid
    return int(round(volume * _MINUTES)), "01"  # hours as minutes (WJ756 01)


def messages(frame: pd.DataFrame, per_client: bool = False) -> Iterator[tuple[str, bytes]]:
    """(file name, message) for every message that carries the representable lines of `frame`."""
    d = frame[representable(frame)].copy()
    d["verwijzer"] = d["verwijzer"].fillna("") if "verwijzer" in d else ""
    clients = {c: bsn_for(i) for i, c in enumerate(sorted(d["client_id"].unique()))}
    keys = ["gemeente", "wet", "client_id", "aanbieder", "productcode", "verwijzer"]
    alloc = d.groupby(keys, sort=True).agg(
        productcategorie=("productcategorie", "first"), eenheid=("eenheid", "first"),
        ingangsdatum=("periode_begin", "min"), geboortejaar=("geboortejaar", "first")).reset_index()
    alloc["toewijzing_id"] = [str(100000 + i) for i in range(len(alloc))]
    alloc["referentie"] = [f"REF{100000 + i}" if v else "" for i, v in enumerate(alloc["verwijzer"])]
    ident = iter(range(1, 10_000_000))
    for (gemeente, wet, client_id, aanbieder), part in alloc.groupby(["gemeente", "wet", "client_id", "aanbieder"]):
        bsn, code4 = clients[client_id], gemeente[2:]
        year = part["geboortejaar"].iloc[0]
        geboren = f"{int(year)}-01-01" if pd.notna(year) and str(year) != "" else "2000-01-01"
        products = [{"toewijzing_id": r.toewijzing_id, "productcategorie": r.productcategorie,
                     "productcode": r.productcode, "ingangsdatum": r.ingangsdatum, "volume": 1,
                     "eenheid": r.eenheid, "frequentie": "4", "referentie": r.referentie,
                     "verwijzer": r.verwijzer} for r in part.itertuples()]
        asked = [p for p in products if p["verwijzer"] and wet == "jeugd"]
        first = min(p["ingangsdatum"] for p in products)
        if asked:
            n = next(ident)
            yield f"{n:07d}-{wet}-315.xml", writer.aanvraag(wet, code4, aanbieder, str(n), first, bsn, geboren, asked)
        n = next(ident)
        yield f"{n:07d}-{wet}-301.xml", writer.toewijzing(wet, code4, aanbieder, str(n), first, bsn, geboren, products)
    d = d.merge(alloc[keys + ["toewijzing_id"]], on=keys, how="left")
    group = ["gemeente", "wet", "aanbieder", "ingediend_op"] + (["client_id"] if per_client else [])
    d = d.sort_values(LINE_ORDER, kind="stable")  # the lines' order in the messages (see LINE_ORDER)
    for values, part in d.groupby(group, sort=True):
        gemeente, wet, aanbieder, dagtekening = values[:4]
        per: dict[str, list[dict]] = {}
        for r in part.itertuples():
            volume, eenheid = _line_volume(float(r.volume), r.eenheid)
            per.setdefault(clients[r.client_id], []).append({
                "productcategorie": r.productcategorie, "productcode": r.productcode,
                "periode_begin": r.periode_begin, "periode_eind": r.periode_eind, "volume": volume,
                "eenheid": eenheid, "cents": int(round(float(r.bedrag) * 100)), "toewijzing_id": r.toewijzing_id})
        n = next(ident)
        yield f"{n:07d}-{wet}-323.xml", writer.declaratie(wet, gemeente[2:], aanbieder, str(n), dagtekening,
                                                     list(per.items()))
