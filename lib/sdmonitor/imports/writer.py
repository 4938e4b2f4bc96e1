"""Writing iJw/iWmo 3.2 messages (301, 305, 307, 315, 323; JW325) from plain rows.

Not part of an import: it makes valid messages for the round-trip test and the benchmark
(`benchmarks/import_istandaard.py`), so both exercise the importer with real message shapes. Only
the elements the XSD requires and the importer reads are written; names are fixed placeholders.
"""

from __future__ import annotations

from xml.sax.saxutils import escape

_NS = {"jw": "http://www.istandaarden.nl/ijw/3_2/{}/schema", "wmo": "http://www.istandaarden.nl/iwmo/3_2/{}/schema"}
_BASE = {"jw": ("ijw", "http://www.istandaarden.nl/ijw/3_2/basisschema/schema"),
         "wmo": ("iwmo", "http://www.istandaarden.nl/iwmo/3_2/basisschema/schema")}
BERICHTCODE = {("jw", "301"): 436, ("jw", "305"): 438, ("jw", "307"): 440, ("jw", "315"): 446,
               ("jw", "323"): 490, ("jw", "325"): 491, ("wmo", "301"): 414, ("wmo", "305"): 418,
               ("wmo", "307"): 420, ("wmo", "315"): 444, ("wmo", "323"): 484}


def standaard(wet: str) -> str:
    """'jeugd' -> 'jw', 'wmo' -> 'wmo'."""
    return "jw" if wet == "jeugd" else "wmo"


class _Doc:
    def __init__(self, wet: str, nummer: str) -> None:
        self.std = standaard(wet)
        self.p = f"{self.std}{nummer}"
        self.b, base_ns = _BASE[self.std]
        self.parts = ['<?xml version="1.0" encoding="UTF-8"?>\n',
                      f'<{self.p}:Bericht xmlns:{self.b}="{base_ns}" '
                      f'xmlns:{self.p}="{_NS[self.std].format(self.p)}">']
        self.nummer = nummer

    def el(self, name: str, value: object, base: bool = False) -> None:
        prefix = self.b if base else self.p
        self.parts.append(f"<{prefix}:{name}>{escape(str(value))}</{prefix}:{name}>")

    def open(self, name: str, base: bool = False) -> None:
        self.parts.append(f"<{self.b if base else self.p}:{name}>")

    def close(self, name: str, base: bool = False) -> None:
        self.parts.append(f"</{self.b if base else self.p}:{name}>")

    def header(self, afzender: str, ontvanger: str, identificatie: str, dagtekening: str) -> None:
        self.open("Header")
        self.el("BerichtCode", BERICHTCODE[(self.std, self.nummer)])
        self.el("BerichtVersie", 3)
        self.el("BerichtSubversie", 2)
        self.el("Afzender", afzender)
        self.el("Ontvanger", ontvanger)
        self.open("BerichtIdentificatie")
        self.el("Identificatie", identificatie, base=True)
        self.el("Dagtekening", dagtekening, base=True)
        self.close("BerichtIdentificatie")
        self.xsd_versie("XsdVersie")
        if self.nummer != "325":
            self.close("Header")

    def xsd_versie(self, name: str) -> None:
        self.open(name)
        self.el("BasisschemaXsdVersie", "1.0.0", base=True)
        self.el("BerichtXsdVersie", "1.0.0", base=True)
        self.close(name)

    def retourcodes(self, codes: list[str]) -> None:
        self.open("RetourCodes")
        for code in codes:
            self.el("RetourCode", code)
        self.close("RetourCodes")

    def client_person(self, bsn: str, geboortedatum: str) -> None:
        self.el("Bsn", bsn)
        self.open("Geboortedatum")
        self.el("Datum", geboortedatum, base=True)
        self.close("Geboortedatum")
        self.el("Geslacht", 0)
        self.open("Naam")
        self.open("Geslachtsnaam", base=True)
        self.el("Achternaam", "Client", base=True)
        self.close("Geslachtsnaam", base=True)
        self.el("Voorletters", "A", base=True)
        if self.nummer == "301":
            self.el("NaamGebruik", 1, base=True)
        self.close("Naam")

    def contact(self) -> None:
        self.open("Contactgegevens")
        self.open("Contact")
        self.el("Soort", "01")
        self.open("Adres")
        self.open("Huis", base=True)
        self.el("Huisnummer", 1, base=True)
        self.close("Huis", base=True)
        self.el("Postcode", "9999XX", base=True)
        self.el("Straatnaam", "Straat", base=True)
        self.el("Plaatsnaam", "Plaats", base=True)
        self.el("LandCode", "NL", base=True)
        self.close("Adres")
        self.close("Contact")
        self.close("Contactgegevens")

    def period(self, name: str, begin: str, eind: str | None) -> None:
        self.open(name)
        self.el("Begindatum", begin, base=True)
        if eind:
            self.el("Einddatum", eind, base=True)
        self.close(name)

    def bytes(self) -> bytes:
        return ("".join(self.parts) + f"</{self.p}:Bericht>\n").encode("utf-8")


def _prestatie(d: _Doc, line: dict, referentie: str, *, credit: bool, vorig: str = "") -> None:
    """Open a `Prestatie` and write a declared line into it (a 323's, or the one a 325 answers);
    the caller adds what follows and closes it."""
    d.open("Prestatie")
    d.open("ProductReferentie")
    d.el("ReferentieNummer", referentie, base=True)
    if vorig:
        d.el("VorigReferentieNummer", vorig, base=True)
    d.close("ProductReferentie")
    d.el("ToewijzingNummer", line["toewijzing_id"])
    d.el("ProductCategorie", line["productcategorie"])
    d.el("ProductCode", line["productcode"])
    d.period("ProductPeriode", line["periode_begin"], line["periode_eind"])
    d.el("GeleverdVolume", abs(line["volume"]))
    d.el("Eenheid", line["eenheid"])
    d.open("IngediendBedrag")
    d.el("Bedrag", abs(line["cents"]), base=True)
    d.el("DebetCredit", "C" if credit else "D", base=True)
    d.close("IngediendBedrag")


def declaratie(wet: str, gemeente: str, aanbieder: str, identificatie: str, dagtekening: str,
               clients: list[tuple[str, list[dict]]]) -> bytes:
    """A 323. `gemeente` is the 4-digit code; per client (BSN, lines), a line has `productcategorie`,
    `productcode`, `periode_begin`, `periode_eind`, `volume` (int, signed), `eenheid`, `cents`
    (int, signed; a negative line is written as credit) and `toewijzing_id`."""
    d = _Doc(wet, "323")
    d.header(aanbieder, gemeente, identificatie, dagtekening)
    all_lines = [line for _, lines in clients for line in lines]
    begin = min(line["periode_begin"] for line in all_lines)
    eind = max(line["periode_eind"] for line in all_lines)
    total = sum(line["cents"] for line in all_lines)
    d.open("Declaratie")
    d.el("DeclaratieNummer", f"D{identificatie}"[-12:])
    d.period("DeclaratiePeriode", begin[:8] + "01", eind)
    d.el("DeclaratieDagtekening", dagtekening)
    d.open("TotaalIngediendBedrag")
    d.el("TotaalBedrag", abs(total), base=True)
    d.el("DebetCredit", "C" if total < 0 else "D", base=True)
    d.close("TotaalIngediendBedrag")
    d.open("Clienten")
    n = 0
    for bsn, lines in clients:
        d.open("Client")
        d.el("Bsn", bsn)
        d.open("Prestaties")
        for line in lines:
            n += 1
            # Unique per provider (iStandaard): the message's identification and the line number.
            _prestatie(d, line, line.get("referentie") or f"{identificatie}-{n}",
                       credit=line["cents"] < 0 or line["volume"] < 0, vorig=line.get("vorig_referentie") or "")
            d.close("Prestatie")
        d.close("Prestaties")
        d.close("Client")
    d.close("Clienten")
    d.close("Declaratie")
    return d.bytes()


def _product(d: _Doc, p: dict) -> None:
    """The `Product` block (categorie and code) shared by the 301 and the 315."""
    d.open("Product")
    d.el("Categorie", p["productcategorie"], base=True)
    d.el("Code", p["productcode"], base=True)
    d.close("Product")


def _omvang(d: _Doc, p: dict) -> None:
    """The `Omvang` block (volume, eenheid, frequentie) shared by the 301 and the 315."""
    d.open("Omvang")
    d.el("Volume", p["volume"], base=True)
    d.el("Eenheid", p["eenheid"], base=True)
    d.el("Frequentie", p["frequentie"], base=True)
    d.close("Omvang")


def toewijzing(wet: str, gemeente: str, aanbieder: str, identificatie: str, dagtekening: str,
               bsn: str, geboortedatum: str, products: list[dict]) -> bytes:
    """A 301 for one client. A product has `toewijzing_id`, `productcategorie`, `productcode`,
    `ingangsdatum`, optional `einddatum`, `volume`, `eenheid`, `frequentie`, optional `referentie`,
    `reden_wijziging` (JZ002/WMO002), `toewijzingsdatum` (default: the dagtekening) and
    `toewijzingstijd`."""
    d = _Doc(wet, "301")
    d.header(gemeente, aanbieder, identificatie, dagtekening)
    d.open("Client")
    d.client_person(bsn, geboortedatum)
    d.el("JuridischeStatus", "01") if wet == "jeugd" else None
    d.contact()
    d.open("ToegewezenProducten")
    for p in products:
        d.open("ToegewezenProduct")
        d.el("ToewijzingNummer", p["toewijzing_id"])
        if p.get("referentie"):
            d.el("ReferentieAanbieder", p["referentie"])
        _product(d, p)
        d.el("Toewijzingsdatum", p.get("toewijzingsdatum") or dagtekening)
        d.el("Toewijzingstijd", p.get("toewijzingstijd") or "12:00:00")
        d.el("Ingangsdatum", p["ingangsdatum"])
        if p.get("einddatum"):
            d.el("Einddatum", p["einddatum"])
        if p.get("reden_wijziging"):
            d.el("RedenWijziging", p["reden_wijziging"])
        _omvang(d, p)
        d.close("ToegewezenProduct")
    d.close("ToegewezenProducten")
    d.close("Client")
    return d.bytes()


def aanvraag(wet: str, gemeente: str, aanbieder: str, identificatie: str, dagtekening: str,
             bsn: str, geboortedatum: str, products: list[dict]) -> bytes:
    """A 315 for one client. A product has `referentie`, `productcategorie`, `productcode`,
    `ingangsdatum`, `volume`, `eenheid`, `frequentie` and `verwijzer` (COD327)."""
    d = _Doc(wet, "315")
    d.header(aanbieder, gemeente, identificatie, dagtekening)
    d.open("Client")
    d.client_person(bsn, geboortedatum)
    d.open("AangevraagdeProducten")
    for p in products:
        d.open("AangevraagdProduct")
        d.el("ReferentieAanbieder", p["referentie"])
        _product(d, p)
        d.el("ToewijzingIngangsdatum", p["ingangsdatum"])
        _omvang(d, p)
        d.open("Verwijzer")
        d.el("Type", p["verwijzer"], base=True)
        d.el("Naam", "Verwijzer", base=True)
        d.close("Verwijzer")
        d.el("Raamcontract", 1) if wet == "jeugd" else None
        d.close("AangevraagdProduct")
    d.close("AangevraagdeProducten")
    d.close("Client")
    return d.bytes()


def zorgmelding(wet: str, gemeente: str, aanbieder: str, identificatie: str, dagtekening: str,
                bsn: str, geboortedatum: str, products: list[dict], stop: bool = False) -> bytes:
    """A 305 start (or, `stop`, a 307 stop) of care for one client. A product has `toewijzing_id`,
    `productcategorie`, `productcode`, `ingangsdatum` (of the allocation), `begindatum`, for a stop
    `einddatum` and `reden` (JZ588/WMO588), and optional `status` (COD467, default 1)."""
    d = _Doc(wet, "307" if stop else "305")
    d.header(aanbieder, gemeente, identificatie, dagtekening)
    d.open("Client")
    d.client_person(bsn, geboortedatum)
    d.open("StopProducten" if stop else "StartProducten")
    for p in products:
        d.open("StopProduct" if stop else "StartProduct")
        d.el("ToewijzingNummer", p["toewijzing_id"])
        _product(d, p)
        d.el("ToewijzingIngangsdatum", p["ingangsdatum"])
        d.el("Begindatum", p["begindatum"])
        if stop:
            d.el("RedenBeeindiging", p["reden"])
            d.el("Einddatum", p["einddatum"])
        d.el("StatusAanlevering", p.get("status", "1"))
        d.close("StopProduct" if stop else "StartProduct")
    d.close("StopProducten" if stop else "StartProducten")
    d.close("Client")
    return d.bytes()


def retour(gemeente: str, aanbieder: str, identificatie: str, dagtekening: str, declaratie: tuple[str, str],
           clients: list[tuple[str, list[dict]]]) -> bytes:
    """A JW325 answer (iJw only: iWmo 3.2 has no 325 in the reference) to the 323 `declaratie`
    (its Identificatie, Dagtekening). Per client (BSN, lines) the lines as in `declaratie()` plus
    `referentie` and `retourcodes` (WJ001, e.g. ["8001"] for a rejection)."""
    d = _Doc("jeugd", "325")
    d.header(gemeente, aanbieder, identificatie, dagtekening)
    d.open("DeclaratieIdentificatie")
    d.el("Identificatie", declaratie[0], base=True)
    d.el("Dagtekening", declaratie[1], base=True)
    d.close("DeclaratieIdentificatie")
    d.xsd_versie("XsdVersieDeclaratie")
    d.retourcodes(["0200"])
    d.close("Header")
    lines = [line for _, ls in clients for line in ls]
    total = sum(line["cents"] for line in lines)
    d.open("DeclaratieAntwoord")
    d.el("DeclaratieNummer", f"D{declaratie[0]}"[-12:])
    for name, amount in (("TotaalIngediendBedrag", total), ("TotaalToegekendBedrag", 0)):
        d.open(name)
        d.el("TotaalBedrag", abs(amount), base=True)
        d.el("DebetCredit", "C" if amount < 0 else "D", base=True)
        d.close(name)
    d.open("Clienten")
    for bsn, ls in clients:
        d.open("Client")
        d.el("Bsn", bsn)
        d.open("Prestaties")
        for line in ls:
            _prestatie(d, line, line["referentie"], credit=line["cents"] < 0)
            d.retourcodes(line["retourcodes"])
            d.close("Prestatie")
        d.close("Prestaties")
        d.retourcodes(["0200"])
        d.close("Client")
    d.close("Clienten")
    d.retourcodes(["0200"])
    d.close("DeclaratieAntwoord")
    return d.bytes()
