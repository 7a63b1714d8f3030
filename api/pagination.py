from rest_framework.pagination import CursorPagination


class NewestFirst(CursorPagination):
    """Opaque cursors in ``next``/``previous``: a page stays right while records are added before it.

    Ordered by id, which never changes and is never empty (the listing's date orders may be).
    """

    ordering = "-id"
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200


class ByName(NewestFirst):
    ordering = "slug"
