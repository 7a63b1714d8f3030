from django.utils.translation import gettext as _
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.pagination import CursorPagination

from kpu_coop.record_ids import record_id


def is_record_id(position):
    return record_id(position) is not None


def is_text(position):
    # PostgreSQL's text holds no NUL character: the query would fail, not find nothing.
    return "\x00" not in position


class NewestFirst(CursorPagination):
    """Opaque cursors in ``next``/``previous``: a page stays right while records are added before it.

    Ordered by id, which never changes and is never empty (the listing's date orders may be).
    """

    ordering = "-id"
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200
    # Whether a cursor's position is a value of the ordering's field (DRF checks the rest of a cursor only).
    fits_ordering = staticmethod(is_record_id)

    def get_page_size(self, request):
        asked = request.query_params.get(self.page_size_query_param)
        # DRF would fall back to the default page: a tool with a typo would read 50 records, thinking 200.
        if asked and not (asked.isascii() and asked.isdigit() and int(asked) > 0):
            message = _("Give a whole number from 1 to %(most)d.") % {"most": self.max_page_size}
            raise ValidationError({self.page_size_query_param: [message]})
        return super().get_page_size(request)

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            if parameter["name"] == self.page_size_query_param:
                parameter["schema"]["minimum"] = 1
        return parameters

    def decode_cursor(self, request):
        cursor = super().decode_cursor(request)
        if cursor is not None and cursor.position is not None and not self.fits_ordering(cursor.position):
            # A cursor changed by hand: refused as DRF refuses any other it cannot read, not a 500.
            raise NotFound(self.invalid_cursor_message)
        return cursor


class ByName(NewestFirst):
    ordering = "slug"
    fits_ordering = staticmethod(is_text)
