"""BSN -> client_id: keyed, stable, refuses without a key, never shows the key."""

import hashlib
import hmac

import pytest

from sdmonitor.errors import UsageError
from sdmonitor.imports.pseudonym import KEY_VARIABLE, Pseudonymiser, from_environment


def test_same_key_same_pseudonym_and_it_is_the_hmac():
    a, b = Pseudonymiser("sleutel"), Pseudonymiser("sleutel")
    assert a("999900006") == b("999900006")
    # HMAC-SHA256(key="sleutel", msg="999900006"), first 20 hex digits.
    expected = hmac.new(b"sleutel", b"999900006", hashlib.sha256).hexdigest()[:20]
    assert a("999900006") == expected
    assert len(expected) == 20 and "999900006" not in expected


def test_other_key_or_other_bsn_other_pseudonym():
    assert Pseudonymiser("a")("999900006") != Pseudonymiser("b")("999900006")
    assert Pseudonymiser("a")("999900006") != Pseudonymiser("a")("999900018")


def test_refuses_without_key(monkeypatch):
    monkeypatch.delenv(KEY_VARIABLE, raising=False)
    with pytest.raises(UsageError) as exc:
        from_environment()
    assert exc.value.exit_code == 2 and KEY_VARIABLE in str(exc.value)


def test_key_not_in_repr(monkeypatch):
    monkeypatch.setenv(KEY_VARIABLE, "supergeheim")
    assert "supergeheim" not in repr(from_environment())
