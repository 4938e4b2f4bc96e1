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


# --- 2: writes ------------------------------------------------------------------------------------

def test_kpis_does_not_write_into_its_input_folder_without_force(tmp_path):
    data = _data(tmp_path)
    before = (data / "declaraties.csv").read_bytes()
    r = _kpis(data, data / "declaraties.csv", tmp_path / "cache")
    assert r.returncode == 2, r.stderr
    assert "invoermap" in r.stderr and "--force" in r.stderr
    _clean(r)
    assert (data / "declaraties.csv").read_bytes() == before
    r = _kpis(data, data / "sub" / "kpis.csv", tmp_path / "cache")  # a new file inside it: no either
    assert r.returncode == 2 and not (data / "sub").exists(), r.stderr


def test_kpis_does_not_overwrite_a_file_it_did_not_write_without_force(tmp_path):
    data = _data(tmp_path)
    foreign = tmp_path / "begroting-2026.csv"
    foreign.write_text("post,bedrag\nAmbulant,100\n", encoding="utf-8")
    r = _kpis(data, foreign, tmp_path / "cache")
    assert r.returncode == 2 and "geen kpis.csv van sdmonitor" in r.stderr, r.stderr
    _clean(r)
    assert foreign.read_text(encoding="utf-8") == "post,bedrag\nAmbulant,100\n"
    out = tmp_path / "kpis.csv"
    assert _kpis(data, out, tmp_path / "cache").returncode == 0
    assert _kpis(data, out, tmp_path / "cache").returncode == 0  # its own earlier output: fine
    r = _kpis(data, foreign, tmp_path / "cache", "--force")
    assert r.returncode == 0, r.stderr
    assert foreign.read_bytes() == out.read_bytes()


def test_demo_data_only_into_an_empty_or_earlier_demo_folder(tmp_path):
    real = _data(tmp_path)
    before = {p.name: p.read_bytes() for p in real.iterdir()}
    r = sdmonitor("demo-data", "--out", str(real))
    assert r.returncode == 2 and "niet leeg" in r.stderr and str(real) in r.stderr, r.stderr
    _clean(r)
    assert {p.name: p.read_bytes() for p in real.iterdir()} == before
    demo = tmp_path / "demo"
    for _ in range(2):  # new, then an earlier demo folder
        r = sdmonitor("demo-data", "--scale", "national", "--lines", "2000", "--out", str(demo))
        assert r.returncode == 0, r.stderr
    assert (demo / ".sdmonitor-demo").is_file()


# --- 3: braces in paths and names are data, not templates ---------------------------------------

def test_braces_in_out_data_and_gemeente_naam_break_nothing(tmp_path):
    import shutil

    from test_trust_cli import _env, _params

    data = _data(tmp_path / "in{0}")
    out = tmp_path / "uit{gemeente}{}" / "kpis{0}.csv"
    r = _kpis(data, out, tmp_path / "cache{x}")
    assert r.returncode == 0, r.stderr
    assert out.read_text(encoding="utf-8").startswith("indicator,periode,dimensie,waarde,eenheid")
    notebooks = tmp_path / "notebooks"
    notebooks.mkdir()
    for name in ("00_inleiding.ipynb", "07_verantwoording.ipynb"):
        shutil.copy(ROOT / "notebooks" / name, notebooks / name)
    reports = tmp_path / "rapport{naam}{}"
    r = sdmonitor("run", "--data", str(data), "--gemeente", "wijchen", "--periode", PERIODE, "--out", str(reports),
                  env={**_env(_params(tmp_path, naam="Wij{chen} {0}"), notebooks),
                       "SDMONITOR_CACHE": str(tmp_path / "cache{x}")})
    assert r.returncode == 0, r.stderr
    _clean(r)
    (html,) = reports.rglob("monitor.html")
    assert "Wij{chen} {0}" in html.read_text(encoding="utf-8")


# --- 4: batch -------------------------------------------------------------------------------------

def _batch_setup(tmp_path: Path) -> tuple[Path, dict[str, str]]:
    import shutil

    from test_trust_cli import _params

    data = _data(tmp_path)
    params = _params(tmp_path)
    (params / "druten.yaml").write_text("cbs_code: GM0225\nnaam: Druten\n", encoding="utf-8")
    notebooks = tmp_path / "notebooks"
    notebooks.mkdir()
    for name in ("00_inleiding.ipynb", "07_verantwoording.ipynb"):
        shutil.copy(ROOT / "notebooks" / name, notebooks / name)
    return data, {"SDMONITOR_PARAMETERS": str(params), "SDMONITOR_NOTEBOOKS": str(notebooks),
                  "SDMONITOR_CACHE": str(tmp_path / "cache")}


def test_batch_refuses_one_municipality_named_twice(tmp_path):
    data, env = _batch_setup(tmp_path)
    r = sdmonitor("batch", "--data", str(data), "--periode", PERIODE, "--gemeenten", "wijchen,GM0296,Wijchen",
                  "--out", str(tmp_path / "out"), env=env)
    assert r.returncode == 2, r.stderr
    assert "meer dan eens" in r.stderr and "wijchen, GM0296, Wijchen" in r.stderr
    _clean(r)
    assert not (tmp_path / "out").exists()


def test_batch_survives_a_killed_worker_and_reports_the_real_reason(tmp_path):
    data, env = _batch_setup(tmp_path)
    out = tmp_path / "out"
    r = sdmonitor("batch", "--data", str(data), "--periode", PERIODE, "--gemeenten", "wijchen,druten",
                  "--workers", "2", "--out", str(out), env={**env, "SDMONITOR_TEST_KILL_WORKER": "Druten"})
    assert r.returncode == 4, r.stderr
    _clean(r)
    rows = {line.split(None, 2)[0]: line.split(None, 2)[1:] for line in r.stdout.strip().splitlines()[1:]}
    assert rows["Wijchen"][0] == "ok", r.stdout + r.stderr
    assert rows["Druten"][0] == "mislukt" and "SIGKILL" in rows["Druten"][1], r.stdout
    assert "opnieuw gestart op een nieuw werkproces" in r.stderr
    assert (out / "wijchen" / PERIODE / "monitor.html").is_file()
