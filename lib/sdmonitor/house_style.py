"""The house style (`data/house_style.yaml`: colours, labels, source names, small-numbers rule) read
once per process: figures, tables, charts and the suppression rule all read it, some per row."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from sdmonitor import config, package_yaml


@lru_cache(maxsize=1)
def house_style() -> dict[str, Any]:
    """The house style as a dict (shared: not to be changed)."""
    return package_yaml.read(config.HOUSE_STYLE)


__all__ = ["house_style"]
