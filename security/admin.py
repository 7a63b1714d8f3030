"""What the security app leaves out of the admin, and the login lockout's admin (django-axes) it mends."""

from axes.admin import AccessAttemptAdmin, AccessFailureLogAdmin, AccessLogAdmin
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib import admin
from django_otp.plugins.otp_totp.models import TOTPDevice

from kpu_coop.admin_input import CraftedInputAdminMixin

# A two-factor device is added by its holder scanning a code (security.views) and removed through the
# account's "remove two-factor" action; one typed in here for somebody else would hold their second factor.
admin.site.unregister(TOTPDevice)


# django-axes' own admins, where a crafted selection made the delete action fail with a 500
# (kpu_coop.admin_input).
class LockoutAttemptAdmin(CraftedInputAdminMixin, AccessAttemptAdmin):
    pass


class LockoutLogAdmin(CraftedInputAdminMixin, AccessLogAdmin):
    pass


class LockoutFailureLogAdmin(CraftedInputAdminMixin, AccessFailureLogAdmin):
    pass


for model, model_admin in (
    (AccessAttempt, LockoutAttemptAdmin),
    (AccessLog, LockoutLogAdmin),
    (AccessFailureLog, LockoutFailureLogAdmin),
):
    admin.site.unregister(model)
    admin.site.register(model, model_admin)
