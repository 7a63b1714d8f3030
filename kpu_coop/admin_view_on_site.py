"""The admin's "View on site" link (/admin/r/<content type>/<id>/) for the records this user's admin shows.

Django's own view redirects for any record that exists: staff of one office could tell which ids are another
office's unpublished agreements, where every other admin page answers 404 (docs/domain.md, access matrix).
"""

from django.contrib import admin
from django.contrib.contenttypes.models import ContentType
from django.contrib.contenttypes.views import shortcut
from django.core.exceptions import ValidationError
from django.http import Http404

from kpu_coop.record_ids import record_id


def view_on_site(request, content_type_id, object_id):
    """Django's redirect to the record's page, once the record is among those its model's admin lists for
    this user; 404, as for a record that does not exist, otherwise."""
    content_type = ContentType.objects.filter(pk=record_id(str(content_type_id))).first()
    model = content_type.model_class() if content_type else None
    if model is None or not admin.site.is_registered(model):
        raise Http404
    model_admin = admin.site.get_model_admin(model)
    try:
        listed = model_admin.get_queryset(request).filter(pk=object_id).exists()
    except (ValueError, ValidationError, OverflowError):  # an id no record can have
        listed = False
    if not listed or not model_admin.has_view_permission(request):
        raise Http404
    return shortcut(request, content_type_id, object_id)
