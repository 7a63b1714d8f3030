"""Account services: invite someone to set their own password, force a reset, remove a lost 2FA device.

Nobody sets another person's password; these are the only ways an account's credentials change hands.
"""

import logging

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import PermissionDenied
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from agencies.models import User
from agencies.roles import administered_users
from security.log import log_event
from security.two_factor import devices_remove


def account_invite(*, user, base_url, template="invitation", **extra_context):
    """Email ``user`` a set-your-password link (a password-reset token, valid PASSWORD_RESET_TIMEOUT);
    ``template`` names the letter in agencies/email/ (an office administrator's says more)."""
    path = reverse(
        "password_reset_confirm",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": default_token_generator.make_token(user),
        },
    )
    context = {
        "user": user,
        "url": base_url + path,
        "login_url": base_url + reverse("login"),
        "valid_days": max(1, settings.PASSWORD_RESET_TIMEOUT // 86400),
        **extra_context,
    }
    with translation.override(settings.LANGUAGE_CODE):
        subject = render_to_string(f"agencies/email/{template}_subject.txt", context)
        body = render_to_string(f"agencies/email/{template}.txt", context)
    EmailMessage(" ".join(subject.split()), body, to=[user.email]).send()


def account_email_changed(*, user, old_email, request=None):
    """Log a changed address and tell the old one (whoever holds the address can reset the password), once
    the change is committed."""
    log_event("email_changed", request=request, level=logging.WARNING, username=user.get_username())
    if not old_email:
        return
    context = {"user": user, "new_email": user.email}
    with translation.override(settings.LANGUAGE_CODE):
        subject = render_to_string("agencies/email/email_changed_subject.txt", context)
        body = render_to_string("agencies/email/email_changed.txt", context)
    letter = EmailMessage(" ".join(subject.split()), body, to=[old_email])
    transaction.on_commit(letter.send)


def require_manages_staff(actor, user):
    """Only an administrator, and only for an account they manage (never their own)."""
    if not administered_users(actor, User.objects.filter(pk=user.pk)).exists():
        raise PermissionDenied


@transaction.atomic
def account_force_password_reset(*, actor, user, base_url, request=None):
    """Make the password unusable, which ends every session of the user, then email a new link."""
    require_manages_staff(actor, user)
    user = User.objects.select_for_update().get(pk=user.pk)
    if user.has_usable_password():
        # Once only: a new unusable password would void the link already sent (the token is made from it).
        user.set_unusable_password()
        user.save(update_fields=["password"])
    log_event("password_reset_forced", request=request, level=logging.WARNING, username=user.get_username())
    if user.email:
        transaction.on_commit(lambda: account_invite(user=user, base_url=base_url), robust=True)


def account_remove_two_factor(*, actor, user, request=None):
    """An administrator removes another person's 2FA devices (a lost phone); returns how many."""
    require_manages_staff(actor, user)
    count = devices_remove(user=user)
    log_event(
        "mfa_reset", request=request, level=logging.WARNING, username=user.get_username(), devices=count
    )
    return count
