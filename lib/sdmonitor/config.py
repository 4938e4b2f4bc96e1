"""All paths in one place.

The package's own data (code lists, KPI catalogue, house style, templates) lives inside the
package so an installed project stands alone. Project folders (`parameters/`, `reports/`,
`data/`, `notebooks/`) are found from the environment, the current directory or the checkout.
"""

from __future__ import annotations

import os
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
PACKAGE_DATA = PACKAGE_DIR / "data"
CODELISTS_DIR = PACKAGE_DATA / "codelists"
KPI_CATALOGUE = PACKAGE_DATA / "kpi_catalogus.yaml"
HOUSE_STYLE = PACKAGE_DATA / "house_style.yaml"
TEMPLATES_DIR = PACKAGE_DATA / "templates"


def project_root() -> Path:
    """The project checkout: `$SDMONITOR_HOME`, else the folder above `lib/` of an editable install,
    else the current directory."""
    env = os.environ.get("SDMONITOR_HOME")
    if env:
        return Path(env).resolve()
    checkout = PACKAGE_DIR.parent.parent
    if (checkout / "parameters").is_dir() and (checkout / "lib").is_dir():
        return checkout
    return Path.cwd()


def _project_dir(env_var: str, name: str) -> Path:
    env = os.environ.get(env_var)
    return Path(env).resolve() if env else project_root() / name


def parameters_dir() -> Path:
    """Municipality settings: `$SDMONITOR_PARAMETERS` or `<project>/parameters`."""
    return _project_dir("SDMONITOR_PARAMETERS", "parameters")


def notebooks_dir() -> Path:
    """Chapter notebooks: `$SDMONITOR_NOTEBOOKS` or `<project>/notebooks`."""
    return _project_dir("SDMONITOR_NOTEBOOKS", "notebooks")


def reports_dir() -> Path:
    """Default output folder of `sdmonitor run`: `<project>/reports`."""
    return _project_dir("SDMONITOR_REPORTS", "reports")


def demo_data_dir() -> Path:
    """Where `make monitor` puts the demo data: `<project>/data/demo`."""
    return project_root() / "data" / "demo"


def cache_dir() -> Path | None:
    """Where validated input is cached as Parquet (`store`): `$SDMONITOR_CACHE`, else
    `$XDG_CACHE_HOME/sdmonitor`, else `~/.cache/sdmonitor`. `SDMONITOR_CACHE=off` turns the cache
    off (every command then reads and validates the input folder itself). Never inside the input."""
    env = os.environ.get("SDMONITOR_CACHE")
    if env is not None and env.strip().lower() in ("off", "0", "no", "none", ""):
        return None
    if env:
        return Path(env).expanduser().resolve()
    xdg = os.environ.get("XDG_CACHE_HOME")
    return (Path(xdg) if xdg else Path.home() / ".cache") / "sdmonitor"
