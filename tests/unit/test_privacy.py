"""Privacy scanner: 11-proef, client ids, provider-client combinations, what is (not) scanned."""

from __future__ import annotations

from pathlib import Path

import nbformat
import pandas as pd
import pytest

from sdmonitor.ingest.dataset import Dataset
from sdmonitor.privacy import (
    PrivacyError,
    assert_clean,
    elfproef,
    looks_like_bsn,
    mask,
    reader_text,
    scan_report,
    scan_text,
)


@pytest.mark.parametrize("number, valid", [
    # 9*1+8*1+7*1+6*2+5*2+4*2+3*3+2*3 = 69; 69 - 1*3 = 66 = 6*11 -> valid
    ("111222333", True),
    # 69 - 1*4 = 65, not a multiple of 11 -> invalid
    ("111222334", False),
    # 9*1+8*2+7*3+6*4+5*5+4*6+3*7+2*8 = 156; 156 - 2 = 154 = 14*11 -> valid
    ("123456782", True),
    # 156 - 9 = 147 = 13*11 + 4 -> invalid
    ("123456789", False),
    ("12345678", False),  # 8 digits: not a BSN shape
])
def test_elfproef_hand_worked(number, valid):
    assert elfproef(number) is valid


def test_bsn_in_text_is_a_hit():
    hits = scan_text("Het BSN 111222333.", set())
    assert [(h.kind, h.value) for h in hits] == [("bsn", "111******")]


@pytest.mark.parametrize("text", [
    "1111222333",            # part of a 10-digit number
    "0.111222333",           # decimals of a number
    "111222333,5",           # a number with a decimal comma
    "x111222333",            # inside a token
    "111222334",             # fails the 11-proef
])
def test_numbers_that_are_not_a_bsn(text):
    assert scan_text(text, set()) == []


def test_client_id_as_whole_token_only():
    ids = {"p3fa9c1"}
    assert [h.kind for h in scan_text("cliënt p3fa9c1 kreeg zorg", ids)] == ["client_id"]
    assert scan_text("xp3fa9c1 en p3fa9c12", ids) == []


def test_short_client_id_counts_only_next_to_a_provider():
    # "42" is too short to scan on its own (would match any number 42) ...
    assert scan_text("Er waren 42 meldingen", {"42"}, {"12345678"}) == []
    # ... but next to an AGB code it is a provider-client combination.
    hits = scan_text("aanbieder 12345678 client 42", {"42"}, {"12345678"})
    assert [h.kind for h in hits] == ["aanbieder+client"]
    far = "aanbieder 12345678" + " " * 100 + "client 42"
    assert scan_text(far, {"42"}, {"12345678"}) == []


def test_hit_message_does_not_leak_the_value():
    assert mask("p3fa9c1") == "p3f****"
    hit = scan_text("regel 1\nid p3fa9c1", {"p3fa9c1"}, file="monitor.html")[0]
    assert str(hit) == "monitor.html:2: client_id p3f****"


def _dataset() -> Dataset:
    return Dataset(tables={"declaraties": pd.DataFrame({
        "client_id": ["p3fa9c1", "p77bb02"], "aanbieder": ["12345678", "87654321"]})})


def test_scan_report_scans_published_files_only(tmp_path):
    # 111222333 inside an embedded image must not count; the client id in kpi-overzicht.csv must.
    (tmp_path / "monitor.html").write_text(
        '<img alt="grafiek" src="data:image/png;base64,AAA111222333BBB 111222333">', encoding="utf-8")
    (tmp_path / "kpi-overzicht.csv").write_text("nummer,waarde\n1,p77bb02\n", encoding="utf-8")
    # the manifest is published too: scanned; intern/ is never published: not scanned
    (tmp_path / "manifest.json").write_text('{"p3fa9c1": 1}', encoding="utf-8")
    (tmp_path / "intern").mkdir()
    (tmp_path / "intern" / "kpis.csv").write_text("indicator,waarde\nx,p3fa9c1\n", encoding="utf-8")
    hits = scan_report(tmp_path, _dataset())
    assert [(h.file, h.kind) for h in hits] == [("kpi-overzicht.csv", "client_id"), ("manifest.json", "client_id")]
    assert [h.file for h in scan_report(tmp_path, _dataset(), names=["manifest.json"])] == ["manifest.json"]


def test_bsn_is_found_as_a_reader_sees_it():
    # 123456782: 9*1+8*2+7*3+6*4+5*5+4*6+3*7+2*8 = 156, 156 - 2 = 154 = 14*11 -> passes.
    # 111222333: 9+8+7+12+10+8+9+6 = 69, 69 - 3 = 66 = 6*11 -> passes.
    for written in ("1234.56.782", "111 222 333", "123-456-782", "123&#46;456&#46;782",
                    "１２３４５６７８２", "111\u00a0222\u00a0333", "1234\u00ad56782"):
        hits = scan_text(reader_text(f"<p>Casus {written} besproken</p>"), set())
        assert [h.kind for h in hits] == ["bsn"], written
    # an amount, a decimal, a mixed grouping and a longer number are not a BSN
    for written in ("€ 123.456.782", "0.123456782", "123.456782", "1234567820", "123 456.782"):
        assert scan_text(reader_text(written), set()) == [], written


def test_client_id_with_ampersand_is_found_when_html_escaped():
    hits = scan_text(reader_text("<td>A&amp;B-00017</td>"), {reader_text("A&B-00017")})
    assert [h.kind for h in hits] == ["client_id"]


def test_looks_like_bsn():
    assert looks_like_bsn("123456782") and looks_like_bsn("1234.56.782") and looks_like_bsn("111 222 333")
    assert not looks_like_bsn("123456789")  # 9+16+21+24+25+24+21+16 = 156, 156 - 9 = 147: not /11
    assert not looks_like_bsn("C001") and not looks_like_bsn("1234567820")


def test_scan_report_reads_notebook_outputs_but_not_images(tmp_path):
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("x", outputs=[
        nbformat.v4.new_output("display_data", data={"image/png": "111222333"}),
        nbformat.v4.new_output("stream", name="stdout", text="client p3fa9c1\n"),
    ])])
    # a notebook at the top of the folder would be published: read like any file (the executed
    # chapters themselves live in intern/, which is not published and not scanned)
    nbformat.write(nb, str(tmp_path / "02_jeugd.ipynb"))
    hits = scan_report(tmp_path, _dataset())
    assert [(h.file, h.kind) for h in hits] == [("02_jeugd.ipynb", "client_id")]


def test_assert_clean_raises_with_exit_code_4(tmp_path):
    (tmp_path / "monitor.html").write_text("<p>p3fa9c1</p>", encoding="utf-8")
    with pytest.raises(PrivacyError) as info:
        assert_clean(tmp_path, _dataset())
    assert info.value.exit_code == 4
    assert "p3fa9c1" not in str(info.value)
    (tmp_path / "monitor.html").write_text("<p>1.301 cliënten</p>", encoding="utf-8")
    assert_clean(tmp_path, _dataset())  # no exception


def test_computed_amounts_in_figure_files_are_not_bsns(tmp_path):
    # 123456782 passes the 11-proef, but as the waarde of a budget it is an amount; as a dimensie
    # (text from the input) it is a leak
    (tmp_path / "kpis.csv").write_text("indicator,periode,dimensie,waarde,eenheid\n"
                                       "jeugd.begroting,2025,,123456782,euro\n", encoding="utf-8")
    assert scan_report(tmp_path, _dataset()) == []
    (tmp_path / "kpis.csv").write_text("indicator,periode,dimensie,waarde,eenheid\n"
                                       "jeugd.clienten,2025,123456782,3,aantal\n", encoding="utf-8")
    assert [h.kind for h in scan_report(tmp_path, _dataset())] == ["bsn"]


def test_pdf_text_keeps_table_cells_apart_but_finds_a_grouped_bsn(tmp_path):
    # A table row 104 | 118 | 131 printed to PDF must not read as the grouped BSN "104 118 131"
    # (which passes the 11-proef); a BSN typed in a sentence must still be found.
    import shutil
    import subprocess

    import pytest

    from sdmonitor import privacy
    from sdmonitor.publish import pdf

    chromium = pdf.find_chromium()
    if chromium is None or not shutil.which(chromium) and not Path(chromium).exists():
        pytest.skip("Chromium is not installed")
    page = tmp_path / "a.html"
    page.write_text("<p>Bel de cliënt (BSN 111 222 333) terug.</p>"
                    "<table><tr><td>104</td><td>118</td><td>131</td></tr></table>", encoding="utf-8")
    subprocess.run([chromium, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                    "--disable-background-networking", f"--user-data-dir={tmp_path / 'profiel'}",
                    f"--print-to-pdf={tmp_path / 'a.pdf'}", page.as_uri()], capture_output=True, timeout=120)
    hits = privacy.scan_text(privacy.published_text(tmp_path / "a.pdf"), set(), file="a.pdf")
    assert [(h.kind, h.value) for h in hits] == [("bsn", "111******")]


def test_token_index_finds_what_one_regex_of_every_id_finds():
    from sdmonitor import privacy

    # The index replaces `(?<!\w)(id1|id2|...)(?!\w)` (longest first); same matches, by hand:
    ids = {"p3fa9c1", "p3fa9c1-2", "A&B-00017", "GM-12", "--", "x"}
    text = "p3fa9c1-2 en p3fa9c1, xp3fa9c1 A&B-00017x A&B-00017. -- GM-12 GM-123 x"
    index = privacy.TokenIndex(ids)
    expected = [(m.start(), m.group(1)) for m in privacy._token_pattern(ids).finditer(text)]
    # p3fa9c1-2 at 0 (longest wins), p3fa9c1 at 13, not inside xp3fa9c1 nor A&B-00017x;
    # A&B-00017 at 42, -- at 53, GM-12 at 56 (not GM-123), x at 69.
    assert index.find(text) == expected == [(0, "p3fa9c1-2"), (13, "p3fa9c1"), (42, "A&B-00017"),
                                            (53, "--"), (56, "GM-12"), (69, "x")]


def test_token_index_without_any_identifiers_first_word_in_the_text_finds_only_loose_ones():
    from sdmonitor import privacy

    index = privacy.TokenIndex({"p3fa9c1-2", "--"})
    # "p3fa9c"/"p3fa9c12" are other words than the identifier's first run "p3fa9c1": no candidate.
    assert index.find("p3fa9c-2 en p3fa9c12-2 -- einde") == [(23, "--")]
    assert index.find("p3fa9c1-3 p3fa9c1-2") == [(10, "p3fa9c1-2")]  # a candidate: searched word by word


def test_provider_codes_are_not_looked_up_without_an_identifier_beside_them(monkeypatch):
    from sdmonitor import privacy

    index = privacy.Identifiers.build({"c1"}, {"73001657"})
    looked_up = []
    original = privacy.TokenIndex.find

    def spy(self, text, words=None):
        looked_up.append(self is index.aanbieders)
        return original(self, text, words)

    monkeypatch.setattr(privacy.TokenIndex, "find", spy)
    assert privacy.scan_text("aanbieder 73001657 leverde zorg", index) == []
    assert True not in looked_up  # no identifier in the text: the provider index is not consulted
    hits = privacy.scan_text("73001657 c1", index)
    assert [h.kind for h in hits] == ["aanbieder+client"] and True in looked_up
