"""The package's own YAML files (`data/*.yaml`): parsed by libyaml when PyYAML was built with it.

The same safe loader, parsed in C: the registry alone took 0,1 s in Python in every process that
reads it (the runner and each chapter kernel). A user's file goes through `user_yaml` instead.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def read(path: Path | str) -> Any:
    """The document of the YAML file at `path` (UTF-8), safe types only."""
    return yaml.load(Path(path).read_text(encoding="utf-8"), Loader=_LOADER)


__all__ = ["read"]
