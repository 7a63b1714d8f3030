from django.http import HttpResponse


def bare(request):
    """The ceiling for this stack: a Django view with no database, template or middleware work of its own."""
    return HttpResponse(b"ok", content_type="text/plain")
