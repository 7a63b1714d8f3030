"""The API's rate limits are read at start-up: a value DRF could not read stops the app, naming it."""

from tests.foundation.test_environment import start_up_with


def test_it_refuses_a_rate_it_cannot_read():
    result = start_up_with(API_ANON_RATE="lots")

    assert result.returncode != 0
    assert "API_ANON_RATE" in result.stderr


def test_it_starts_with_a_readable_rate():
    assert start_up_with(API_USER_RATE="30/second").returncode == 0
