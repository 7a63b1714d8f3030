"""Staff invite a person by email to set their own password; nobody signs up alone."""

from django.conf import settings
from django.contrib import admin, messages
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext


def user_invite(*, user, base_url):
    """Email ``user`` a set-your-password link (a password-reset token, valid PASSWORD_RESET_TIMEOUT)."""
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
    }
    with translation.override(settings.LANGUAGE_CODE):
        subject = render_to_string("portal/email/invitation_subject.txt", context)
        body = render_to_string("portal/email/invitation.txt", context)
    EmailMessage(" ".join(subject.split()), body, to=[user.email]).send()


@admin.action(description=_("Invite by email to set a password"))
def invite_users(modeladmin, request, queryset):
    base_url = request.build_absolute_uri("/").rstrip("/")
    invited, skipped = 0, []
    for user in queryset:
        if not (user.is_active and user.email):
            skipped.append(user.get_username())
            continue
        user_invite(user=user, base_url=base_url)
        modeladmin.log_change(request, user, _("Invitation to set a password sent by email."))
        invited += 1
    modeladmin.message_user(
        request,
        ngettext("%d invitation sent.", "%d invitations sent.", invited) % invited,
        messages.SUCCESS,
    )
    if skipped:
        modeladmin.message_user(
            request,
            _("Not invited (inactive or without an email address): %(names)s.")
            % {"names": ", ".join(skipped)},
            messages.WARNING,
        )
