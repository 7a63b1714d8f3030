"""What the security app leaves out of the admin."""

from django.contrib import admin
from django_otp.plugins.otp_totp.models import TOTPDevice

# A two-factor device is added by its holder scanning a code (security.views) and removed through the
# account's "remove two-factor" action; one typed in here for somebody else would hold their second factor.
admin.site.unregister(TOTPDevice)
