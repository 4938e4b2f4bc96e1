"""The iJw/iWmo 3.2 XSDs shipped in `data/istandaarden/{jw,wmo}/`: which schema a message needs,
the compiled schema (once per message type per process), and readable failure reasons.

A message is recognised by the namespace of its root element (`.../ijw/3_2/jw323/schema`), not
by its file name. Errors are rewritten for an analyst: namespaces dropped from element names, the
line of the element, and never the value of a `Bsn` element (a BSN may not reach a log).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from lxml import etree

from ..config import PACKAGE_DATA

XSD_DIR = PACKAGE_DATA / "istandaarden"
_NAMESPACE = re.compile(r"^http://www\.istandaarden\.nl/(ijw|iwmo)/3_2/(jw|wmo)(\d{3})/schema$")
_CLARK = re.compile(r"\{[^}]*\}")
# A 9-digit run could be a BSN in a reason text ("'999900006' is not valid"): never show it.
_NINE_DIGITS = re.compile(r"(?<!\d)\d{9}(?!\d)")
# Elements holding other personal data: a failure names the element but never shows the value.
PERSONAL = {"Achternaam", "Voornamen", "Voorletters", "Voorvoegsel", "Straatnaam", "Huisnummer", "Huisletter",
            "HuisnummerToevoeging", "Postcode", "Plaatsnaam", "Telefoonnummer", "Emailadres", "Datum",
            "Geboortedatum", "Commentaar"}


@dataclass(frozen=True)
class MessageType:
    """`JW323`: `standaard` 'jw' or 'wmo', `nummer` '323'; `wet` is the law of the contract."""

    standaard: str
    nummer: str

    @property
    def code(self) -> str:
        return f"{self.standaard.upper()}{self.nummer}"

    @property
    def wet(self) -> str:
        return "jeugd" if self.standaard == "jw" else "wmo"

    @property
    def xsd(self) -> Path:
        return XSD_DIR / self.standaard / f"{self.code}.xsd"


class MessageError(Exception):
    """One message cannot be imported; `str()` is the Dutch reason (element and line when known)."""


def type_of_namespace(namespace: str) -> MessageType:
    """The message type of a root namespace; `MessageError` for anything that is not iJw/iWmo 3.2."""
    m = _NAMESPACE.match(namespace or "")
    if not m or (m.group(1) == "ijw") != (m.group(2) == "jw"):
        raise MessageError(f"onbekende namespace '{namespace or '(geen)'}': geen iJw/iWmo 3.2-bericht")
    kind = MessageType(m.group(2), m.group(3))
    if not kind.xsd.is_file():
        raise MessageError(f"berichttype {kind.code} wordt niet ondersteund (geen XSD in het pakket)")
    return kind


def peek_type(path: Path) -> MessageType:
    """The message type from the root element only (reads no further than the first tag)."""
    try:
        for _, element in etree.iterparse(str(path), events=("start",)):
            if element.tag == "Bericht" or not element.tag.startswith("{"):
                raise MessageError(f"element '{_local(element.tag)}' zonder iStandaard-namespace: "
                                   "geen iJw/iWmo 3.2-bericht")
            return type_of_namespace(etree.QName(element).namespace)
    except etree.XMLSyntaxError as exc:
        raise MessageError(f"geen leesbare XML: {syntax_reason(exc)}") from None
    raise MessageError("leeg bestand")


@cache
def schema(kind: MessageType) -> etree.XMLSchema:
    """The compiled XSD of one message type (compiled once; the base schema is imported by it)."""
    return etree.XMLSchema(etree.parse(str(kind.xsd)))


def _local(tag: str) -> str:
    return _CLARK.sub("", tag)


def scrub(text: str) -> str:
    """A reason text without namespaces and without anything that could be a BSN."""
    return _NINE_DIGITS.sub("*********", _CLARK.sub("", text))


def syntax_reason(exc: etree.XMLSyntaxError) -> str:
    """`regel N: <libxml2 message>` for a file that is not well-formed XML (e.g. truncated)."""
    msg = scrub(str(exc.msg if getattr(exc, "msg", None) else exc))
    msg = re.sub(r"\s*\(<string>, line \d+\)$|, line \d+, column \d+$", "", msg)
    line = f"regel {exc.lineno}: " if getattr(exc, "lineno", None) else ""
    return f"{line}{msg}"


def schema_failure(path: Path, kind: MessageType) -> str:
    """The first XSD violation of a message as `element X (regel N): reason`; the reason of a
    `Bsn` element never shows the value. Parses the whole file: only called for a failed message."""
    try:
        document = etree.parse(str(path))
    except etree.XMLSyntaxError as exc:
        return f"geen geldige XML (afgebroken of beschadigd bestand?): {syntax_reason(exc)}"
    xsd = schema(kind)
    if xsd.validate(document):
        return "voldoet niet aan het schema"
    error = xsd.error_log[0]
    m = re.match(r"Element '([^']*)'(?:, attribute '[^']*')?: (.*)$", error.message, re.S)
    element, reason = (_local(m.group(1)), m.group(2)) if m else ("", error.message)
    if element == "Bsn":
        reason = "ongeldig burgerservicenummer (waarde niet getoond)"
    elif element in PERSONAL:
        reason = "ongeldige waarde (persoonsgegeven, niet getoond)"
    where = f"element {element} (regel {error.line})" if element else f"regel {error.line}"
    return f"{where}: voldoet niet aan de XSD van {kind.code}: {scrub(reason)}"
