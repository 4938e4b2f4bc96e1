"""Helpers shared by the run/batch end-to-end tests: demo data, CLI calls, reading the HTML."""

from __future__ import annotations

import math
import os
import re
import subprocess
from html.parser import HTMLParser
from pathlib import Path

from cli_fork import run_cli

ROOT = Path(__file__).resolve().parents[2]
BROKEN = ROOT / "tests" / "fixtures" / "broken_chapter"


def sdmonitor(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    """`python -m sdmonitor.run.cli ARGS` in a process of its own (`cli_fork`), from the project root."""
    return run_cli(list(args), env={**os.environ, **(env or {})}, cwd=ROOT)


def demo_data(tmp_root: Path) -> Path:
    """`$SDMONITOR_E2E_DATA`, else the project's demo data if `make demo-data` made it, else a fresh
    copy (same seed, same bytes)."""
    if os.environ.get("SDMONITOR_E2E_DATA"):
        return Path(os.environ["SDMONITOR_E2E_DATA"])
    project = ROOT / "data" / "demo"
    if any(project.glob("declaraties*")):
        return project
    out = tmp_root / "demo"
    r = sdmonitor("demo-data", "--out", str(out))
    assert r.returncode == 0, r.stderr
    return out


class Page(HTMLParser):
    """What the checks read from monitor.html: headings, imgs, numbered cells, pre/code areas."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.h1: list[str] = []
        self.imgs: list[dict] = []
        self.cells: list[tuple[dict, str]] = []  # (attrs, text) of elements with data-indicator
        self.pre = 0
        self._open: list[tuple[str, dict, list[str]]] = []
        self._in_h1: list[str] | None = None
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "img":
            self.imgs.append(a)
        if tag == "pre":
            self.pre += 1
        if tag == "h1" and "sd-h1" in (a.get("class") or ""):
            self._in_h1 = []
        if "data-indicator" in a:
            self._open.append((tag, a, []))

    def handle_endtag(self, tag):
        if tag == "h1" and self._in_h1 is not None:
            self.h1.append(" ".join("".join(self._in_h1).split()))
            self._in_h1 = None
        if self._open and self._open[-1][0] == tag:
            _, a, text = self._open.pop()
            self.cells.append((a, " ".join("".join(text).split())))

    def handle_data(self, data):
        if self._in_h1 is not None:
            self._in_h1.append(data)
        for _, _, text in self._open:
            text.append(data)


def numbers(page: str, kind: str) -> list[int]:
    label = {"fig": "Figuur", "tab": "Tabel"}[kind]  # the report fills the hook with the whole label
    return [int(n) for n in re.findall(rf'<span class="sd-{kind}-no">{label} (\d+)\. </span>', page)]


_NUMBER = re.compile(r"[-−]?\d[\d.]*(?:,\d+)?")
_SCALES = {"mld": 1e9, "mln": 1e6, "k": 1e3, "dzd": 1e3}


def printed_matches(text: str, value: float, eenheid: str) -> bool:
    """Does a Dutch-formatted printed number stand for `value` (within its displayed rounding)?

    "<5" stands for 1..4; "x" is a cell suppressed secondarily (so a total cannot reveal a "<5"
    next to it) and may hide any value; percentages may show a fraction ×100; amounts may be shown in
    thousands or millions (the scale sits in the caption, not the cell).
    """
    text = text.replace("\xa0", " ").strip()
    text = re.sub(r"(\*| \(deel\))$", "", text)  # the status mark of a voorlopig or part period
    if text == "x":
        return True
    small = re.fullmatch(r"<\s*(\d+)", text)
    if small:
        return 1 <= value < int(small.group(1))
    m = _NUMBER.search(text)
    if not m:
        return False
    raw = m.group(0).replace("−", "-")
    decimals = len(raw.split(",")[1]) if "," in raw else 0
    shown = float(raw.replace(".", "").replace(",", "."))
    suffix = re.search(r"\b(mld|mln|k|dzd)\b", text[m.end():])
    if suffix:
        scales = [_SCALES[suffix.group(1)]]
    elif "%" in text:
        scales = [0.01] if eenheid == "fractie" else [1.0]
    else:
        scales = [1.0, 1e3, 1e6]
    for scale in scales:
        tolerance = 0.5 * 10 ** -decimals * scale * (1 + 1e-9) + 1e-9
        if math.isclose(shown * scale, value, abs_tol=tolerance) or abs(shown * scale - value) <= tolerance:
            return True
    return False
