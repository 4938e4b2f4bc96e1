"""data/house_style.yaml holds only settings that are read (a dead setting misleads whoever edits it)."""

import re
from pathlib import Path

from sdmonitor.house_style import house_style

ROOT = Path(__file__).resolve().parents[2]


def test_every_top_level_setting_is_read():
    # By the library, or (`contrast`: the WCAG rule the colours must meet) by the test that checks it.
    files = [*(ROOT / "lib" / "sdmonitor").rglob("*.py"), *(ROOT / "tests").rglob("*.py")]
    source = "\n".join(p.read_text(encoding="utf-8") for p in files if p.name != "test_house_style.py")
    # A setting is read by its name as a string: style["kleuren"], .get("gebieden", ...).
    unread = [key for key in house_style() if not re.search(rf"[\"']{re.escape(key)}[\"']", source)]
    assert unread == []


def test_age_bounds_live_in_code_not_in_the_house_style():
    # `leeftijd` was a second, unread copy of zorggebruik's MAX_JEUGD_LEEFTIJD / MIN_OUDEREN_LEEFTIJD.
    assert "leeftijd" not in house_style()
