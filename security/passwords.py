"""Password rules besides Django's: an upper length, as a password field accepts any size of input."""

from django.core.exceptions import ValidationError
from django.utils.translation import ngettext

MAX_LENGTH = 128


class MaximumLengthValidator:
    def __init__(self, max_length=MAX_LENGTH):
        self.max_length = max_length

    def validate(self, password, user=None):
        if len(password) > self.max_length:
            raise ValidationError(
                self.message(), code="password_too_long", params={"max_length": self.max_length}
            )

    def message(self):
        return ngettext(
            "This password is too long. It must contain at most %(max_length)d character.",
            "This password is too long. It must contain at most %(max_length)d characters.",
            self.max_length,
        )

    def get_help_text(self):
        return ngettext(
            "Your password can’t contain more than %(max_length)d character.",
            "Your password can’t contain more than %(max_length)d characters.",
            self.max_length,
        ) % {"max_length": self.max_length}
