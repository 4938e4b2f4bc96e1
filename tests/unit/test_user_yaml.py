"""User YAML (parameters, commentary) is bounded before and while it is parsed (issue 21)."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest
from cli_fork import run_cli

from sdmonitor import config, user_yaml
from sdmonitor.errors import UsageError
from sdmonitor.parameters import analyst_commentary, known_gemeenten, resolve_gemeente

# Nine levels of ten aliases: 10^9 strings once expanded, in under 1 KB.
LAUGHS = "".join(
    ['a0: &a0 "lol"\n'] + [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 10)}]\n" for i in range(1, 10)])
BOMB = "cbs_code: GM0296\nnaam: Wijchen\n" + LAUGHS


def _write(folder: Path, text: str, name: str = "wijchen.yaml") -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def _refused(call, *fragments: str) -> str:
    started = time.perf_counter()
    with pytest.raises(UsageError) as info:
        call()
    assert time.perf_counter() - started < 5  # refused, not expanded
    message = str(info.value)
    for fragment in fragments:
        assert fragment in message, message
    return message


def test_billion_laughs_parameters_refused_with_file_and_line(tmp_path):
    _write(tmp_path, BOMB)
    assert len(BOMB) < 4096
    _refused(lambda: resolve_gemeente("wijchen", tmp_path), "wijchen.yaml", "regel ", "geweigerd")
    assert known_gemeenten(tmp_path) == []  # left out, never expanded


def test_billion_laughs_commentary_refused(tmp_path):
    _write(tmp_path, "cbs_code: GM0296\nnaam: Wijchen\n")
    _write(tmp_path, LAUGHS, "wijchen/2026-02.yaml")
    g = resolve_gemeente("wijchen", tmp_path)
    _refused(lambda: analyst_commentary(g, "2026-02", tmp_path), "commentaarbestand", "2026-02.yaml", "regel ")


def test_too_many_aliases_refused(tmp_path):
    text = "cbs_code: GM0296\nnaam: Wijchen\nx: &x 1\nlijst: [" + ", ".join(["*x"] * 200) + "]\n"
    _write(tmp_path, text)
    _refused(lambda: resolve_gemeente("wijchen", tmp_path), "regel 4", "verwijzingen")


def test_self_reference_and_deep_nesting_refused(tmp_path):
    _write(tmp_path, "cbs_code: GM0296\nnaam: Wijchen\nx: &x [*x]\n")
    _refused(lambda: resolve_gemeente("wijchen", tmp_path), "zichzelf")
    _write(tmp_path, "cbs_code: GM0296\nnaam: Wijchen\nx: " + "[" * 100_000 + "]" * 100_000 + "\n")
    _refused(lambda: resolve_gemeente("wijchen", tmp_path), "wijchen.yaml")


def test_large_file_refused_before_it_is_read(tmp_path, monkeypatch):
    path = _write(tmp_path, "cbs_code: GM0296\nnaam: Wijchen\n# " + "x" * user_yaml.MAX_BYTES + "\n")
    parsed = []
    monkeypatch.setattr(user_yaml._CountingLoader, "__init__", lambda *a: parsed.append(a))
    _refused(lambda: resolve_gemeente("GM0296", tmp_path), "te groot", str(path))
    assert parsed == []


def test_fifo_parameters_refused_without_blocking(tmp_path):
    os.mkfifo(tmp_path / "wijchen.yaml")
    _refused(lambda: resolve_gemeente("wijchen", tmp_path), "geen gewoon bestand")


def test_a_few_aliases_still_work(tmp_path):
    _write(tmp_path, "cbs_code: GM0296\nnaam: Wijchen\nstandaard: &s {a: 1}\nsecties:\n  x:\n    <<: *s\n    b: 2\n")
    assert resolve_gemeente("wijchen", tmp_path).secties == {"x": {"a": 1, "b": 2}}


def test_shipped_files_use_no_aliases():
    for path in sorted(config.parameters_dir().rglob("*.yaml")):
        loader = user_yaml._CountingLoader(path.read_text(encoding="utf-8"))
        try:
            loader.get_single_node()
        finally:
            loader.dispose()
        assert loader.aliases == 0, path


def test_cli_exit_2_names_the_file(tmp_path):
    _write(tmp_path / "params", BOMB)
    env = {**os.environ, "SDMONITOR_PARAMETERS": str(tmp_path / "params")}
    r = run_cli(["kpis", "--data", str(tmp_path), "--gemeente", "wijchen", "--periode", "2026-02", "--out",
                 str(tmp_path / "k.csv")], env=env, timeout=60)  # `python -m sdmonitor.run.cli`, own process
    assert r.returncode == 2, r.stderr
    assert "wijchen.yaml, regel" in r.stderr and "Traceback" not in r.stderr


def test_a_text_is_parsed_once_and_every_caller_gets_its_own_copy(tmp_path, monkeypatch):
    # Every chapter resolves its municipality (one without a file of its own parses them all).
    path = _write(tmp_path, "cbs_code: GM0296\nnaam: Wijchen\nsecties:\n  jeugd: {titel: Jeugd}\n")
    user_yaml._parsed.cache_clear()
    composed = []
    real = user_yaml._CountingLoader.get_single_node
    monkeypatch.setattr(user_yaml._CountingLoader, "get_single_node", lambda self: composed.append(1) or real(self))
    first = user_yaml.load_user_yaml(path)
    first["secties"]["jeugd"]["titel"] = "gewijzigd"
    assert user_yaml.load_user_yaml(path)["secties"]["jeugd"]["titel"] == "Jeugd"
    assert len(composed) == 1
    path.write_text("cbs_code: GM0296\nnaam: Wijchen (nieuw)\n", encoding="utf-8")
    assert user_yaml.load_user_yaml(path)["naam"] == "Wijchen (nieuw)"  # a changed file is parsed again
