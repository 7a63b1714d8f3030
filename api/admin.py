from django.contrib import admin
from rest_framework.authtoken.models import TokenProxy

# A token is a password: a list of them would show every user's key to whoever may view tokens, past the
# office scope. The operator issues them with `manage.py drf_create_token` (docs/api.md).
admin.site.unregister(TokenProxy)
