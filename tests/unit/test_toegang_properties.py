"""Property tests (hypothesis) for the toegang figures."""

from __future__ import annotations

import pandas as pd
from figure_builders import OTHER, WIJCHEN, dataset, line, melding, meldingen, periode
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sdmonitor.figures import toegang
from sdmonitor.ingest.selection import select

P = periode("2026-02")
DAYS = pd.date_range("2022-11-01", "2026-04-30", freq="D")

melding_args = st.fixed_dictionaries({
    "aangemeld": st.integers(min_value=0, max_value=len(DAYS) - 1),
    "wacht": st.one_of(st.none(), st.integers(min_value=0, max_value=200)),
    "duur": st.one_of(st.none(), st.integers(min_value=0, max_value=200)),
    "zorgtype": st.sampled_from(["jeugd", "wmo-nieuw", "wmo-klassiek"]),
})


def _melding(i: int, args: dict, gemeente: str | None = None) -> dict:
    start = DAYS[args["aangemeld"]]
    keukentafel = start + pd.Timedelta(days=args["wacht"]) if args["wacht"] is not None else None
    afgesloten = (keukentafel or start) + pd.Timedelta(days=args["duur"]) if args["duur"] is not None else None
    fmt = lambda d: d.strftime("%Y-%m-%d") if d is not None else None  # noqa: E731
    extra = {"gemeente": gemeente} if gemeente else {}
    return melding(f"m{i}", fmt(start), fmt(keukentafel), fmt(afgesloten), zorgtype=args["zorgtype"], **extra)


def _figures(records: list[dict]) -> pd.DataFrame:
    ds = dataset([line("a", "2025-01", 1, 1)], meldingen=meldingen(records))
    sel = select(ds, WIJCHEN, P)
    table = pd.concat([toegang.meldingen(sel), toegang.wachtlijst(sel), toegang.wachttijd_mediaan(sel)])
    return table.sort_values(["indicator", "periode", "dimensie"]).reset_index(drop=True)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(melding_args, max_size=12), st.lists(melding_args, min_size=1, max_size=8))
def test_another_gemeentes_meldingen_change_nothing(own, others):
    records = [_melding(i, a) for i, a in enumerate(own)]
    mixed = records + [_melding(100 + i, a, gemeente=OTHER) for i, a in enumerate(others)]
    pd.testing.assert_frame_equal(_figures(records), _figures(mixed))


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(melding_args, min_size=1, max_size=15))
def test_wachtlijst_total_is_the_sum_of_its_zorgtypes(own):
    table = _figures([_melding(i, a) for i, a in enumerate(own)])
    wl = table.loc[table["indicator"] == "toegang.wachtlijst"]
    total = wl.loc[wl["dimensie"] == ""].set_index("periode")["waarde"]
    parts = wl.loc[wl["dimensie"] != ""].groupby("periode")["waarde"].sum()
    pd.testing.assert_series_equal(total.sort_index(), parts.sort_index(), check_names=False)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(melding_args, min_size=1, max_size=15))
def test_wachtlijst_never_exceeds_meldingen_aangemeld_before(own):
    records = [_melding(i, a) for i, a in enumerate(own)]
    table = _figures(records)
    wl = table.loc[(table["indicator"] == "toegang.wachtlijst") & (table["dimensie"] == "")]
    starts = pd.to_datetime([m["aangemeld_op"] for m in records])
    for per, waarde in zip(wl["periode"], wl["waarde"]):
        assert waarde <= (starts < pd.Timestamp(f"{per}-01")).sum()
