"""The iJw/iWmo 3.2 XSDs shipped in `data/istandaarden/{jw,wmo}/`: which schema a message needs,
the compiled schema (once per message type per process), and readable failure reasons.

A message is recognised by the namespace of its root element (`.../ijw/3_2/jw323/schema`), not
by its file name. Errors are rewritten for an analyst: namespaces dropped from element names, the
line of the element, and never the value of a `Bsn` element (a BSN may not reach a log).

What is not an iJw/iWmo 3.2 message (another namespace, another release, a type without an XSD
in the package) raises `SkipMessage`: the import lists it as passed over, it is no failure. A
document with a DTD (`<!DOCTYPE`) is refused before its content is parsed: iStandaard messages
never have one, and an internal entity in it crashed libxml2's validating stream parser (issue 20).
Every parser here resolves no entities, loads no DTD and uses no network.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import IO, Any

from lxml import etree

from ..config import PACKAGE_DATA
from .archive import MessageSource

XSD_DIR = PACKAGE_DATA / "istandaarden"
_NAMESPACE = re.compile(r"^http://www\.istandaarden\.nl/(ijw|iwmo)/(\d+)_(\d+)/(jw|wmo)(\d{3})/schema$")
# No entity is expanded, no DTD loaded, nothing fetched: a message is data, never instructions.
SAFE: dict[str, Any] = {"resolve_entities": False, "load_dtd": False, "no_network": True, "huge_tree": False}
Source = Path | str | MessageSource
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


class SkipMessage(MessageError):
    """Not an iJw/iWmo 3.2 message this package reads: passed over with this reason, not a failure."""


@contextmanager
def open_message(source: Source) -> Iterator[IO[bytes]]:
    """A binary stream of a message file or of a message inside a (zip) archive."""
    if isinstance(source, MessageSource):
        with source.open() as fh:
            yield fh
    else:
        with open(source, "rb") as fh:
            yield fh


def type_of_namespace(namespace: str) -> MessageType:
    """The message type of a root namespace; `SkipMessage` for what is not iJw/iWmo 3.2 (another
    standard, another release, a type without XSD), `MessageError` for a mixed-up namespace."""
    m = _NAMESPACE.match(namespace or "")
    if not m:
        raise SkipMessage(f"namespace '{namespace or '(geen)'}' is geen iJw/iWmo-namespace: geen iStandaard-bericht")
    standaard, major, minor, prefix, nummer = m.groups()
    if (standaard == "ijw") != (prefix == "jw"):
        raise MessageError(f"onbekende namespace '{namespace}': {standaard} met een {prefix}-bericht")
    if (major, minor) != ("3", "2"):
        raise SkipMessage(f"namespace van release {major}.{minor}: alleen iJw/iWmo 3.2 wordt gelezen")
    kind = MessageType(prefix, nummer)
    if not kind.xsd.is_file():
        raise SkipMessage(f"berichttype {kind.code} wordt niet gelezen (geen XSD in het pakket)")
    return kind


def peek_type(source: Source) -> MessageType:
    """The message type from the root element only (reads no further than the first tag).
    `MessageError` for a document with a DTD, which is never parsed further."""
    try:
        with open_message(source) as fh:
            for element in _first_start(fh):
                if element.getroottree().docinfo.doctype:  # type: ignore[attr-defined]
                    raise MessageError("het bestand heeft een DOCTYPE (DTD); een iStandaard-bericht heeft er "
                                       "geen, dus het wordt niet gelezen")
                if element.tag == "Bericht" or not element.tag.startswith("{"):
                    raise SkipMessage(f"element '{_local(element.tag)}' zonder namespace: geen iStandaard-bericht")
                return type_of_namespace(etree.QName(element).namespace)
    except etree.XMLSyntaxError as exc:
        raise MessageError(f"geen leesbare XML: {syntax_reason(exc)}") from None
    except (OSError, EOFError, ValueError) as exc:  # an unreadable file or damaged archive member
        raise MessageError(f"niet te lezen: {scrub(str(exc))}") from None
    raise MessageError("leeg bestand")


def _first_start(fh: IO[bytes]) -> Iterator[etree._Element]:
    """The root element, fed in small pieces: iterparse would read and parse 32 KB blocks, which
    costs more than the message for a member of a zip (3 ms against 0,2 ms measured)."""
    parser = etree.XMLPullParser(events=("start",), **SAFE)
    while True:
        chunk = fh.read(1024)
        if chunk:
            parser.feed(chunk)
        else:
            parser.close()
        for _, element in parser.read_events():
            yield element  # type: ignore[misc]  # a "start" event carries the element
            return
        if not chunk:
            return


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


def schema_failure(path: Source, kind: MessageType) -> str:
    """The first XSD violation of a message as `element X (regel N): reason`; the reason of a
    `Bsn` element never shows the value. Parses the whole file: only called for a failed message."""
    try:
        with open_message(path) as fh:
            document = etree.parse(fh, etree.XMLParser(**SAFE))
    except etree.XMLSyntaxError as exc:
        return f"geen geldige XML (afgebroken of beschadigd bestand?): {syntax_reason(exc)}"
    xsd = schema(kind)
    if xsd.validate(document):
        return "voldoet niet aan het schema"
    error = xsd.error_log[0]  # type: ignore[index]  # lxml-stubs lack __getitem__
    m = re.match(r"Element '([^']*)'(?:, attribute '[^']*')?: (.*)$", error.message, re.DOTALL)
    element, reason = (_local(m.group(1)), m.group(2)) if m else ("", error.message)
    if element == "Bsn":
        reason = "ongeldig burgerservicenummer (waarde niet getoond)"
    elif element in PERSONAL:
        reason = "ongeldige waarde (persoonsgegeven, niet getoond)"
    where = f"element {element} (regel {error.line})" if element else f"regel {error.line}"
    return f"{where}: voldoet niet aan de XSD van {kind.code}: {scrub(reason)}"
