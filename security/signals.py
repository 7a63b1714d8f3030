"""Feeds the security log from Django's, django-axes' and the models' signals.

Signals rather than calls in views, because permissions change through the admin, the shell and commands
alike, and every path must leave a line. Nothing here changes data except session bookkeeping at login.
"""

import logging
import time

from axes.signals import user_locked_out
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_save
from django.dispatch import receiver
from django_otp.plugins.otp_totp.models import TOTPDevice
from simple_history.models import HistoricalRecords

from agencies.models import Membership
from security.log import log_event
from security.middleware import LOGIN_AT, SEEN_AT
from security.two_factor import remember_requirement

User = get_user_model()
WATCHED_USER_FIELDS = ("is_staff", "is_superuser", "is_active")


def current_request():
    """The request being served, when the change comes from one (set by simple_history's middleware)."""
    return getattr(HistoricalRecords.context, "request", None)


@receiver(user_logged_in)
def on_login(sender, request, user, **kwargs):
    if request is None or not hasattr(request, "session"):
        return
    request.session[LOGIN_AT] = request.session[SEEN_AT] = int(time.time())
    remember_requirement(request, user)
    log_event("login", request=request, username=user.get_username())


@receiver(user_logged_out)
def on_logout(sender, request, user, **kwargs):
    if user is not None and request is not None:
        log_event("logout", request=request, username=user.get_username())


@receiver(user_login_failed)
def on_login_failed(sender, credentials, request=None, **kwargs):
    log_event(
        "login_failed",
        request=request,
        level=logging.WARNING,
        username=credentials.get("username", ""),
    )


@receiver(user_locked_out)
def on_locked_out(sender, request, username, ip_address, **kwargs):
    log_event("lockout", request=request, level=logging.WARNING, username=username or "", ip=ip_address)


@receiver(pre_save, sender=User)
def remember_user_flags(sender, instance, update_fields=None, raw=False, **kwargs):
    # raw: loaddata (a restore) writes rows as they were; that changes nobody's rights.
    if (
        raw
        or instance.pk is None
        or (update_fields is not None and not set(update_fields) & set(WATCHED_USER_FIELDS))
    ):
        return
    instance._security_old_flags = User.objects.filter(pk=instance.pk).values(*WATCHED_USER_FIELDS).first()


@receiver(post_save, sender=User)
def log_user_flags(sender, instance, created, raw=False, **kwargs):
    if raw:
        return
    old = getattr(instance, "_security_old_flags", None)
    new = {field: getattr(instance, field) for field in WATCHED_USER_FIELDS}
    if created:
        if instance.is_staff or instance.is_superuser:
            log_permission_change(instance, "user_created", flags=new)
        return
    if old is None:
        return
    changed = {field: [old[field], new[field]] for field in WATCHED_USER_FIELDS if old[field] != new[field]}
    del instance._security_old_flags
    if changed:
        log_permission_change(instance, "user_flags_changed", changes=changed)


@receiver(m2m_changed, sender=User.groups.through)
def log_user_groups(sender, instance, action, reverse, model, pk_set, **kwargs):
    log_link_change("user_groups_changed", instance, action, reverse, model, pk_set)


@receiver(m2m_changed, sender=User.user_permissions.through)
def log_user_permissions(sender, instance, action, reverse, model, pk_set, **kwargs):
    log_link_change("user_permissions_changed", instance, action, reverse, model, pk_set)


@receiver(m2m_changed, sender=Group.permissions.through)
def log_group_permissions(sender, instance, action, reverse, model, pk_set, **kwargs):
    log_link_change("group_permissions_changed", instance, action, reverse, model, pk_set)


@receiver(post_save, sender=Membership)
def log_membership_saved(sender, instance, created, raw=False, **kwargs):
    if raw:
        return
    log_permission_change(
        instance.user,
        "membership_added" if created else "membership_changed",
        organisation=instance.organisation.short_name,
        role=instance.role,
        active=instance.is_active,
    )


@receiver(post_delete, sender=Membership)
def log_membership_deleted(sender, instance, **kwargs):
    log_permission_change(
        instance.user, "membership_removed", organisation=instance.organisation.short_name, role=instance.role
    )


@receiver(post_delete, sender=TOTPDevice)
def log_device_deleted(sender, instance, **kwargs):
    if instance.confirmed:
        log_permission_change(instance.user, "mfa_device_removed", device=instance.name)


def log_link_change(event, instance, action, reverse, model, pk_set):
    """A user's groups or permissions, or a group's permissions, changed from either side of the link."""
    if action not in ("post_add", "post_remove", "post_clear"):
        return
    # Adding what is already there (a repeated load_demo, a re-saved admin form) changes nobody's rights.
    if action != "post_clear" and not pk_set:
        return
    objects = model.objects.filter(pk__in=pk_set or ())
    if model is Permission:
        names = sorted(
            f"{app}.{codename}"
            for app, codename in objects.values_list("content_type__app_label", "codename")
        )
    else:
        names = sorted(str(obj) for obj in objects)
    log_permission_change(instance, event, action=action.removeprefix("post_"), items=names)


def log_permission_change(subject, event, **fields):
    """``subject`` is the user or group whose rights changed; the actor comes from the current request."""
    if isinstance(subject, User):
        fields["username"] = subject.get_username()
    elif isinstance(subject, Group):
        fields["group"] = subject.name
    else:
        fields["subject"] = str(subject)
    log_event(event, request=current_request(), level=logging.WARNING, **fields)
