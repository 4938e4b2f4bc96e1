"""The house style (`data/house_style.yaml`: colours, labels, source names, small-numbers rule) read
once per process: figures, tables, charts and the suppression rule all read it, some per row."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

import yaml

from sdmonitor import config


@lru_cache(maxsize=1)
def house_style() -> dict[str, Any]:
    """The house style as a dict (shared: not to be changed)."""
    return yaml.safe_load(config.HOUSE_STYLE.read_text(encoding="utf-8"))


__all__ = ["house_style"]
