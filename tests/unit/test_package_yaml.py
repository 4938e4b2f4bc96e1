"""package_yaml.py: the package's YAML files read in C give what PyYAML's Python SafeLoader gives."""

from __future__ import annotations

import yaml

from sdmonitor import config, package_yaml


def test_every_shipped_yaml_file_reads_as_with_the_python_loader():
    files = sorted(config.PACKAGE_DATA.glob("*.yaml"))
    assert files
    for path in files:
        assert package_yaml.read(path) == yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.SafeLoader), path


def test_safe_types_only(tmp_path):
    path = tmp_path / "x.yaml"
    path.write_text("a: 1,5\nb: 2026-02-01\nc: !!python/object/apply:os.system ['true']\n", encoding="utf-8")
    try:
        package_yaml.read(path)
    except yaml.constructor.ConstructorError:
        pass
    else:
        raise AssertionError("a python object tag was constructed")
    path.write_text("a: '1,5'\nb: 2026-02-01\n", encoding="utf-8")
    assert package_yaml.read(path) == {"a": "1,5", "b": __import__("datetime").date(2026, 2, 1)}
