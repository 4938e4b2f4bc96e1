"""Demo rows of the message chain tables (docs/definitions.md, "Optional tables"): aanvragen (315),
zorgmeldingen (305/307), retouren (325) and berichten (the import's message log), derived from the demo's
own allocations and declaration lines so that they tell one story. Plainly synthetic: the archive
starts in January of the first demo year (allocations from before it have no request or start
message), about half of the Jeugd allocations and a third of the Wmo ones answer a provider's
request, and about one declaration line in a hundred is rejected. Drawn from a random stream of
its own, so the other demo tables stay byte-identical.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

REQUEST_SHARE = {"jeugd": 0.55, "wmo": 0.35}
REQUEST_DAYS = {"jeugd": 24.0, "wmo": 9.0}  # mean days from request to allocation (gamma, shape 2)
VERWIJZERS = (("02", "03", "04", "06"), (0.6, 0.15, 0.15, 0.1))  # COD327 of a 315 (jeugd)
REJECT_SHARE = 0.012
RETOURCODES = (("9321", "9307", "9308", "0611", "9339", "8021"), (0.35, 0.2, 0.1, 0.15, 0.1, 0.1))
COLUMNS = {
    "aanvragen": ["gemeente", "wet", "client_id", "aanbieder", "productcategorie", "productcode", "verwijzer",
                  "aangevraagd_op", "ingangsdatum", "referentie"],
    "zorgmeldingen": ["gemeente", "wet", "client_id", "toewijzing_id", "aanbieder", "productcategorie", "productcode",
                      "soort", "datum", "reden", "gemeld_op"],
    "retouren": ["gemeente", "wet", "aanbieder", "referentie", "client_id", "productcode", "periode_begin", "bedrag",
                 "retourcode", "verzonden_op"],
    "berichten": ["gemeente", "wet", "berichttype", "richting", "aanbieder", "dagtekening", "regels", "status",
                  "reden"],
}


def _days(n: np.ndarray | int) -> np.ndarray:
    return np.asarray(n).astype("timedelta64[D]")


def _aanbieder(toewijzingen: pd.DataFrame, declaraties: pd.DataFrame) -> pd.Series:
    """Each allocation's aanbieder: who declared most lines on the client and product (else on the product)."""
    per_client = declaraties.groupby(["wet", "client_id", "productcode"])["aanbieder"].agg(lambda v: v.mode().iloc[0])
    per_product = declaraties.groupby(["wet", "productcode"])["aanbieder"].agg(lambda v: v.mode().iloc[0])
    keys = pd.MultiIndex.from_frame(toewijzingen[["wet", "client_id", "productcode"]])
    own = pd.Series(per_client.reindex(keys).to_numpy(), index=toewijzingen.index)
    fallback = pd.Series(per_product.reindex(pd.MultiIndex.from_frame(toewijzingen[["wet", "productcode"]])).to_numpy(),
                         index=toewijzingen.index)
    return own.fillna(fallback).fillna("00000000")


def tables(rng: np.random.Generator, toewijzingen: pd.DataFrame, declaraties: pd.DataFrame, gemeente: str,
           first: str, cut_day: object) -> dict[str, pd.DataFrame]:
    """The four chain tables of one gemeente; `first`: the archive's first day, `cut_day`: the data cut."""
    start = np.datetime64(first, "D")
    cut = np.datetime64(pd.Timestamp(str(cut_day)).date(), "D")
    cut_ns = pd.Timestamp(cut)
    categorie = declaraties.groupby(["wet", "productcode"])["productcategorie"].first()
    alloc = toewijzingen.loc[toewijzingen["toegewezen_op"] >= start].reset_index(drop=True)
    alloc = alloc.assign(aanbieder=_aanbieder(alloc, declaraties).to_numpy(),
                         productcategorie=categorie.reindex(pd.MultiIndex.from_frame(
                             alloc[["wet", "productcode"]])).fillna("45").to_numpy())
    n = len(alloc)
    wet = alloc["wet"].to_numpy()
    # 315: a share of the allocations answers a provider's request
    asked = rng.random(n) < np.where(wet == "jeugd", REQUEST_SHARE["jeugd"], REQUEST_SHARE["wmo"])
    wait = np.round(rng.gamma(2.0, np.where(wet == "jeugd", REQUEST_DAYS["jeugd"], REQUEST_DAYS["wmo"]) / 2.0, n))
    aangevraagd = alloc["toegewezen_op"].to_numpy().astype("datetime64[D]") - _days(wait.astype(int))
    asked &= aangevraagd >= start
    verwijzer = pd.Series(rng.choice(VERWIJZERS[0], size=n, p=VERWIJZERS[1])).where(pd.Series(wet == "jeugd"))
    with_code = rng.random(n) < 0.6
    aanvragen = pd.DataFrame({
        "gemeente": gemeente, "wet": wet, "client_id": alloc["client_id"], "aanbieder": alloc["aanbieder"],
        "productcategorie": alloc["productcategorie"],
        "productcode": alloc["productcode"].where(pd.Series(with_code)), "verwijzer": verwijzer,
        "aangevraagd_op": aangevraagd.astype("datetime64[ns]"), "ingangsdatum": alloc["ingangsdatum"],
        "referentie": [f"VOT{gemeente[2:]}{i:06d}" for i in range(n)],
    }).loc[asked]
    # 305 start (most allocations, a few days after the ingangsdatum) and 307 stop (ended allocations)
    began = (rng.random(n) < 0.93) & (alloc["ingangsdatum"].to_numpy() <= cut)
    delay = np.where(rng.random(n) < 0.85, rng.integers(0, 10, n), rng.integers(20, 70, n))
    datum = alloc["ingangsdatum"].to_numpy().astype("datetime64[D]") + _days(delay)
    base = {"gemeente": gemeente, "wet": wet, "client_id": alloc["client_id"], "toewijzing_id": alloc["toewijzing_id"],
            "aanbieder": alloc["aanbieder"], "productcategorie": alloc["productcategorie"],
            "productcode": alloc["productcode"]}
    starts = pd.DataFrame({**base, "soort": "start", "datum": datum.astype("datetime64[ns]"), "reden": None,
                           "gemeld_op": (datum + _days(rng.integers(0, 6, n))).astype("datetime64[ns]")}).loc[began]
    ended = alloc["einddatum"].notna().to_numpy() & began
    end = alloc["einddatum"].to_numpy().astype("datetime64[D]")
    reden = alloc["reden_einde"].replace("", None).to_numpy() if "reden_einde" in alloc else None
    stops = pd.DataFrame({**base, "soort": "stop", "datum": alloc["einddatum"], "reden": reden,
                          "gemeld_op": (end + _days(rng.integers(0, 8, n))).astype("datetime64[ns]")}).loc[ended]
    zorgmeldingen = pd.concat([starts, stops], ignore_index=True)
    zorgmeldingen = zorgmeldingen.loc[zorgmeldingen["gemeld_op"] <= cut_ns]
    aanvragen = aanvragen.loc[aanvragen["aangevraagd_op"] <= cut_ns]
    # 325: a small share of the ZIN debit lines submitted in the archive was rejected first
    lines = declaraties.loc[(declaraties["zorgvorm"] == "ZIN") & (declaraties["bedrag"] > 0)
                            & (declaraties["ingediend_op"] >= start)]
    hit = lines.loc[rng.random(len(lines)) < REJECT_SHARE]
    sent = (hit["ingediend_op"].to_numpy().astype("datetime64[D]") - _days(rng.integers(10, 30, len(hit))))
    sent_back = sent + _days(rng.integers(2, 8, len(hit)))
    retouren = pd.DataFrame({
        "gemeente": gemeente, "wet": hit["wet"].to_numpy(), "aanbieder": hit["aanbieder"].to_numpy(),
        "referentie": [f"PR{gemeente[2:]}{i:07d}" for i in range(len(hit))], "client_id": hit["client_id"].to_numpy(),
        "productcode": hit["productcode"].to_numpy(), "periode_begin": hit["periode_begin"].to_numpy(),
        "bedrag": hit["bedrag"].to_numpy(), "retourcode": rng.choice(RETOURCODES[0], size=len(hit), p=RETOURCODES[1]),
        "verzonden_op": sent_back.astype("datetime64[ns]"),
    })
    retouren = retouren.loc[retouren["verzonden_op"] >= pd.Timestamp(start)]
    return {"aanvragen": aanvragen.reset_index(drop=True), "zorgmeldingen": zorgmeldingen,
            "retouren": retouren.reset_index(drop=True),
            "berichten": berichten(rng, gemeente, aanvragen, alloc, zorgmeldingen,
                                   declaraties.loc[declaraties["ingediend_op"] >= start], retouren, start, cut)}


def _log(frame: pd.DataFrame, date: str, typ: str, richting: str, gemeente: str, monthly: bool = False) -> pd.DataFrame:
    """One message per wet, aanbieder and date (`monthly`: per month, dated its last day of use), with its
    number of records."""
    if frame.empty:
        return pd.DataFrame(columns=COLUMNS["berichten"])
    if monthly:
        frame = frame.assign(**{date: frame.groupby(["wet", "aanbieder", frame[date].dt.to_period("M")])[date]
                                .transform("max")})
    grouped = frame.groupby(["wet", "aanbieder", date]).size().rename("regels").reset_index()
    prefix = np.where(grouped["wet"] == "jeugd", "JW", "WMO")
    return pd.DataFrame({"gemeente": gemeente, "wet": grouped["wet"], "berichttype": [p + typ for p in prefix],
                         "richting": richting, "aanbieder": grouped["aanbieder"], "dagtekening": grouped[date],
                         "regels": grouped["regels"].astype("int64"), "status": "verwerkt", "reden": None})


def berichten(rng: np.random.Generator, gemeente: str, aanvragen: pd.DataFrame, alloc: pd.DataFrame,
              zorgmeldingen: pd.DataFrame, declaraties: pd.DataFrame, retouren: pd.DataFrame,
              start: np.datetime64, cut: np.datetime64) -> pd.DataFrame:
    """The import's log: 315, 301, 305, 307, 323 and 325 messages, plus a few skipped files."""
    cut_ns = pd.Timestamp(cut)
    parts = [
        _log(aanvragen, "aangevraagd_op", "315", "in", gemeente),
        _log(alloc.loc[alloc["toegewezen_op"] <= cut_ns], "toegewezen_op", "301", "uit", gemeente),
        _log(zorgmeldingen.loc[zorgmeldingen["soort"] == "start"], "gemeld_op", "305", "in", gemeente),
        _log(zorgmeldingen.loc[zorgmeldingen["soort"] == "stop"], "gemeld_op", "307", "in", gemeente),
        _log(declaraties.loc[declaraties["zorgvorm"] == "ZIN"], "ingediend_op", "323", "in", gemeente, monthly=True),
        _log(retouren, "verzonden_op", "325", "uit", gemeente),
    ]
    days = int((cut - start) / np.timedelta64(1, "D"))
    skipped = np.sort(start + _days(rng.integers(0, days, 6)))
    parts.append(pd.DataFrame({"gemeente": gemeente, "wet": None, "berichttype": None, "richting": "in",
                               "aanbieder": None, "dagtekening": skipped.astype("datetime64[ns]"), "regels": 0,
                               "status": "overgeslagen", "reden": "geen iStandaard-bericht"}))
    return pd.concat([p for p in parts if len(p)], ignore_index=True)
