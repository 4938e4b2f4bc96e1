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
    monkeypatch.setenv(KEY_VARIABLE, "supergeheim-Sleutel-42")
    assert "supergeheim" not in repr(from_environment())


# -- issue 20: weak keys, the key's fingerprint, another key on the same folder ---------------

STRONG = "Zq8-vT3#mW6pL1xR"


@pytest.mark.parametrize("key", [" ", "a", "password", "x" * 40, "passwordpassword", " " * 20,
                                 "abcdefghi" * 3])  # 27 characters but only 9 different
def test_weak_keys_are_refused_without_showing_them(monkeypatch, key):
    monkeypatch.setenv(KEY_VARIABLE, key)
    with pytest.raises(UsageError) as exc:
        from_environment()
    assert exc.value.exit_code == 2 and "te zwak" in str(exc.value) and "16 tekens" in str(exc.value)
    assert len(key.strip()) < 2 or key not in str(exc.value)


@pytest.mark.parametrize("key", [STRONG, "abcdefghij123456", "een lange geheime sleutel"])
def test_keys_that_meet_the_rule_are_accepted(monkeypatch, key):
    # The rule: at least 16 characters, at least 10 different ones.
    monkeypatch.setenv(KEY_VARIABLE, key)
    assert from_environment()("999900006") == Pseudonymiser(key)("999900006")


def test_fingerprint_matches_only_its_key_and_never_holds_it():
    p = Pseudonymiser(STRONG)
    first, second = p.fingerprint(), p.fingerprint()
    assert first != second  # a fresh salt each time ...
    assert p.matches(first) and p.matches(second)  # ... and both recognise the key
    assert not Pseudonymiser(STRONG + "!").matches(first)
    assert STRONG not in first and STRONG.encode().hex() not in first
    method, rounds, salt, digest = first.split("$")
    assert (method, int(rounds), len(salt), len(digest)) == ("pbkdf2-sha256", 200_000, 32, 64)
    assert not p.matches("onzin") and not p.matches("")
