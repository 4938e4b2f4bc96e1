"""The explorer's state: `Keuze` (what the widgets show) and how it is saved and reopened.

A view is saved as a small dict (`Keuze.als_dict`) or a URL fragment (`Keuze.als_fragment`,
"#indicator=jeugd.kosten&niveau=uitsplitsing&..."), and reopened with `Keuze.uit(...)`, which
takes either: `verkenner.app(view)` then shows the same view.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields, replace
from typing import Any
from urllib.parse import parse_qsl, urlencode

START = ("jeugd", "jeugd.clienten")
# Drill levels besides "" (the one dimensie chosen): every value of the indicator's own
# breakdown side by side, or every value of a sibling figure's (`<indicator>_bouwsteen`, ...).
UITSPLITSING = "uitsplitsing"
DRILL_SUFFIXES = (("_bouwsteen", "bouwsteen"), ("_aanbieder", "aanbieder"))


@dataclass(frozen=True)
class Keuze:
    """The widget state: `gemeenten` are exactly the chosen ones (the edition's own first when
    chosen); `dimensie` "" is the total; `niveau` "" shows that one dimensie, `UITSPLITSING` or a
    `DRILL_SUFFIXES` suffix every value of a breakdown side by side; `per_1000` divides counts and
    euros by the inhabitants of the age group (per 1.000); `jaar_op_jaar` draws months of each year
    over each other; `gemiddelde` adds the average of the chosen gemeenten (and the region's, in
    the comparison)."""

    indicator: str = START[1]
    dimensie: str = ""
    jaren: tuple[int, int] | None = None
    per: str = "jaar"
    gemeenten: tuple[str, ...] = ()
    niveau: str = ""
    per_1000: bool = False
    jaar_op_jaar: bool = False
    gemiddelde: bool = False

    @property
    def wet(self) -> str:
        return self.indicator.split(".", 1)[0]

    def als_dict(self) -> dict[str, Any]:
        """The choices as plain data (JSON-able), for `Keuze.uit`."""
        out = asdict(self)
        out["jaren"] = list(self.jaren) if self.jaren else None
        out["gemeenten"] = list(self.gemeenten)
        return out

    def als_fragment(self) -> str:
        """The choices as a URL fragment ("#indicator=...&gemeenten=GM0296,GM0225&...")."""
        d = self.als_dict()
        parts = {k: (",".join(str(x) for x in v) if isinstance(v, list) else ("1" if v is True else "0")
                     if isinstance(v, bool) else "" if v is None else str(v)) for k, v in d.items()}
        return "#" + urlencode(parts)

    @classmethod
    def uit(cls, view: dict[str, Any] | str, basis: Keuze | None = None) -> Keuze:
        """A Keuze from `als_dict`'s dict or `als_fragment`'s text; what it does not say comes
        from `basis`. An unknown key is an error (a typo would silently show another view)."""
        if isinstance(view, str):
            raw: dict[str, Any] = dict(parse_qsl(view.lstrip("#"), keep_blank_values=True))
            typed: dict[str, Any] = {}
            for f in fields(cls):
                if f.name not in raw:
                    continue
                text = raw[f.name]
                if f.name == "jaren":
                    typed[f.name] = tuple(int(x) for x in text.split(",")) if text else None
                elif f.name == "gemeenten":
                    typed[f.name] = tuple(x for x in text.split(",") if x)
                elif f.name in ("per_1000", "jaar_op_jaar", "gemiddelde"):
                    typed[f.name] = text in ("1", "true", "True")
                else:
                    typed[f.name] = text
            unknown = set(raw) - {f.name for f in fields(cls)}
        else:
            typed = dict(view)
            unknown = set(typed) - {f.name for f in fields(cls)}
            if typed.get("jaren") is not None:
                typed["jaren"] = tuple(int(x) for x in typed["jaren"])
            if "gemeenten" in typed:
                typed["gemeenten"] = tuple(typed["gemeenten"])
        if unknown:
            raise ValueError(f"onbekende keuze(s) in de bewaarde weergave: {', '.join(sorted(unknown))}")
        return replace(basis or cls(), **typed)


__all__ = ["DRILL_SUFFIXES", "START", "UITSPLITSING", "Keuze"]
