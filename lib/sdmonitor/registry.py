"""The indicator registry (`data/indicatoren.yaml`): the one place an indicator is declared.

Suppression, status, labels, the explorer's list, the definitions page and the edition API all
read an indicator's properties from here, so a new figure is suppressed, status-marked and defined
because the registry says so. The file is checked on load: unknown keys, missing fields and
values outside their lists are errors, never silently ignored.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from sdmonitor import config, package_yaml

REGISTRY_FILE = config.PACKAGE_DATA / "indicatoren.yaml"
WETTEN = {"jeugd": "Jeugd", "wmo": "Wmo"}

TELT = ("personen", "gevallen", "geen")
EENHEDEN = ("aantal", "euro", "fractie", "procent", "dagen", "cijfer", "uur", "bouwsteen")
PERIODICITEIT = ("jaar", "maand", "schooljaar")
METING = ("stroom", "stand", "opgebouwd", "raming", "vast")
COMPLEETHEID = ("kosten", "clienten")
RELATIES = ("som", "deel", "onder", "geen")

_REQUIRED = {"label", "definitie", "eenheid", "telt", "bron", "periodiciteit", "meting"}
_OPTIONAL = {"reden", "per_persoon", "per_persoon_als_bekend", "compleetheid", "dimensie",
             "optelbaar_over_maanden", "intern"}
_DIMENSIE_KEYS = {"naam", "relatie", "totaal"}


class RegistryError(ValueError):
    """The registry file breaks its own rules (a programming error of the package, not user data)."""


@dataclass(frozen=True)
class Dimensie:
    """An indicator's breakdown and how its parts relate to the total."""

    naam: str
    relatie: str  # som | deel | onder | geen (see the registry file's header)
    totaal: str | None = None  # the indicator holding the total, when not the indicator's own total row


@dataclass(frozen=True)
class Indicator:
    """One declared indicator of the figure table."""

    naam: str
    label: str
    definitie: str
    eenheid: str
    telt: str
    bron: tuple[str, ...]
    periodiciteit: tuple[str, ...]
    meting: str
    reden: str | None = None
    per_persoon: str | None = None
    per_persoon_als_bekend: bool = False
    compleetheid: str | None = None
    dimensie: Dimensie | None = None
    optelbaar_over_maanden: bool = False
    intern: bool = False

    @property
    def klein_aantal(self) -> bool:
        """Whether the small-numbers rule applies to the value itself (a count of persons or cases)."""
        return self.telt in ("personen", "gevallen") and self.reden is None

    @property
    def totaal_indicator(self) -> str:
        """The indicator whose row without dimensie is the total of this indicator's breakdown."""
        return self.dimensie.totaal if self.dimensie and self.dimensie.totaal else self.naam


class Registry(Mapping[str, Indicator]):
    """All declared indicators by name (read-only mapping)."""

    def __init__(self, indicators: Mapping[str, Indicator]) -> None:
        self._items = dict(indicators)
        _check_references(self._items)

    def __getitem__(self, naam: str) -> Indicator:
        try:
            return self._items[naam]
        except KeyError:
            raise KeyError(f"indicator '{naam}' staat niet in het indicatorregister ({REGISTRY_FILE.name})") from None

    def __iter__(self) -> Iterator[str]:
        return iter(self._items)

    def __len__(self) -> int:
        return len(self._items)

    def missing(self, names: Any) -> list[str]:
        """Names among `names` that the registry does not declare, sorted."""
        return sorted({str(n) for n in names} - set(self._items))

    def with_entries(self, raw: Mapping[str, Mapping[str, Any]]) -> Registry:
        """A registry with more (or replaced) entries in the file's format: for tests and extensions."""
        return Registry({**self._items, **parse(raw)})


def _fail(naam: str, msg: str) -> RegistryError:
    return RegistryError(f"indicatorregister, '{naam}': {msg}")


def _choice(naam: str, field: str, value: Any, allowed: tuple[str, ...]) -> str:
    if value not in allowed:
        raise _fail(naam, f"{field} '{value}' is niet een van {', '.join(allowed)}")
    return str(value)


def _entry(naam: str, raw: Mapping[str, Any]) -> Indicator:
    if not isinstance(raw, Mapping):
        raise _fail(naam, "verwacht een mapping met velden")
    unknown = set(raw) - _REQUIRED - _OPTIONAL
    if unknown:
        raise _fail(naam, f"onbekende sleutel(s) {', '.join(sorted(unknown))}")
    missing = _REQUIRED - set(raw)
    if missing:
        raise _fail(naam, f"verplichte sleutel(s) ontbreken: {', '.join(sorted(missing))}")
    for field in ("label", "definitie"):
        if not isinstance(raw[field], str) or not raw[field].strip():
            raise _fail(naam, f"{field} moet een tekst zijn")
    telt = _choice(naam, "telt", raw["telt"], TELT)
    eenheid = _choice(naam, "eenheid", raw["eenheid"], EENHEDEN)
    reden = raw.get("reden")
    if reden is not None and (not isinstance(reden, str) or not reden.strip()):
        raise _fail(naam, "reden moet een tekst zijn")
    # Opting a count out of the small-numbers rule is a decision that must be written down.
    if eenheid == "aantal" and telt == "geen" and reden is None:
        raise _fail(naam, "een aantal met telt: geen heeft een reden nodig")
    bron, periodiciteit = raw["bron"], raw["periodiciteit"]
    if not isinstance(bron, list) or not bron:
        raise _fail(naam, "bron moet een niet-lege lijst van invoertabellen zijn")
    if not isinstance(periodiciteit, list) or not periodiciteit:
        raise _fail(naam, "periodiciteit moet een niet-lege lijst zijn")
    dimensie = None
    if raw.get("dimensie") is not None:
        d = raw["dimensie"]
        if not isinstance(d, Mapping) or set(d) - _DIMENSIE_KEYS or not {"naam", "relatie"} <= set(d):
            raise _fail(naam, "dimensie heeft precies naam, relatie en optioneel totaal")
        dimensie = Dimensie(str(d["naam"]), _choice(naam, "dimensie.relatie", d["relatie"], RELATIES),
                            str(d["totaal"]) if d.get("totaal") else None)
    compleetheid = raw.get("compleetheid")
    for flag in ("per_persoon_als_bekend", "optelbaar_over_maanden", "intern"):
        if flag in raw and not isinstance(raw[flag], bool):
            raise _fail(naam, f"{flag} moet true of false zijn")
    return Indicator(
        naam=naam, label=raw["label"].strip(), definitie=" ".join(raw["definitie"].split()), eenheid=eenheid,
        telt=telt, bron=tuple(str(b) for b in bron),
        periodiciteit=tuple(_choice(naam, "periodiciteit", p, PERIODICITEIT) for p in periodiciteit),
        meting=_choice(naam, "meting", raw["meting"], METING), reden=reden,
        per_persoon=str(raw["per_persoon"]) if raw.get("per_persoon") else None,
        per_persoon_als_bekend=bool(raw.get("per_persoon_als_bekend", False)),
        compleetheid=_choice(naam, "compleetheid", compleetheid, COMPLEETHEID) if compleetheid else None,
        dimensie=dimensie, optelbaar_over_maanden=bool(raw.get("optelbaar_over_maanden", False)),
        intern=bool(raw.get("intern", False)),
    )


def _expand(key: str, raw: Mapping[str, Any]) -> dict[str, Mapping[str, Any]]:
    """"{wet}.x" → "jeugd.x" and "wmo.x", with {wet}/{Wet} replaced in every text field."""
    if "{wet}" not in key:
        return {key: raw}

    def fill(value: Any, wet: str) -> Any:
        if isinstance(value, str):
            return value.replace("{wet}", wet).replace("{Wet}", WETTEN[wet])
        if isinstance(value, list):
            return [fill(v, wet) for v in value]
        if isinstance(value, Mapping):
            return {k: fill(v, wet) for k, v in value.items()}
        return value

    return {fill(key, wet): fill(raw, wet) for wet in WETTEN}


def parse(raw: Mapping[str, Mapping[str, Any]]) -> dict[str, Indicator]:
    """Entries in the file's format (with "{wet}" keys) → indicators by name."""
    out: dict[str, Indicator] = {}
    for key, entry in raw.items():
        for naam, expanded in _expand(str(key), entry).items():
            if naam in out:
                raise _fail(naam, "staat twee keer in het register")
            out[naam] = _entry(naam, expanded)
    return out


def _check_references(items: Mapping[str, Indicator]) -> None:
    for ind in items.values():
        for field, ref in (("per_persoon", ind.per_persoon),
                           ("dimensie.totaal", ind.dimensie.totaal if ind.dimensie else None)):
            if ref is not None and ref not in items:
                raise _fail(ind.naam, f"{field} verwijst naar onbekende indicator '{ref}'")
            if field == "per_persoon" and ref is not None and not items[ref].klein_aantal:
                raise _fail(ind.naam, f"per_persoon '{ref}' is geen aantal personen of gevallen")


_TELT_TEXT = {"personen": "personen", "gevallen": "gevallen", "geen": "—"}


def definitions_markdown(reg: Registry) -> str:
    """The definitions page (`docs/indicatoren.md`), generated from the registry."""
    lines = ["# Indicatoren", "",
             "Generated from `lib/sdmonitor/data/indicatoren.yaml` by `python tools/indicatoren_doc.py`;",
             "do not edit by hand (a test checks it is up to date). *Telt*: the small-numbers rule applies",
             "to counts of personen or gevallen; *per persoon*: hidden when that count is below the threshold.",
             "", "| indicator | naam | definitie | eenheid | telt | bron | periode | uitsplitsing |",
             "|---|---|---|---|---|---|---|---|"]
    for naam in sorted(reg):
        ind = reg[naam]
        telt = _TELT_TEXT[ind.telt] + (f" (per persoon: `{ind.per_persoon}`)" if ind.per_persoon else "")
        if ind.reden:
            telt += f" (niet onderdrukt: {ind.reden})"
        dim = ""
        if ind.dimensie:
            dim = f"{ind.dimensie.naam} ({ind.dimensie.relatie}" + (
                f", totaal `{ind.dimensie.totaal}`)" if ind.dimensie.totaal else ")")
        cells = [f"`{naam}`", ind.label, ind.definitie, ind.eenheid, telt, ", ".join(ind.bron),
                 ", ".join(ind.periodiciteit) + f" ({ind.meting})", dim]
        lines.append("| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |")
    return "\n".join(lines) + "\n"


def load_registry(path: Path | str = REGISTRY_FILE) -> Registry:
    """The registry of a file (checked; `RegistryError` on any breach)."""
    raw = package_yaml.read(path) or {}
    if not isinstance(raw, Mapping):
        raise RegistryError(f"indicatorregister {path}: verwacht een mapping van indicatoren")
    return Registry(parse(raw))


@lru_cache(maxsize=1)
def registry() -> Registry:
    """The package's registry, read once per process."""
    return load_registry()


__all__ = ["Dimensie", "Indicator", "Registry", "RegistryError", "definitions_markdown", "load_registry", "parse",
           "registry"]
