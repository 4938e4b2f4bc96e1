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


# --- issue 9 §12: only the asked municipality's file is parsed; a broken one is named -----------

def test_a_broken_file_of_another_municipality_is_not_read(pdir):
    (pdir / "druten.yaml").write_text("cbs_code: GM0225\nnaam: Druten\nhoofdstukken: [jeugd\n")
    assert resolve_gemeente("wijchen", pdir).code == "GM0296"
    assert resolve_gemeente("GM0296", pdir).naam == "Wijchen"


def test_the_asked_broken_file_is_named_with_its_line(pdir):
    (pdir / "druten.yaml").write_text("cbs_code: GM0225\nnaam: Druten\nhoofdstukken: [jeugd\n")
    with pytest.raises(UsageError, match=r"druten\.yaml, regel 4, kolom 1: geen geldige YAML"):
        resolve_gemeente("druten", pdir)
    with pytest.raises(UsageError, match=r"druten\.yaml, regel 4"):
        resolve_gemeente("GM0225", pdir)   # found by its cbs_code line


def test_broken_commentary_is_named_with_its_line(pdir):
    (pdir / "wijchen" / "2026-03.yaml").write_text("duiding:\n  jeugd: 'open\n")
    with pytest.raises(UsageError, match=r"2026-03\.yaml, regel \d+"):
        analyst_commentary(resolve_gemeente("wijchen", pdir), "2026-03", pdir)


def test_codes_are_nfkc_normalised_and_look_alikes_refused(pdir):
    assert resolve_gemeente("GM０２９６", pdir).naam == "Wijchen"     # full-width digits
    with pytest.raises(UsageError, match="onbekend"):
        resolve_gemeente("G\u041c0296", pdir)                          # Cyrillic М
    with pytest.raises(UsageError, match="onbekend"):
        resolve_gemeente("GM02960", pdir)


@pytest.mark.parametrize("naam, folder", [
    ("Wijchen", "wijchen"), ("Súdwest-Fryslân", "súdwest-fryslân"), ("Bergen (L.)", "bergen (l.)"),
    ("../../x", "x"), ("..", ""), ("/etc/passwd", "etc-passwd"), ("a\\..\\b", "a-b"), (".verborgen", "verborgen"),
])
def test_safe_folder_name(naam, folder):
    from sdmonitor.parameters import safe_folder_name

    assert safe_folder_name(naam) == folder
