"""PDF/UA finishing of the printed PDF, on tiny hand-built PDFs."""

import pikepdf

from sdmonitor.publish import pdf
from sdmonitor.publish import pdf_toegankelijk as t


def _pdf(content: bytes) -> pikepdf.Pdf:
    doc = pikepdf.new()
    doc.add_blank_page(page_size=(200, 200))
    doc.pages[0].obj.Contents = doc.make_stream(content)
    return doc


def _ops(doc: pikepdf.Pdf) -> list[str]:
    return [str(i.operator) + (" " + str(i.operands[0]) if str(i.operator) in ("BDC", "BMC") else "")
            for i in pikepdf.parse_content_stream(doc.pages[0])]


def test_untagged_text_and_paths_become_artifacts_tagged_content_and_clips_stay():
    doc = _pdf(b"q 1 0 0 1 0 0 cm BT /F1 8 Tf (pagina 2 van 9) Tj ET Q "  # the footer: untagged
               b"0 0 10 10 re W n "                                       # a clip paints nothing
               b"/P <</MCID 0>> BDC BT /F1 12 Tf (Tekst) Tj ET EMC "      # real content, tagged
               b"0 0 50 50 re f")                                        # a box background
    assert t.mark_artifacts(doc) == [2]
    assert _ops(doc) == ["q", "cm", "BDC /Artifact", "BT", "Tf", "Tj", "ET", "EMC", "Q",
                         "re", "W", "n",
                         "BDC /P", "BT", "Tf", "Tj", "ET", "EMC",
                         "BMC /Artifact", "re", "f", "EMC"]
    footer = pikepdf.parse_content_stream(doc.pages[0])[2]
    assert footer.operands[1] == pikepdf.Dictionary(Type=pikepdf.Name.Pagination)


def test_text_object_with_tagged_content_inside_is_not_made_an_artifact():
    doc = _pdf(b"BT /P <</MCID 0>> BDC (Tekst) Tj EMC ET")
    assert t.mark_artifacts(doc) == [0]
    assert _ops(doc) == ["BT", "BDC /P", "Tj", "EMC", "ET"]


def test_link_texts_without_toc_page_numbers():
    page = ('<a class="sd-skiplink" href="#inhoud">Direct naar de inhoud</a>'
            '<a href="#h-1"><span class="sd-toc-tekst">1. Inleiding &amp; opbouw</span>'
            '<span class="sd-toc-pagina" data-doel="h-1">3</span></a><a href="https://x.nl">extern</a>')
    assert t.link_texts(page) == {"inhoud": "Direct naar de inhoud", "h-1": "1. Inleiding & opbouw"}


def test_link_annotations_get_contents_from_their_target():
    doc = _pdf(b"")
    annots = [pikepdf.Dictionary(Type=pikepdf.Name.Annot, Subtype=pikepdf.Name.Link, Dest=pikepdf.Name("/h-1"),
                                 Rect=[0, 0, 10, 10]),
              pikepdf.Dictionary(Type=pikepdf.Name.Annot, Subtype=pikepdf.Name.Link, Dest=pikepdf.Name("/weg"),
                                 Rect=[0, 0, 10, 10])]
    doc.pages[0].obj.Annots = pikepdf.Array([doc.make_indirect(a) for a in annots])
    assert t.describe_links(doc, {"h-1": "1. Inleiding"}) == 1  # the link to an unknown target stays bare
    assert str(doc.pages[0].obj.Annots[0].Contents) == "Ga naar 1. Inleiding"
    assert "/Contents" not in doc.pages[0].obj.Annots[1]


def test_metadata_declares_title_language_and_pdfua(tmp_path):
    doc = _pdf(b"")
    t.set_metadata(doc, "Monitor Sociaal Domein — Gemeente Druten")
    doc.save(tmp_path / "m.pdf")
    with pikepdf.open(tmp_path / "m.pdf") as again:
        meta = again.open_metadata()
        assert meta["dc:title"] == "Monitor Sociaal Domein — Gemeente Druten"
        assert meta["pdfuaid:part"] == "1"
        assert "nl-NL" in meta["dc:language"]


def test_print_variant_prints_figures_as_groups():
    page = '<figure class="sd-figure" id="f"><img alt="Staafdiagram"></figure><figure role="none"></figure>'
    out = pdf.print_variant(page)
    assert out.startswith('<figure role="group" class="sd-figure" id="f"><img alt="Staafdiagram">')
    assert '<figure role="none">' in out and out.count('role="group"') == 1
