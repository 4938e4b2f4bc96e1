"""The iJw/iWmo 3.2 message chain: from every record ever imported to the contract tables.

A message's meaning lies in the chain, so the tables are derived from all records of a folder at
once (`regels.py` keeps them); the result does not depend on how the archive was split over
imports, nor on the order of the files. The rules (docs/definitions.md, "De berichtenketen"):

- **301 versions.** An allocation (`ToewijzingNummer`, per gemeente and wet) is sent again when it
  changes; the latest version (Toewijzingsdatum, -tijd, then dagtekening) is the allocation. One
  whose latest version has RedenWijziging 13 "Verwijderd" (JZ002/WMO002: to be regarded as never
  sent) is left out. `toegewezen_op` stays the date of the first version (when the allocation was
  issued); `reden_wijziging` is the latest version's reason.
- **reden_einde.** The RedenWijziging of an ended allocation gives a Reden beëindiging through the
  column "Reden beëindiging" of JZ002/WMO002; the latest 307 stop of the allocation replaces it
  when it was sent on or after that version (the provider's own reason for the stop).
- **305/307.** Per (client, allocation, soort, begindatum) the latest message counts;
  StatusAanlevering 3 withdraws it.
- **325.** A declaration line named in a 325 with a retourcode other than 0200 ("geen
  opmerking"), 0233 ("niet beoordeeld") or 8001 ("volledig toegewezen") is rejected: left out. The 325 names the 323 it answers
  (DeclaratieIdentificatie) and the line (ReferentieNummer), so only that sending of the line is
  rejected; a corrected line sent later stays.
- **Re-sends.** A line sent again unchanged (same ReferentieNummer and content, in another message
  or the same one) is kept once; the count goes into the import summary.
- **Verwijzer.** An allocation's episode is that allocation (`toewijzing_id`). Its 315 is the
  request with the provider's reference the 301 echoes, else the latest unclaimed request of the
  same client, provider and product made on or before the allocation; a request serves one
  allocation only, so a verwijzer never moves to a later episode. No request: the gemeente's own
  referral (COD327 01). Unknown (empty) instead when the archive cannot tell: it holds no 315 of
  that gemeente and wet at all, or the first version it holds of the allocation is already a change
  (RedenWijziging filled: the allocation, and its request, began before the archive).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field

from .regels import Records

VERWIJDERD = "13"        # JZ002/WMO002 Reden wijziging toewijzing "Verwijderd"
GEMEENTE = "01"          # COD327 "Gemeente"
# WJ001 codes that do not reject a line: "geen opmerking", "niet beoordeeld", "volledig toegewezen".
RETOUR_GOED = {"0200", "0233", "8001"}
INTREKKEN = "3"          # COD467 "Verwijderen aanlevering"
# JZ002/WMO002 column "Reden beëindiging": RedenWijziging -> JZ588/WMO588 code ('nvt' left out).
REDEN_EINDE = {
    "jeugd": {"02": "02", "03": "36", "05": "36", "06": "39", "07": "35", "08": "36", "09": "38",
              "10": "36", "11": "36", "12": "37"},
    "wmo": {"02": "02", "03": "36", "05": "36", "06": "39", "07": "31", "08": "36", "09": "38",
            "10": "36", "11": "36", "12": "37"},
}
# The content of a declaration line: equal in all of these is the same line sent again.
_LINE = ("gemeente", "wet", "client_id", "productcode", "productcategorie", "aanbieder", "zorgvorm",
         "periode_begin", "periode_eind", "volume", "eenheid", "bedrag", "toewijzing_id", "referentie",
         "vorig_referentie")


@dataclass
class Keten:
    """The tables the chain gives, and the re-sent lines left out (per message, `bericht`)."""

    tables: dict[str, list[dict]] = field(default_factory=dict)
    dubbel: Counter = field(default_factory=Counter)


def _toewijzing_key(r: dict) -> tuple[str, str, str]:
    return r["gemeente"], r["wet"], r["toewijzing_id"]


def toewijzingen(raw: list[dict], stops: list[dict]) -> list[dict]:
    """One row per allocation: its latest version, withdrawn ones left out, `reden_einde` filled."""
    versions: dict[tuple, list[dict]] = defaultdict(list)
    for r in raw:
        versions[_toewijzing_key(r)].append(r)
    last_stop: dict[tuple, dict] = {}
    for s in sorted(stops, key=lambda s: (s["gemeld_op"], s["datum"], s["bericht"])):
        last_stop[_toewijzing_key(s)] = s
    out = []
    for key, rows in sorted(versions.items()):
        rows.sort(key=lambda r: (r["toegewezen_op"], r["toewijzingstijd"], r["dagtekening"], r["bericht"]))
        latest = rows[-1]
        if latest["reden_wijziging"] == VERWIJDERD:
            continue
        row = dict(latest, toegewezen_op=rows[0]["toegewezen_op"], eerste_wijziging=rows[0]["reden_wijziging"])
        reden = REDEN_EINDE[row["wet"]].get(row["reden_wijziging"], "") if row["einddatum"] else ""
        stop = last_stop.get(key)
        if stop is not None and stop["reden"] and (not reden or stop["gemeld_op"] >= latest["dagtekening"]):
            reden = stop["reden"]
        row["reden_einde"] = reden
        out.append(row)
    return out


def zorgmeldingen(raw: list[dict]) -> list[dict]:
    """The current start and stop messages: per key the latest, withdrawn ones (status 3) left out."""
    current: dict[tuple, dict] = {}
    for r in sorted(raw, key=lambda r: (r["gemeld_op"], r["bericht"])):
        current[(r["gemeente"], r["wet"], r["client_id"], r["toewijzing_id"], r["soort"], r["begindatum"])] = r
    kept = [r for r in current.values() if r["status"] != INTREKKEN]
    return sorted(kept, key=lambda r: (r["gemeente"], r["wet"], r["toewijzing_id"], r["soort"], r["datum"],
                                       r["client_id"]))


def is_afwijzing(retour: dict) -> bool:
    """Whether a 325 line rejects the declared line (a code not in `RETOUR_GOED`)."""
    return any(code not in RETOUR_GOED for code in retour["retourcode"].split())


def declaraties(raw: list[dict], retouren: list[dict]) -> tuple[list[dict], Counter]:
    """Declaration lines without the rejected ones and with each re-sent line once (the first
    sending); the re-sends left out are counted per message."""
    rejected = {(r["gemeente"], r["wet"], r["aanbieder"], r["declaratie_id"], r["referentie"])
                for r in retouren if is_afwijzing(r)}
    seen: set[tuple] = set()
    kept: list[dict] = []
    dubbel: Counter = Counter()
    # The first sending counts; the order is that of the messages (LINE_ORDER of demo_berichten).
    order = ("gemeente", "wet", "aanbieder", "ingediend_op", "declaratie_id", "bericht")
    for r in sorted(raw, key=lambda r: tuple(r[c] for c in order)):
        if (r["gemeente"], r["wet"], r["aanbieder"], r["declaratie_id"], r["referentie"]) in rejected:
            continue
        line = tuple(r[c] for c in _LINE)
        if line in seen:
            dubbel[r["bericht"]] += 1
            continue
        seen.add(line)
        kept.append(r)
    return kept, dubbel


def verwijzers(allocations: list[dict], aanvragen: list[dict]) -> dict[tuple, str]:
    """COD327 verwijzer per allocation key (gemeente, wet, toewijzing_id); see the module docstring."""
    by_ref: dict[tuple, dict] = {}
    by_product: dict[tuple, list[dict]] = defaultdict(list)
    asked: set[tuple[str, str]] = set()
    for req in sorted(aanvragen, key=lambda r: (r["aangevraagd_op"], r["bericht"], r["referentie"])):
        who = (req["gemeente"], req["wet"], req["client_id"], req["aanbieder"])
        if req["referentie"]:
            by_ref[who + (req["referentie"],)] = req
        by_product[who + (req["productcode"],)].append(req)
        asked.add((req["gemeente"], req["wet"]))
    claimed = set()
    out: dict[tuple, str] = {}
    ordered = sorted(allocations, key=lambda t: (t["toegewezen_op"], t["toewijzing_id"]))
    pending: list[dict] = []
    for t in ordered:  # first the allocations that name their request
        who = (t["gemeente"], t["wet"], t["client_id"], t["aanbieder"])
        a: dict | None = by_ref.get(who + (t["referentie"],)) if t["referentie"] else None
        if a is not None:
            claimed.add(id(a))
            out[_toewijzing_key(t)] = a["verwijzer"]
        else:
            pending.append(t)
    for t in pending:
        who = (t["gemeente"], t["wet"], t["client_id"], t["aanbieder"])
        options = [a for a in by_product.get(who + (t["productcode"],), [])
                   if id(a) not in claimed and a["aangevraagd_op"] <= t["toegewezen_op"]]
        if options:
            claimed.add(id(options[-1]))
            out[_toewijzing_key(t)] = options[-1]["verwijzer"]
            continue
        known = (t["gemeente"], t["wet"]) in asked and not t.get("eerste_wijziging")
        out[_toewijzing_key(t)] = GEMEENTE if known else ""
    return out


def berichten(ledger_rows: list[dict]) -> list[dict]:
    """The log table: one row per imported message (`verwerkt`)."""
    out = []
    for r in ledger_rows:
        uit = len(r["afzender"]) == 4 and r["afzender"].isdigit()
        gemeente, aanbieder = (r["afzender"], r["ontvanger"]) if uit else (r["ontvanger"], r["afzender"])
        out.append({"gemeente": f"GM{gemeente}", "wet": "jeugd" if r["berichttype"].startswith("JW") else "wmo",
                    "berichttype": r["berichttype"], "richting": "uit" if uit else "in", "aanbieder": aanbieder,
                    "dagtekening": r["dagtekening"], "regels": r["regels"], "status": "verwerkt", "reden": ""})
    return sorted(out, key=lambda r: (r["gemeente"], r["dagtekening"], r["berichttype"], r["aanbieder"]))


def resolve(records: Records, ledger_rows: list[dict], geboortejaren: dict[tuple[str, str], int]) -> Keten:
    """All tables of the chain from every record imported so far."""
    meldingen = zorgmeldingen(records["zorgmeldingen"])
    allocations = toewijzingen(records["toewijzingen"], [m for m in meldingen if m["soort"] == "stop"])
    lines, dubbel = declaraties(records["declaraties"], records["retouren"])
    verwijzer = verwijzers(allocations, records["aanvragen"])
    for r in lines:
        year = geboortejaren.get((r["wet"], r["client_id"]))
        r["geboortejaar"] = "" if year is None else str(year)
        r["verwijzer"] = verwijzer.get(_toewijzing_key(r), "") if r["wet"] == "jeugd" else ""
    aanvragen = sorted(records["aanvragen"], key=lambda a: (a["gemeente"], a["aangevraagd_op"], a["bericht"],
                                                             a["referentie"]))
    retouren = sorted(records["retouren"], key=lambda r: (r["gemeente"], r["verzonden_op"], r["bericht"],
                                                           r["referentie"]))
    return Keten(tables={"declaraties": lines, "toewijzingen": allocations, "aanvragen": aanvragen,
                         "zorgmeldingen": meldingen, "retouren": retouren, "berichten": berichten(ledger_rows)},
                 dubbel=dubbel)
