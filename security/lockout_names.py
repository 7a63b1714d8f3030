"""django-axes names its records in English and UTC ("Access Log for ani @ 2026-12-07 03:10:43.816701+00:00"),
and the admin's titles, breadcrumbs and checkboxes show those names: here they are named in the user's
language and Jakarta time instead."""

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _


def _named(record, message):
    moment = record.attempt_time
    when = date_format(timezone.localtime(moment), "DATETIME_FORMAT") if moment else "—"
    return message % {"username": record.username or "—", "time": when}


def access_log_name(log):
    return _named(log, _("Login by %(username)s, %(time)s"))


def access_attempt_name(attempt):
    return _named(attempt, _("Login attempts by %(username)s since %(time)s"))


def access_failure_name(failure):
    if failure.locked_out:
        return _named(failure, _("Failed login by %(username)s, %(time)s (locked out)"))
    return _named(failure, _("Failed login by %(username)s, %(time)s"))


def name_lockout_records():
    from axes.models import AccessAttempt, AccessFailureLog, AccessLog

    AccessLog.__str__ = access_log_name
    AccessAttempt.__str__ = access_attempt_name
    AccessFailureLog.__str__ = access_failure_name
