"""toegang: meldingen, wachtlijst, wachttijd, klachten, bezwaren, tevredenheid, SMW, Veilig Thuis."""


from figure_builders import GM, OTHER, WIJCHEN, absent, dataset, line, melding, meldingen, periode, typed, value

from sdmonitor.figures import toegang
from sdmonitor.ingest.selection import select

P = periode("2026-02")


def _sel(**tables):
    return select(dataset([line("a", "2025-03", 1, 10)], **tables), WIJCHEN, P)


def _meldingen(*records):
    return _sel(meldingen=meldingen(list(records)))


def test_meldingen_per_year_month_and_zorgtype():
    sel = _meldingen(melding("1", "2025-01-31"), melding("2", "2025-02-01", zorgtype="wmo-nieuw"),
                     melding("3", "2026-02-28"), melding("4", "2026-03-01"),           # 4: after the periode
                     melding("5", "2025-01-10", gemeente=OTHER))
    t = toegang.meldingen(sel)
    assert value(t, "toegang.meldingen", "2025") == 2
    assert value(t, "toegang.meldingen", "2025-01") == 1
    assert value(t, "toegang.meldingen", "2025-02", "wmo-nieuw") == 1
    assert value(t, "toegang.meldingen", "2025", "wmo-klassiek") == 0
    assert value(t, "toegang.meldingen", "2026") == 1   # 3 only: 4 is after the periode end
    assert value(t, "toegang.meldingen", "2023") == 0
    assert absent(t, "toegang.meldingen", "2026-03")


def test_wachtlijst_boundaries():
    sel = _meldingen(
        melding("a", "2025-01-15", "2025-03-10"),   # open on 1 Feb and 1 Mar
        melding("b", "2025-02-01", "2025-04-20"),   # aangemeld ON 1 Feb: not open on 1 Feb; open 1 Mar, 1 Apr
        melding("c", "2025-01-20", "2025-02-01"),   # keukentafel ON 1 Feb: not before that day, so open at 00:00 1 Feb
        melding("d", "2025-01-25", None, "2025-01-31"),  # closed without keukentafel before 1 Feb: never open
        melding("e", "2025-01-05", None, None, zorgtype="wmo-klassiek"),  # never handled: open ever since
    )
    t = toegang.wachtlijst(sel)
    assert value(t, "toegang.wachtlijst", "2025-01") == 0              # nobody aangemeld before 1 Jan
    assert value(t, "toegang.wachtlijst", "2025-02") == 3              # a, c, e
    assert value(t, "toegang.wachtlijst", "2025-03") == 3              # a, b, e
    assert value(t, "toegang.wachtlijst", "2025-04") == 2              # b, e
    assert value(t, "toegang.wachtlijst", "2026-02") == 1              # e
    assert value(t, "toegang.wachtlijst", "2025-02", "jeugd") == 2     # a, c
    assert value(t, "toegang.wachtlijst", "2025-02", "wmo-klassiek") == 1
    assert absent(t, "toegang.wachtlijst", "2025")                     # monthly only


def test_wachttijd_median_excludes_closed_without_keukentafel():
    sel = _meldingen(
        melding("a", "2025-01-01", "2025-01-11"),                      # 10 days
        melding("b", "2025-01-01", "2025-01-31", zorgtype="wmo-nieuw"),  # 30 days
        melding("c", "2025-01-01", None, "2025-01-03"),                # closed without keukentafel: not in it
        melding("d", "2024-12-01", "2025-01-21"),                      # 51 days, keukentafel in 2025
        melding("e", "2025-12-01", "2026-03-02"),                      # keukentafel after the periode end
    )
    t = toegang.wachttijd_mediaan(sel)
    # 2025: days 10, 30, 51 -> median 30
    assert value(t, "toegang.wachttijd_mediaan", "2025") == 30
    # jeugd 2025: 10, 51 -> (10 + 51) / 2 = 30.5
    assert value(t, "toegang.wachttijd_mediaan", "2025", "jeugd") == 30.5
    assert absent(t, "toegang.wachttijd_mediaan", "2026")
    assert absent(t, "toegang.wachttijd_mediaan", "2024")
    assert set(t.loc[t["indicator"] == "toegang.wachttijd_mediaan", "eenheid"]) == {"dagen"}
    # the number of meldingen each median is taken over (issue 9 §8): 2025 a, b, d = 3; jeugd a, d = 2
    assert value(t, "toegang.wachttijd_aantal", "2025") == 3
    assert value(t, "toegang.wachttijd_aantal", "2025", "jeugd") == 2


def test_afgesloten_doorlooptijd_and_uitkomst():
    sel = _meldingen(
        melding("a", "2025-01-01", "2025-01-11", "2025-02-10", uitkomst="maatwerk"),   # 40 days
        melding("b", "2025-01-01", None, "2025-01-03", uitkomst="informatie-advies"),  # 2 days
        melding("c", "2025-01-01", None, "2025-03-02", uitkomst="maatwerk"),           # 60 days
    )
    assert value(toegang.afgesloten(sel), "toegang.afgesloten", "2025") == 3
    assert value(toegang.afgesloten(sel), "toegang.afgesloten", "2025-02") == 1
    assert value(toegang.doorlooptijd_mediaan(sel), "toegang.doorlooptijd_mediaan", "2025") == 40
    t = toegang.uitkomst(sel)
    assert value(t, "toegang.uitkomst", "2025", "maatwerk") == 2
    assert value(t, "toegang.uitkomst", "2025", "informatie-advies") == 1
    assert absent(t, "toegang.uitkomst", "2025")


KB_COLUMNS = ["gemeente", "id", "soort", "ontvangen_op", "onderwerp", "afhandeling"]


def test_klachten_and_bezwaren():
    kb = typed([
        {"gemeente": GM, "id": "1", "soort": "klacht", "ontvangen_op": "2025-03-01", "onderwerp": "wmo",
         "afhandeling": "informeel"},
        {"gemeente": GM, "id": "2", "soort": "klacht", "ontvangen_op": "2025-12-31", "onderwerp": "jeugd",
         "afhandeling": "formeel"},
        {"gemeente": GM, "id": "3", "soort": "klacht", "ontvangen_op": "2026-03-01", "onderwerp": "jeugd",
         "afhandeling": "formeel"},
        {"gemeente": GM, "id": "4", "soort": "bezwaar", "ontvangen_op": "2025-05-01", "onderwerp": "wmo",
         "afhandeling": "formeel"},
        {"gemeente": OTHER, "id": "5", "soort": "bezwaar", "ontvangen_op": "2025-05-01", "onderwerp": "wmo",
         "afhandeling": "formeel"},
    ], KB_COLUMNS)
    sel = _sel(klachten_bezwaren=kb)
    k = toegang.klachten(sel)
    assert value(k, "klachten.aantal", "2025") == 2
    assert value(k, "klachten.aantal", "2025", "formeel") == 1
    assert value(k, "klachten.aantal", "2026") == 0          # 3 came after the periode end
    b = toegang.bezwaren(sel)
    assert value(b, "bezwaren.aantal", "2025") == 1
    assert value(b, "bezwaren.aantal", "2025", "wmo") == 1
    assert value(b, "bezwaren.aantal", "2025", "jeugd") == 0


def test_veilig_thuis_sums_per_soort():
    cols = ["gemeente", "jaar", "kwartaal", "soort", "aantal"]
    vt = typed([
        {"gemeente": GM, "jaar": 2025, "kwartaal": 1, "soort": "melding", "aantal": 10},
        {"gemeente": GM, "jaar": 2025, "kwartaal": 2, "soort": "melding", "aantal": 5},
        {"gemeente": GM, "jaar": 2026, "kwartaal": 1, "soort": "adviesvraag", "aantal": 3},
        {"gemeente": GM, "jaar": 2026, "kwartaal": 2, "soort": "adviesvraag", "aantal": 4},   # after the periode
        {"gemeente": OTHER, "jaar": 2025, "kwartaal": 1, "soort": "melding", "aantal": 99},
    ], cols)
    t = toegang.veilig_thuis(_sel(veilig_thuis=vt))
    assert value(t, "veilig_thuis.aantal", "2025", "melding") == 15   # 10 + 5
    assert value(t, "veilig_thuis.aantal", "2026", "adviesvraag") == 3
    assert value(t, "veilig_thuis.aantal", "2024", "onderzoek") == 0
    assert absent(t, "veilig_thuis.aantal", "2025")


def test_tevredenheid_and_smw():
    tev = typed([
        {"gemeente": GM, "jaar": 2025, "doelgroep": "wmo", "vraag": "rapportcijfer-toegang", "waarde": 7.5,
         "eenheid": "cijfer"},
        {"gemeente": GM, "jaar": 2025, "doelgroep": "ouders", "vraag": "tevreden-zorgverlener", "waarde": 81.0,
         "eenheid": "procent"},
        {"gemeente": GM, "jaar": 2019, "doelgroep": "wmo", "vraag": "rapportcijfer-toegang", "waarde": 6.0,
         "eenheid": "cijfer"},
    ], ["gemeente", "jaar", "doelgroep", "vraag", "waarde", "eenheid"])
    smw = typed([
        {"gemeente": GM, "schooljaar": "2025-2026", "onderwijs": "PO", "soort": "individueel", "aantal": 12},
        {"gemeente": GM, "schooljaar": "2025-2026", "onderwijs": "VO", "soort": "groep", "aantal": 30},
        {"gemeente": GM, "schooljaar": "2026-2027", "onderwijs": "PO", "soort": "individueel",
         "aantal": 5},  # not begun
    ], ["gemeente", "schooljaar", "onderwijs", "soort", "aantal"])
    sel = _sel(tevredenheid=tev, smw=smw)
    t = toegang.tevredenheid(sel)
    assert value(t, "tevredenheid.waarde", "2025", "wmo/rapportcijfer-toegang") == 7.5
    assert t.loc[t["dimensie"] == "ouders/tevreden-zorgverlener", "eenheid"].tolist() == ["procent"]
    assert absent(t, "tevredenheid.waarde", "2019", "wmo/rapportcijfer-toegang")
    s = toegang.smw(sel)
    # periode is the schooljaar's first year: 2025-2026 -> "2025"
    assert value(s, "smw.aantal", "2025", "PO/individueel") == 12
    assert value(s, "smw.aantal", "2025", "VO/groep") == 30
    assert absent(s, "smw.aantal", "2026", "PO/individueel")
    # schooljaren overlapping 2023-01 .. 2026-02 that began by then
    assert toegang.schooljaren(sel) == ["2022-2023", "2023-2024", "2024-2025", "2025-2026"]


def test_missing_optional_tables_give_no_rows():
    assert toegang.figure_rows(_sel()).empty


def test_doorlooptijd_maatwerk_only_meldingen_ending_in_maatwerk():
    # closed in 2025 with maatwerk: jeugd 10 and 30 days (median 20); wmo-nieuw 40, wmo-klassiek 60 (wmo median 50);
    # a melding closed with another outcome (5 days) is not in it.
    records = [melding("a", "2025-03-01", afgesloten="2025-03-11", uitkomst="maatwerk"),
               melding("b", "2025-03-01", afgesloten="2025-03-31", uitkomst="maatwerk"),
               melding("c", "2025-03-01", afgesloten="2025-04-10", uitkomst="maatwerk", zorgtype="wmo-nieuw"),
               melding("d", "2025-03-01", afgesloten="2025-04-30", uitkomst="maatwerk", zorgtype="wmo-klassiek"),
               melding("e", "2025-03-01", afgesloten="2025-03-06", uitkomst="geen")]
    sel = select(dataset([], meldingen=meldingen(records)), WIJCHEN, P)
    t = toegang.doorlooptijd_maatwerk(sel)
    assert value(t, "toegang.doorlooptijd_maatwerk_mediaan", "2025", "jeugd") == 20
    assert value(t, "toegang.doorlooptijd_maatwerk_mediaan", "2025", "wmo") == 50
    # all four: 10, 30, 40, 60 -> median 35
    assert value(t, "toegang.doorlooptijd_maatwerk_mediaan", "2025") == 35
    assert value(t, "toegang.maatwerk_afgesloten", "2025", "wmo") == 2
