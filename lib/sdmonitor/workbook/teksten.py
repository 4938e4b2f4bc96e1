"""Chapter prose that holds only for some municipalities or some inputs (issue 22 §9): a
sentence in a notebook's markdown is printed in every municipality's report, so a sentence
about one municipality's way of working (Wijchen follows meerzorg apart since 2025), or one that
describes a table the input may lack, is printed by `m.tekst(sleutel)` instead: the
municipality's own text (`teksten.<sleutel>` in parameters/<gemeente>.yaml) or the project's
default (`data/teksten.yaml`), only when its condition (an input table, figures of an
indicator) holds. No text, or a condition that does not hold: nothing is printed."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from sdmonitor import config, package_yaml
from sdmonitor.errors import UsageError
from sdmonitor.publish import presentation
from sdmonitor.publish.element import Element

DEFAULTS_FILE = config.PACKAGE_DATA / "teksten.yaml"


@lru_cache(maxsize=1)
def defaults() -> dict[str, dict[str, Any]]:
    """The project's texts and their conditions (`data/teksten.yaml`)."""
    return {str(k): dict(v or {}) for k, v in (package_yaml.read(DEFAULTS_FILE) or {}).items()}


def entry(gemeente_raw: dict[str, Any], sleutel: str) -> dict[str, Any]:
    """The text of `sleutel` for a municipality: its own (`teksten.<sleutel>`: a text, or a mapping
    with `tekst`, `tabel`, `indicator`) over the project's default."""
    own = gemeente_raw.get("teksten") or {}
    if not isinstance(own, dict):
        raise UsageError("parameters: 'teksten' moet een lijst van sleutel: tekst zijn")
    if sleutel not in defaults() and sleutel not in own:
        # A typo in a notebook must not silently print nothing.
        raise KeyError(f"onbekende tekst '{sleutel}': niet in data/teksten.yaml en niet in de parameters")
    out = dict(defaults().get(sleutel, {}))
    if sleutel in own:
        value = own[sleutel]
        out.update(value if isinstance(value, dict) else {"tekst": value})
    return out


def _own_rows(m: Any, tabel: str) -> bool:
    """Whether the input has the table with rows of this municipality (a regional file may hold
    only the others': Druten's element then says "niet beschikbaar", and no sentence describes it)."""
    if not m.has_table(tabel):
        return False
    jaren = m.invoer.jaren
    return tabel not in jaren or bool(jaren[tabel])


def tekst(m: Any, sleutel: str) -> Element:
    """The prose of `sleutel` for the edition of `m` (a `Monitor`), or an empty element."""
    spec = entry(m.gemeente.raw, sleutel)
    text = str(spec.get("tekst") or "").strip()
    if not text:
        return Element("")
    if spec.get("tabel") and not _own_rows(m, str(spec["tabel"])):
        return Element("")
    if spec.get("indicator") and not m.pub.has(str(spec["indicator"])):
        return Element("")
    return Element("".join(presentation.paragraph_html(" ".join(p.split())) for p in text.split("\n\n") if p.strip()))


__all__ = ["DEFAULTS_FILE", "defaults", "entry", "tekst"]
