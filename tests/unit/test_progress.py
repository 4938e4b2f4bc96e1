"""Batch progress: plain lines off a terminal, bars on one, nothing when quiet, always a log."""

from __future__ import annotations

import io
from datetime import datetime
from pathlib import Path

from sdmonitor.run import progress


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_log_path_per_batch():
    assert progress.log_path(Path("/uit"), "2026-02", datetime(2026, 3, 11, 9, 5, 7)) == \
        Path("/uit/logs/batch-2026-02-20260311-090507.log")


def test_plain_lines_with_step_counts_when_not_a_terminal(tmp_path):
    out = io.StringIO()
    log = tmp_path / "logs" / "b.log"
    p = progress.BatchProgress(["Wijchen", "Druten"], {"Wijchen": 3, "Druten": 3}, stream=out, log_file=log)
    p.event("Wijchen", "cijfers ...")
    p.event("Wijchen", "hoofdstuk jeugd ...")
    p.done("Wijchen", True, 12.34)
    p.done("Druten", False, 1.0, "hoofdstuk 'jeugd' faalde\ndetail")
    p.log("tabel")
    p.close()
    lines = out.getvalue().splitlines()
    assert [line.split(" ", 1)[1] for line in lines] == [
        "[1/2] Wijchen: cijfers (stap 1 van 3)",
        "[1/2] Wijchen: hoofdstuk jeugd (stap 2 van 3)",
        "[1/2] Wijchen: klaar in 12,3 s",
        "[2/2] Druten: mislukt na 1,0 s: hoofdstuk 'jeugd' faalde",
    ]
    assert log.read_text(encoding="utf-8").splitlines()[-1] == "tabel"


def test_quiet_writes_only_the_log(tmp_path):
    out = io.StringIO()
    p = progress.BatchProgress(["Wijchen"], {"Wijchen": 2}, stream=out, quiet=True, log_file=tmp_path / "b.log")
    p.event("Wijchen", "cijfers ...")
    p.done("Wijchen", True, 1.0)
    p.close()
    assert out.getvalue() == ""
    assert "Wijchen: klaar in 1,0 s" in (tmp_path / "b.log").read_text(encoding="utf-8")


def test_bars_on_a_terminal():
    out = Terminal()
    p = progress.BatchProgress(["Wijchen"], {"Wijchen": 4}, stream=out)
    p.event("Wijchen", "cijfers ...")
    p.event("Wijchen", "hoofdstuk jeugd ...")
    p.done("Wijchen", True, 2.0)
    p.close()
    text = out.getvalue()
    assert "Wijchen" in text and "4/4" in text and "klaar" in text
    assert "[1/1]" not in text  # no plain lines on a terminal
