"""Property tests (hypothesis) for netting: corrections and other municipalities never change a figure."""

from __future__ import annotations

import pandas as pd
from figure_builders import OTHER, WIJCHEN, dataset, line, periode
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sdmonitor.figures import zorggebruik
from sdmonitor.ingest.selection import select

P = periode("2026-02")
PEILDATUM = pd.Timestamp("2026-03-10").date()
# (wet, productcode, eenheid) of the shared tiny product book
PRODUCTS = [("jeugd", "45A01", "04"), ("jeugd", "43A01", "14"), ("jeugd", "54A01", "01"), ("wmo", "02A01", "04")]
MONTHS = ["2023-05", "2024-11", "2025-01", "2025-12", "2026-02"]

line_args = st.fixed_dictionaries({
    "client": st.sampled_from(["a", "b", "c", "d"]),
    "maand": st.sampled_from(MONTHS),
    "product": st.sampled_from(PRODUCTS),
    "volume": st.integers(min_value=1, max_value=40),
    "bedrag": st.integers(min_value=1, max_value=5000),
    "zorgvorm": st.sampled_from(["ZIN", "ZIN", "PGB"]),
    "geboortejaar": st.sampled_from([2008, 2012, 2019]),
})


def _line(args: dict, sign: int = 1, ingediend: str | None = None, gemeente: str | None = None) -> dict:
    wet, product, eenheid = args["product"]
    extra = {"gemeente": gemeente} if gemeente else {}
    return line(args["client"], args["maand"], sign * args["volume"], sign * args["bedrag"], product=product,
                wet=wet, eenheid=eenheid, zorgvorm=args["zorgvorm"], geboortejaar=args["geboortejaar"],
                ingediend=ingediend, **extra)


def _figures(lines: list[dict]) -> pd.DataFrame:
    table = zorggebruik.figure_rows(select(dataset(lines), WIJCHEN, P, PEILDATUM))
    return table.sort_values(["indicator", "periode", "dimensie"]).reset_index(drop=True)


def _assert_same(a: pd.DataFrame, b: pd.DataFrame) -> None:
    pd.testing.assert_frame_equal(a, b, check_exact=False, rtol=1e-12, atol=1e-9)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(line_args, min_size=1, max_size=8), st.data())
def test_debit_credit_redebit_changes_no_figure(args_list, data):
    lines = [_line(a) for a in args_list]
    i = data.draw(st.integers(min_value=0, max_value=len(args_list) - 1))
    # the same care, corrected: a full credit and a new debit, both declared later (before the peildatum)
    corrected = lines + [_line(args_list[i], -1, ingediend="2026-03-01"),
                         _line(args_list[i], 1, ingediend="2026-03-02")]
    _assert_same(_figures(lines), _figures(corrected))


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(line_args, min_size=1, max_size=6), st.lists(line_args, min_size=1, max_size=6))
def test_another_gemeentes_rows_change_nothing(own, others):
    lines = [_line(a) for a in own]
    mixed = lines + [_line(a, gemeente=OTHER) for a in others]
    _assert_same(_figures(lines), _figures(mixed))


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(line_args, min_size=1, max_size=6), st.lists(line_args, min_size=1, max_size=4))
def test_lines_declared_after_the_peildatum_change_nothing(own, late):
    lines = [_line(a) for a in own]
    later = lines + [_line(a, ingediend="2026-03-11") for a in late]
    _assert_same(_figures(lines), _figures(later))
