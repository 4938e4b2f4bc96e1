"""pyproject.toml and environment.yml declare the same dependencies."""

import re
import tomllib
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]


def _name(spec: str) -> str:
    return re.split(r"[<>=!~ \[]", spec.strip(), maxsplit=1)[0].lower().replace("_", "-")


def test_environment_yml_matches_pyproject():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    wanted = {_name(d) for d in project["dependencies"]} | {
        _name(d) for d in project["optional-dependencies"]["dev"]
    }
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    conda = {_name(d) for d in env["dependencies"] if isinstance(d, str)} - {"python", "pip"}
    assert conda == wanted


def test_package_data_is_inside_the_package():
    # The installed project must not need ../shared at run time.
    lib = ROOT / "lib" / "sdmonitor"
    offenders = [p for p in lib.rglob("*.py") if "shared/" in p.read_text(encoding="utf-8").replace("\\", "/")
                 and "../shared" in p.read_text(encoding="utf-8")]
    assert offenders == []
