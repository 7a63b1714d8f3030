"""Passwords have an upper length, and a longer one is refused with the reason."""

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError

from security.passwords import MAX_LENGTH
from tests.factories import make_user

pytestmark = pytest.mark.django_db


def test_a_password_of_the_maximum_length_is_accepted():
    password = ("Ks-9x7Qm" * 16)[:MAX_LENGTH]
    assert len(password) == MAX_LENGTH

    validate_password(password, make_user("pemilik"))


def test_a_longer_password_is_refused_with_the_reason():
    with pytest.raises(ValidationError) as refused:
        validate_password("Ks-9x7Qm" * 16 + "!", make_user("pemilik"))

    assert [error.code for error in refused.value.error_list] == ["password_too_long"]
