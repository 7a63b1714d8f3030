from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from kpu_coop.admin_view_on_site import view_on_site
from security.views import healthz

# The admin is part of the application, not "Django administration".
admin.site.site_header = _("KPU cooperation")
admin.site.site_title = "kpu-coop"
admin.site.index_title = _("Administration")

urlpatterns = [
    # Before the admin's own: its "View on site" redirect, for the records this user's admin shows.
    path("admin/r/<int:content_type_id>/<path:object_id>/", admin.site.admin_view(view_on_site)),
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("accounts/", include("portal.account_urls")),
    path("accounts/two-factor/", include("security.urls")),
    path("healthz", healthz, name="healthz"),
    path("portal/", include("portal.urls")),
    path("workspace/", include("workspace.urls")),
    # The public API: one address for every language (its texts follow the Accept-Language header).
    path("api/v1/", include("api.urls")),
]

# Public pages: Indonesian at /, English at /en/, so each language has its own shareable, cacheable address.
urlpatterns += i18n_patterns(path("", include("public.urls")), prefix_default_language=False)

# A lost database connection answers the friendly 503 page, wherever it was noticed (security/views.py).
handler500 = "security.views.server_error"
handler404 = "kpu_coop.views.page_not_found"
