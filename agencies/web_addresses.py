"""Web addresses people type (an organisation's website, a report's links): http and https only.

Django's URLField also accepts ftp, and a value that reached the database some other way (the shell, a bulk
update, a restored backup) may hold anything, javascript: included. So the models refuse other schemes, and
pages link a stored address only when is_web_address() says so (agencies/templatetags/safe_links.py).
"""

from urllib.parse import urlsplit

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import models
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _

WEB_SCHEMES = ("http", "https")


def is_web_address(value):
    """An absolute http(s) address with a host, read as a browser reads it (urlsplit drops tabs and
    newlines, and leading control characters, as browsers do: "java\\tscript:" is still javascript:)."""
    if not isinstance(value, str):
        return False
    try:
        parts = urlsplit(value.strip())
    except ValueError:
        return False
    return parts.scheme.lower() in WEB_SCHEMES and bool(parts.netloc)


@deconstructible
class WebAddressValidator(URLValidator):
    message = _("Enter a web address that starts with http:// or https://.")

    def __init__(self, **kwargs):
        super().__init__(schemes=WEB_SCHEMES, **kwargs)


def validate_web_address_lines(value):
    """One http(s) address per line; blank lines and the spaces around an address do not count. Every
    address that is not one is named, so that the person mends them all at once."""
    check = WebAddressValidator()
    errors = []
    for line in value.splitlines():
        address = line.strip()
        if not address:
            continue
        try:
            check(address)
        except ValidationError:
            errors.append(
                ValidationError(
                    _("“%(link)s” is not a web address (it should start with https:// or http://)."),
                    code="invalid",
                    params={"link": address},
                )
            )
    if errors:
        raise ValidationError(errors)


def with_scheme(address):
    """A typed address with https:// put in front when it names none ("bantulkab.go.id/berita"), as Django's
    URLField does; anything still not a web address is given back as typed, for the error to quote."""
    try:
        completed = forms.URLField(assume_scheme="https").to_python(address)
        WebAddressValidator()(completed)
    except ValidationError:
        return address
    return completed


class WebAddressField(models.URLField):
    """A URLField that takes http and https only, with one message instead of URLField's two."""

    default_validators = [WebAddressValidator()]

    def formfield(self, **kwargs):
        from django.contrib.admin.widgets import AdminURLFieldWidget

        # The admin shows the current value as a link whenever its validator passes it: ftp too by default.
        if kwargs.get("widget") is AdminURLFieldWidget:
            kwargs["widget"] = AdminURLFieldWidget(validator_class=WebAddressValidator)
        return super().formfield(**kwargs)
