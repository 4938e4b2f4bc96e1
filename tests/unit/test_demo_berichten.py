"""Demo declaraties back into messages: made-up BSNs and which lines a 323 can carry."""

import pandas as pd

from sdmonitor.imports.demo_berichten import bsn_for, messages, representable
from sdmonitor.privacy import elfproef


def test_made_up_bsns_pass_the_11_proef_and_differ():
    numbers = [bsn_for(i) for i in range(2000)]
    assert all(len(n) == 9 and elfproef(n) for n in numbers)
    assert len(set(numbers)) == 2000


def _frame(**kw):
    row = dict(gemeente="GM0296", wet="jeugd", client_id="c1", geboortejaar="2010", productcode="45A03",
               productcategorie="45", aanbieder="12345678", verwijzer="02", zorgvorm="ZIN",
               periode_begin="2025-01-01", periode_eind="2025-01-31", volume="4", eenheid="04",
               bedrag="50.00", ingediend_op="2025-02-03")
    return pd.DataFrame([{**row, **kw}])


def test_representable_lines():
    assert representable(_frame()).tolist() == [True]
    assert representable(_frame(volume="1.25")).tolist() == [True]        # 75 minutes
    assert representable(_frame(volume="1.2345")).tolist() == [False]     # 74.07 minutes
    assert representable(_frame(volume="9154.92", eenheid="83")).tolist() == [False]
    assert representable(_frame(zorgvorm="PGB")).tolist() == [False]


def test_one_client_gives_315_301_323_in_that_order():
    names = [name for name, _ in messages(_frame())]
    assert names == ["0000001-jeugd-315.xml", "0000002-jeugd-301.xml", "0000003-jeugd-323.xml"]
    assert [name for name, _ in messages(_frame(verwijzer=""))] == ["0000001-jeugd-301.xml", "0000002-jeugd-323.xml"]
