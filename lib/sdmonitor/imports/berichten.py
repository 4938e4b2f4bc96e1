"""Reading one iJw/iWmo 3.2 message, validated against its XSD while it streams in.

`read_message` turns a 301 (allocations, every version as sent), 305/307 (start/stop of care), 315
(request for allocation), 323 (declaration) or 325 (the gemeente's answer to a declaration) into
plain records with the contract's conversions done; other message types are validated and carry
no records. What the records *mean* together (latest version, rejected lines, re-sends) is decided
over the whole archive in `keten.py`, never here. Each `Client` element is converted and cleared as soon as it is complete, so a message
with thousands of clients does not build a tree in memory. The BSN is pseudonymised at the moment
it is read: no record, error or log line ever holds it.

Conversions (docs/definitions.md, "Van iStandaard-bericht naar tabel"): eurocents to euros;
DebetCredit `C` makes `bedrag` and `volume` negative; the 4-digit gemeente code becomes `GMxxxx`;
`wet` follows from the message type; every 323 line is `ZIN` (a PGB is paid by the SVB and never
declared with a 323). Integers are read as numbers (`+4` and `004` are 4). Lines the XSD lets
through but that cannot be true (an end before its begin) are refused with the element and line,
so the message is not recorded as imported and a corrected delivery can follow.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import IO

from lxml import etree

from sdmonitor.ingest import codelists

from .xsd import SAFE, MessageError, MessageType, Source, open_message, schema, schema_failure

PRODUCTCATEGORIE_LIST = {"jeugd": "JZ020", "wmo": "WMO020"}
# Only these elements are handed to Python; the rest is parsed and validated in libxml2.
_TAGS = ("{*}Header", "{*}DeclaratieDagtekening", "{*}TotaalIngediendBedrag", "{*}Client")


@dataclass
class Message:
    """One message as read: header identity and its records per kind."""

    kind: MessageType
    afzender: str = ""
    ontvanger: str = ""
    identificatie: str = ""
    dagtekening: str = ""
    declaraties: list[dict] = field(default_factory=list)
    toewijzingen: list[dict] = field(default_factory=list)
    aanvragen: list[dict] = field(default_factory=list)
    zorgmeldingen: list[dict] = field(default_factory=list)
    retouren: list[dict] = field(default_factory=list)
    declaratie_id: str = ""  # a 325: Identificatie|Dagtekening of the 323 it answers
    geboortejaren: dict[tuple[str, str], int] = field(default_factory=dict)  # (wet, client_id) -> year

    @property
    def identity(self) -> str:
        """Sender, type, identification and date: unique for a message under the iStandaard rules."""
        return f"{self.kind.code}|{self.afzender}|{self.identificatie}|{self.dagtekening}"

    @property
    def regels(self) -> int:
        return (len(self.declaraties) + len(self.toewijzingen) + len(self.aanvragen) + len(self.zorgmeldingen)
                + len(self.retouren))


def _local(tag: object) -> str:
    return etree.QName(tag).localname if isinstance(tag, str) else ""


def _text(element: etree._Element, path: str) -> str:
    """Text of a child by local names (`Omvang/Volume`); '' when absent."""
    found = element.find("/".join("{*}" + p for p in path.split("/")))
    return (found.text or "").strip() if found is not None else ""


def gemeente_code(code: str) -> str:
    """The 4-digit iStandaard gemeente code as a CBS code: '0384' -> 'GM0384'."""
    if not (len(code) == 4 and code.isdigit()):
        raise MessageError(f"'{code}' is geen gemeentecode van 4 cijfers")
    return f"GM{code}"


def euros(cents: str, sign: int = 1) -> str:
    """Eurocents (an integer in the message) as an exact euro amount text: '5000' -> '50.00'."""
    value = int(cents) * sign
    whole, rest = divmod(abs(value), 100)
    return f"{'-' if value < 0 else ''}{whole}.{rest:02d}"


def _signed(number: str, sign: int) -> str:
    """An XSD integer (may be written `+4` or `004`) as a plain signed number text: '+4', -1 -> '-4'."""
    value = int(number) * sign
    return str(value)


def _number(text: str) -> str:
    """An XSD integer identifier (ToewijzingNummer) in its plain form: '0300201' -> '300201'."""
    return str(int(text)) if text.lstrip("+-").isdigit() else text


def _not_before(begin: str, eind: str, where: str, what: str) -> None:
    """Refuse an end date before its begin (ISO dates compare as text)."""
    if begin and eind and eind < begin:
        raise MessageError(f"{where}: {what} {eind} ligt vóór de begindatum {begin}")


def _sign(debet_credit: str, where: str) -> int:
    if debet_credit == "D":
        return 1
    if debet_credit == "C":
        return -1
    raise MessageError(f"{where}: DebetCredit '{debet_credit}' is geen COD043-code (D of C)")


def _year(date_text: str) -> int | None:
    return int(date_text[:4]) if len(date_text) >= 4 and date_text[:4].isdigit() else None


def _product(element: etree._Element) -> tuple[str, str]:
    """(productcode, categorie) of a 301/315 `Product`; a category-only product uses the category
    as its code, an allocation without product (generic) is 'generiek'."""
    categorie, code = _text(element, "Product/Categorie"), _text(element, "Product/Code")
    return (code or categorie or "generiek"), categorie


class _Reader:
    def __init__(self, path: Source, kind: MessageType, pseudonym: Callable[[str], str], stream: IO[bytes]) -> None:
        self.msg = Message(kind)
        self.path, self.pseudonym, self.stream = path, pseudonym, stream
        self.declaratie_dagtekening = ""
        self.totaal: int | None = None  # TotaalIngediendBedrag of a 323, signed eurocents

    # -- per element -----------------------------------------------------------------------
    def header(self, el: etree._Element) -> None:
        m = self.msg
        m.afzender, m.ontvanger = _text(el, "Afzender"), _text(el, "Ontvanger")
        m.identificatie = _text(el, "BerichtIdentificatie/Identificatie")
        m.dagtekening = _text(el, "BerichtIdentificatie/Dagtekening")
        if m.kind.nummer == "325":
            m.declaratie_id = (f"{_text(el, 'DeclaratieIdentificatie/Identificatie')}|"
                               f"{_text(el, 'DeclaratieIdentificatie/Dagtekening')}")

    def client(self, el: etree._Element) -> None:
        client_id = self.pseudonym(_text(el, "Bsn"))
        wet = self.msg.kind.wet
        nummer = self.msg.kind.nummer
        year = _year(_text(el, "Geboortedatum/Datum"))
        if year is not None and nummer in ("301", "315"):  # the allocation's client block counts
            self.msg.geboortejaren[(wet, client_id)] = year
        if nummer == "323":
            for p in el.iterfind("{*}Prestaties/{*}Prestatie"):
                self.msg.declaraties.append(self.prestatie(p, client_id, wet))
        elif nummer == "301":
            gemeente = gemeente_code(self.msg.afzender)
            for p in el.iterfind("{*}ToegewezenProducten/{*}ToegewezenProduct"):
                self.msg.toewijzingen.append(self.toegewezen(p, client_id, wet, gemeente))
        elif nummer == "315":
            gemeente = gemeente_code(self.msg.ontvanger)
            for p in el.iterfind("{*}AangevraagdeProducten/{*}AangevraagdProduct"):
                self.msg.aanvragen.append({
                    "gemeente": gemeente, "wet": wet, "client_id": client_id, "aanbieder": self.msg.afzender,
                    "productcategorie": _text(p, "Product/Categorie"), "productcode": _text(p, "Product/Code"),
                    "verwijzer": _text(p, "Verwijzer/Type"), "aangevraagd_op": self.msg.dagtekening,
                    "ingangsdatum": _text(p, "ToewijzingIngangsdatum"), "referentie": _text(p, "ReferentieAanbieder")})
        elif nummer in ("305", "307"):
            for p in el.iterfind("{*}StartProducten/{*}StartProduct" if nummer == "305"
                                 else "{*}StopProducten/{*}StopProduct"):
                self.msg.zorgmeldingen.append(self.melding(p, client_id, wet))
        elif nummer == "325":
            for p in el.iterfind("{*}Prestaties/{*}Prestatie"):
                self.msg.retouren.append(self.retour(p, client_id, wet))

    def melding(self, p: etree._Element, client_id: str, wet: str) -> dict:
        """A 305 StartProduct or 307 StopProduct (`status`: COD467, 3 withdraws an earlier one)."""
        stop = self.msg.kind.nummer == "307"
        begin, eind = _text(p, "Begindatum"), _text(p, "Einddatum")
        _not_before(begin, eind, f"element StopProduct (regel {p.sourceline})", "Einddatum")
        return {
            "gemeente": gemeente_code(self.msg.ontvanger), "wet": wet, "client_id": client_id,
            "toewijzing_id": _number(_text(p, "ToewijzingNummer")), "aanbieder": self.msg.afzender,
            "productcategorie": _text(p, "Product/Categorie"), "productcode": _text(p, "Product/Code"),
            "soort": "stop" if stop else "start", "begindatum": begin, "datum": eind if stop else begin,
            "reden": _text(p, "RedenBeeindiging") if stop else "", "gemeld_op": self.msg.dagtekening,
            "status": _text(p, "StatusAanlevering"),
        }

    def retour(self, p: etree._Element, client_id: str, wet: str) -> dict:
        """A prestatie of a 325 with its retourcodes (WJ001), space-separated."""
        where = f"element Prestatie (regel {p.sourceline})"
        sign = _sign(_text(p, "IngediendBedrag/DebetCredit"), where)
        codes = [(c.text or "").strip() for c in p.iterfind("{*}RetourCodes/{*}RetourCode")]
        return {
            "gemeente": gemeente_code(self.msg.afzender), "wet": wet, "aanbieder": self.msg.ontvanger,
            "referentie": _text(p, "ProductReferentie/ReferentieNummer"), "client_id": client_id,
            "productcode": _text(p, "ProductCode"), "periode_begin": _text(p, "ProductPeriode/Begindatum"),
            "bedrag": euros(_text(p, "IngediendBedrag/Bedrag"), sign), "retourcode": " ".join(codes),
            "verzonden_op": self.msg.dagtekening, "declaratie_id": self.msg.declaratie_id,
        }

    def prestatie(self, p: etree._Element, client_id: str, wet: str) -> dict:
        where = f"element Prestatie (regel {p.sourceline})"
        sign = _sign(_text(p, "IngediendBedrag/DebetCredit"), where)
        categorie, eenheid = _text(p, "ProductCategorie"), _text(p, "Eenheid")
        if not codelists.is_valid(PRODUCTCATEGORIE_LIST[wet], categorie):
            raise MessageError(f"{where}: ProductCategorie '{categorie}' staat niet in "
                               f"{PRODUCTCATEGORIE_LIST[wet]} ({wet})")
        if not codelists.is_valid("WJ756", eenheid):
            raise MessageError(f"{where}: Eenheid '{eenheid}' staat niet in WJ756")
        begin, eind = _text(p, "ProductPeriode/Begindatum"), _text(p, "ProductPeriode/Einddatum")
        eind = eind or begin
        _not_before(begin, eind, where, "ProductPeriode Einddatum")
        if begin[:7] != eind[:7]:
            raise MessageError(f"{where}: ProductPeriode {begin} t/m {eind} beslaat meer dan één kalendermaand")
        return {
            "gemeente": gemeente_code(self.msg.ontvanger), "wet": wet, "client_id": client_id,
            "productcode": _text(p, "ProductCode"), "productcategorie": categorie,
            "aanbieder": self.msg.afzender, "zorgvorm": "ZIN", "periode_begin": begin, "periode_eind": eind,
            "volume": _signed(_text(p, "GeleverdVolume"), sign), "eenheid": eenheid,
            "bedrag": euros(_text(p, "IngediendBedrag/Bedrag"), sign),
            "ingediend_op": self.declaratie_dagtekening, "toewijzing_id": _number(_text(p, "ToewijzingNummer")),
            "referentie": _text(p, "ProductReferentie/ReferentieNummer"),
            "vorig_referentie": _text(p, "ProductReferentie/VorigReferentieNummer"),
            "declaratie_id": f"{self.msg.identificatie}|{self.msg.dagtekening}",
        }

    def toegewezen(self, p: etree._Element, client_id: str, wet: str, gemeente: str) -> dict:
        code, _ = _product(p)
        where = f"element ToegewezenProduct (regel {p.sourceline})"
        ingang, eind = _text(p, "Ingangsdatum"), _text(p, "Einddatum")
        _not_before(ingang, eind, where, "Einddatum")
        volume, eenheid, frequentie = (_text(p, "Omvang/Volume"), _text(p, "Omvang/Eenheid"),
                                       _text(p, "Omvang/Frequentie"))
        if not volume:
            budget = _text(p, "Budget")
            if not budget:
                raise MessageError(f"{where}: geen Omvang en geen Budget")
            # A budget allocation: euros (WJ756 83) in total over the allocation (WMO757 6).
            volume, eenheid, frequentie = euros(budget), "83", "6"
        else:
            volume = _signed(volume, 1)
        return {
            "gemeente": gemeente, "wet": wet, "client_id": client_id, "toewijzing_id": _number(_text(p, "ToewijzingNummer")),
            "productcode": code, "toegewezen_op": _text(p, "Toewijzingsdatum"),
            "toewijzingstijd": _text(p, "Toewijzingstijd"), "ingangsdatum": ingang, "einddatum": eind,
            "volume": volume, "eenheid": eenheid, "frequentie": frequentie, "reden_einde": "",
            "aanbieder": self.msg.ontvanger, "referentie": _text(p, "ReferentieAanbieder"),
            "reden_wijziging": _text(p, "RedenWijziging"), "dagtekening": self.msg.dagtekening,
        }

    # -- the stream ------------------------------------------------------------------------
    def read(self) -> Message:
        try:
            for _, el in etree.iterparse(self.stream, events=("end",), schema=schema(self.msg.kind),
                                         remove_comments=True, tag=_TAGS, **SAFE):
                name = _local(el.tag)
                parent = el.getparent()
                parent_name = _local(parent.tag) if parent is not None else ""
                if name == "Header" and parent_name == "Bericht":
                    self.header(el)
                elif name == "DeclaratieDagtekening":
                    self.declaratie_dagtekening = (el.text or "").strip()
                elif name == "TotaalIngediendBedrag" and self.msg.kind.nummer == "323":
                    self.totaal = int(_text(el, "TotaalBedrag")) * _sign(_text(el, "DebetCredit"), "TotaalIngediendBedrag")
                elif name == "Client" and parent_name in ("Bericht", "Clienten"):
                    self.client(el)
                    el.clear()
                    while el.getprevious() is not None:  # drop converted clients: flat memory
                        del parent[0]
        except etree.XMLSyntaxError:
            # Not well-formed, or not valid against the XSD: re-read the (rare) failed file whole
            # for the exact element and line.
            raise MessageError(schema_failure(self.path, self.msg.kind)) from None
        self._check_total()
        return self.msg

    def _check_total(self) -> None:
        if self.totaal is None:
            return
        cents = sum(round(float(r["bedrag"]) * 100) for r in self.msg.declaraties)
        if cents != self.totaal:
            raise MessageError(f"element TotaalIngediendBedrag: {euros(str(self.totaal))} euro, maar de "
                               f"prestaties tellen op tot {euros(str(cents))} euro")


def read_message(path: Source, kind: MessageType, pseudonym: Callable[[str], str]) -> Message:
    """Validate and convert one message (a file, or an `archive.MessageSource` inside a zip);
    `MessageError` with a Dutch reason when it fails."""
    with open_message(path) as stream:
        return _Reader(path, kind, pseudonym, stream).read()
