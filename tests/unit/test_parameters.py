from pathlib import Path

import pytest

from sdmonitor.errors import UsageError
from sdmonitor.parameters import analyst_commentary, resolve_gemeente


@pytest.fixture()
def pdir(tmp_path: Path) -> Path:
    (tmp_path / "wijchen.yaml").write_text("cbs_code: GM0296\nnaam: Wijchen\nhoofdstukken: [jeugd]\n")
    (tmp_path / "wijchen").mkdir()
    (tmp_path / "wijchen" / "2026-02.yaml").write_text("kernboodschap: Stabiel beeld.\n")
    return tmp_path


@pytest.mark.parametrize("text", ["wijchen", "Wijchen", "GM0296", "gm0296", " WIJCHEN "])
def test_resolve_by_name_or_code_case_insensitive(pdir, text):
    g = resolve_gemeente(text, pdir)
    assert (g.code, g.naam, g.slug, g.hoofdstukken) == ("GM0296", "Wijchen", "wijchen", ("jeugd",))


def test_unknown_cbs_code_gets_default_settings(pdir):
    g = resolve_gemeente("GM0034", pdir)
    assert g.code == "GM0034" and g.drempel_kleine_aantallen == 5


def test_unknown_name_is_a_usage_error(pdir):
    with pytest.raises(UsageError, match="onbekend"):
        resolve_gemeente("atlantis", pdir)


def test_analyst_commentary(pdir):
    g = resolve_gemeente("wijchen", pdir)
    assert analyst_commentary(g, "2026-02", pdir) == {"kernboodschap": "Stabiel beeld."}
    assert analyst_commentary(g, "2025-02", pdir) == {}


def test_shipped_parameters_resolve():
    assert resolve_gemeente("wijchen").code == "GM0296"
    assert resolve_gemeente("Druten").code == "GM0225"
