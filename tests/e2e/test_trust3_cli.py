"""Issue 21 ("Trust, third round") through the command line: the caches, the writes, paths as data.
Every case asserts the exit code, the message and that no traceback was printed."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from report_checks import ROOT, sdmonitor

pytestmark = pytest.mark.e2e

sys.path.insert(0, str(ROOT / "tests" / "fixtures" / "bad_input"))
from make_corpus import base_files  # noqa: E402

PERIODE = "2025-03"


def _data(root: Path) -> Path:
    folder = root / "data"
    for rel, content in base_files().items():
        (folder / rel).parent.mkdir(parents=True, exist_ok=True)
        (folder / rel).write_bytes(content)
    return folder


def _kpis(data: Path, out: Path, cache: Path | str, *args: str) -> subprocess.CompletedProcess:
    return sdmonitor("kpis", "--data", str(data), "--gemeente", "GM0296", "--periode", PERIODE,
                     "--out", str(out), *args, env={"SDMONITOR_CACHE": str(cache)})


def _clean(result: subprocess.CompletedProcess) -> None:
    assert "Traceback" not in result.stderr and "onverwachte fout" not in result.stderr, result.stderr


@pytest.mark.parametrize("kind", ["file", "others_can_write"])
def test_an_unusable_cache_folder_is_a_usage_error_naming_it(tmp_path, kind):
    data = _data(tmp_path)
    cache = tmp_path / "cache"
    if kind == "file":
        cache.write_text("geen map", encoding="utf-8")
    else:
        cache.mkdir()
        cache.chmod(0o777)
    for command in (["kpis", "--data", str(data), "--gemeente", "GM0296", "--periode", PERIODE,
                     "--out", str(tmp_path / "k.csv")], ["validate", "--data", str(data)]):
        r = sdmonitor(*command, env={"SDMONITOR_CACHE": str(cache)})
        assert r.returncode == 2, r.stderr
        assert str(cache) in r.stderr
        _clean(r)
    assert not (tmp_path / "k.csv").exists()


def test_two_commands_at_once_on_a_fresh_cache_agree(tmp_path):
    data = _data(tmp_path)
    cache = tmp_path / "cache"
    procs = [subprocess.Popen([sys.executable, "-m", "sdmonitor.run.cli", "kpis", "--data", str(data),
                               "--gemeente", "GM0296", "--periode", PERIODE, "--out", str(tmp_path / f"k{i}.csv")],
                              env={**__import__("os").environ, "SDMONITOR_CACHE": str(cache)}, cwd=ROOT,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for i in range(2)]
    for p in procs:
        _, err = p.communicate(timeout=300)
        assert p.returncode == 0, err
        assert "beschadigd" not in err
    assert (tmp_path / "k0.csv").read_bytes() == (tmp_path / "k1.csv").read_bytes()
