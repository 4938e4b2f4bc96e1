"""Municipality settings from `parameters/<name>.yaml` (and analyst commentary per periode).

Only the asked municipality's file is parsed: a broken file of another municipality must not
stop this one. A file is found by its name (`wijchen.yaml`), else by a `cbs_code:`/`naam:` line
that matches (read as text, not parsed), else by parsing the readable files one by one. A broken
file is a usage error (exit 2) naming the file and the line.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import config
from .errors import UsageError
from .user_yaml import load_user_yaml, read_user_text

CODE_PATTERN = re.compile(r"GM[0-9]{4}")


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

    @property
    def folder_name(self) -> str:
        """The report folder name: the name in lower case (INTERFACE §4), made safe as one path
        component — a name is text, not a path (`../../x` becomes `x`)."""
        return safe_folder_name(self.naam) or self.code.lower()


def safe_folder_name(name: str) -> str:
    """`name` lower-cased as a single, harmless folder name: no separators, no `..`, no control
    characters, no leading dot; '' when nothing usable remains."""
    text = unicodedata.normalize("NFKC", str(name)).lower()
    text = re.sub(r"[\x00-\x1f\x7f/\\:*?\"<>|]+", "-", text)
    text = re.sub(r"-*\.\.+-*", "-", text)  # no parent references
    return text.strip(" .-")[:80]


def normalise_code(text: str) -> str:
    """NFKC (full-width digits become digits), stripped and upper-cased."""
    return unicodedata.normalize("NFKC", str(text)).strip().upper()


def _yaml(path: Path, soort: str = "parameterbestand") -> Any:
    """Parse one user YAML file, bounded (`user_yaml`); a problem names the file and the line."""
    return load_user_yaml(path, soort)


def _load(path: Path) -> Gemeente:
    raw = _yaml(path) or {}
    if not isinstance(raw, dict):
        raise UsageError(f"parameterbestand {path}: verwacht sleutels (cbs_code: ..., naam: ...)")
    missing = [k for k in ("cbs_code", "naam") if not raw.get(k)]
    if missing:
        raise UsageError(f"parameterbestand {path}: verplichte sleutel {' en '.join(missing)} ontbreekt")
    code = normalise_code(raw["cbs_code"])
    if not CODE_PATTERN.fullmatch(code):
        raise UsageError(f"parameterbestand {path}: cbs_code '{raw['cbs_code']}' is geen CBS-gemeentecode (GMxxxx)")
    drempel = raw.get("drempel_kleine_aantallen", 5)
    if isinstance(drempel, bool) or not isinstance(drempel, int) or drempel < 2:
        raise UsageError(f"parameterbestand {path}: drempel_kleine_aantallen '{drempel}' moet een geheel "
                         "getal van 2 of meer zijn")
    try:
        return Gemeente(
            code=code,
            naam=str(raw["naam"]),
            slug=path.stem.lower(),
            regio=str(raw.get("regio", "")),
            regio_gemeenten=tuple(normalise_code(c) for c in raw.get("regio_gemeenten", []) or []),
            hoofdstukken=tuple(raw.get("hoofdstukken", []) or []),
            secties=dict(raw.get("secties", {}) or {}),
            drempel_kleine_aantallen=drempel,
            raw=raw,
        )
    except (TypeError, ValueError) as exc:
        raise UsageError(f"parameterbestand {path}: onverwachte waarde ({exc})") from None


def parameter_files(directory: Path | None = None) -> list[Path]:
    """Every `parameters/<name>.yaml`, unparsed."""
    directory = directory or config.parameters_dir()
    return sorted(directory.glob("*.yaml"))


def known_gemeenten(directory: Path | None = None) -> list[Gemeente]:
    """All municipalities with a readable `parameters/<name>.yaml` (broken files are left out;
    `resolve_gemeente` on one of them reports why)."""
    found = []
    for path in parameter_files(directory):
        try:
            found.append(_load(path))
        except UsageError:
            continue
    return found


def _candidates(wanted: str, files: list[Path]) -> list[Path]:
    """Files whose name, `cbs_code:` or `naam:` line matches `wanted` (lower case), read as text."""
    by_name = [p for p in files if p.stem.lower() == wanted]
    if by_name:
        return by_name
    key = re.compile(r"^\s*(cbs_code|naam)\s*:\s*['\"]?(.*?)['\"]?\s*(#.*)?$", re.MULTILINE)
    out = []
    for path in files:
        try:
            text = read_user_text(path, "parameterbestand")  # bounded: a huge file is not read whole
        except UsageError:
            continue  # not a candidate by its text; the parse below reports it
        if any(normalise_code(m.group(2)).lower() == wanted for m in key.finditer(text)):
            out.append(path)
    return out


def resolve_gemeente(text: str, directory: Path | None = None) -> Gemeente:
    """A CBS code (`GM0296`) or a name known to `parameters/` (case-insensitive, NFKC)."""
    wanted = normalise_code(text).lower()
    files = parameter_files(directory)
    for path in _candidates(wanted, files):
        g = _load(path)  # the asked municipality's own file: broken is an error
        if wanted in (g.code.lower(), g.naam.lower(), g.slug):
            return g
    broken = []
    for path in files:  # a match the text scan could not see (YAML anchors, quoting)
        try:
            g = _load(path)
        except UsageError as exc:
            broken.append(str(exc))
            continue
        if wanted in (g.code.lower(), g.naam.lower(), g.slug):
            return g
    if CODE_PATTERN.fullmatch(wanted.upper()):
        if broken:
            raise UsageError(f"gemeente '{text}' staat niet in parameters/, maar niet elk parameterbestand "
                             f"is leesbaar (misschien hoort het bij deze gemeente): {'; '.join(broken)}")
        # A municipality without a parameters file still gets the default report.
        return Gemeente(code=wanted.upper(), naam=wanted.upper(), slug=wanted.lower())
    known = ", ".join(p.stem.lower() for p in files) or "geen"
    raise UsageError(f"gemeente '{text}' is onbekend; geef een CBS-code (GM0296, cijfers 0-9) of een naam "
                     f"uit parameters/ ({known})")


def analyst_commentary(gemeente: Gemeente, periode: str, directory: Path | None = None) -> dict[str, Any]:
    """The analyst's own text for one edition: `parameters/<gemeente>/<periode>.yaml`, or {}."""
    directory = directory or config.parameters_dir()
    path = directory / gemeente.slug / f"{periode}.yaml"
    if not path.exists():
        return {}
    raw = _yaml(path, "commentaarbestand") or {}
    if not isinstance(raw, dict):
        raise UsageError(f"commentaarbestand {path}: verwacht sleutels (kernboodschap:, duiding:)")
    return raw

ALWAYS_LAST = "verantwoording"
KPI_BIJLAGE = "bijlage_kpi"


def chapter_names(gemeente: Gemeente, available: list[str]) -> list[str]:
    """The chapters of this municipality's monitor, in order: its `hoofdstukken` (else every
    available chapter), `verantwoording` always last, the KPI appendix only with a `kpi_set`
    (a council's own KPIs; Druten's monitor has none)."""
    names = list(gemeente.hoofdstukken) or [n for n in available if n != ALWAYS_LAST]
    names = [n for n in names if n != ALWAYS_LAST] + [ALWAYS_LAST]
    if not gemeente.raw.get("kpi_set"):
        names = [n for n in names if n != KPI_BIJLAGE]
    return names
