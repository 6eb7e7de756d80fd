"""Passwords: never in the address or the library folder; the OS keyring where there is one."""

from __future__ import annotations

from collections.abc import Iterator

import keyring
import pytest
from keyring.backends import null

from resources_db.team import credentials
from resources_db.team.errors import TeamUsageError
from resources_db.team.urls import parse_url
from tests.team.helpers import MemoryKeyring

URL = "postgresql://carol@db.example.org:5433/imh_team?sslmode=verify-full"


@pytest.fixture
def memory_keyring() -> Iterator[MemoryKeyring]:
    previous = keyring.get_keyring()
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(previous)


def test_a_password_in_the_address_is_refused() -> None:
    with pytest.raises(TeamUsageError, match="Leave the password out"):
        parse_url("postgresql://carol:secret@db.example.org/imh_team")
    with pytest.raises(TeamUsageError, match="Leave the password out"):
        parse_url("postgresql://carol@db.example.org/imh_team?password=secret")


def test_the_address_kept_is_the_one_given_with_the_driver_written_out() -> None:
    url = parse_url(URL)
    assert url.text == URL
    assert (
        url.sqlalchemy
        == "postgresql+psycopg://carol@db.example.org:5433/imh_team?sslmode=verify-full"
    )
    assert url.address == "carol@db.example.org:5433/imh_team"


def test_the_keyring_keeps_and_gives_back_a_password(memory_keyring: MemoryKeyring) -> None:
    url = parse_url(URL)
    assert credentials.store_password(url, "s3cret")
    assert credentials.keyring_password(url) == "s3cret"
    assert memory_keyring.saved == {("imh-library team", url.address): "s3cret"}
    credentials.forget_password(url)
    assert credentials.keyring_password(url) is None


def test_no_keyring_is_no_failure() -> None:
    previous = keyring.get_keyring()
    keyring.set_keyring(null.Keyring())
    try:
        url = parse_url(URL)
        assert not credentials.keyring_available()
        assert not credentials.store_password(url, "s3cret")
        assert credentials.keyring_password(url) is None
    finally:
        keyring.set_keyring(previous)
