"""Municipality settings from `parameters/<name>.yaml` (and analyst commentary per periode)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from . import config
from .errors import UsageError


@dataclass(frozen=True)
class Gemeente:
    """One municipality's settings. See `parameters/README.md` for every key."""

    code: str
    naam: str
    slug: str
    regio: str = ""
    regio_gemeenten: tuple[str, ...] = ()
    hoofdstukken: tuple[str, ...] = ()
    secties: dict[str, Any] = field(default_factory=dict)
    drempel_kleine_aantallen: int = 5
    raw: dict[str, Any] = field(default_factory=dict)


def _load(path: Path) -> Gemeente:
    raw = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    return Gemeente(
        code=str(raw["cbs_code"]).upper(),
        naam=str(raw["naam"]),
        slug=path.stem.lower(),
        regio=str(raw.get("regio", "")),
        regio_gemeenten=tuple(str(c).upper() for c in raw.get("regio_gemeenten", [])),
        hoofdstukken=tuple(raw.get("hoofdstukken", [])),
        secties=dict(raw.get("secties", {})),
        drempel_kleine_aantallen=int(raw.get("drempel_kleine_aantallen", 5)),
        raw=raw,
    )


def known_gemeenten(directory: Path | None = None) -> list[Gemeente]:
    """All municipalities with a `parameters/<name>.yaml`."""
    directory = directory or config.parameters_dir()
    return [_load(p) for p in sorted(directory.glob("*.yaml"))]


def resolve_gemeente(text: str, directory: Path | None = None) -> Gemeente:
    """A CBS code (`GM0296`) or a name known to `parameters/` (case-insensitive)."""
    wanted = str(text).strip().lower()
    for g in known_gemeenten(directory):
        if wanted in (g.code.lower(), g.naam.lower(), g.slug):
            return g
    if wanted.upper().startswith("GM") and wanted[2:].isdigit() and len(wanted) == 6:
        # A municipality without a parameters file still gets the default report.
        return Gemeente(code=wanted.upper(), naam=wanted.upper(), slug=wanted.lower())
    known = ", ".join(g.slug for g in known_gemeenten(directory)) or "geen"
    raise UsageError(f"gemeente '{text}' is onbekend; geef een CBS-code (GM0296) of een naam uit parameters/ ({known})")


def analyst_commentary(gemeente: Gemeente, periode: str, directory: Path | None = None) -> dict[str, Any]:
    """The analyst's own text for one edition: `parameters/<gemeente>/<periode>.yaml`, or {}."""
    directory = directory or config.parameters_dir()
    path = directory / gemeente.slug / f"{periode}.yaml"
    if not path.exists():
        return {}
    return yaml.safe_load(path.read_text(encoding="utf-8")) or {}
