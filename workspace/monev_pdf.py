"""The monev report as a PDF, drawn by WeasyPrint from the same HTML and print stylesheet as the page.

WeasyPrint needs Pango from the system (`make pdf-libs`). It fetches nothing: stylesheets are read from the
static files here, and any other address in the page is refused, so a report never makes a network request.
"""

from django.contrib.staticfiles import finders
from django.template.loader import render_to_string

STYLESHEETS = ("css/site.css", "css/workspace.css")


def render_pdf(template_name, context, *, request):
    """Render ``template_name`` and return the PDF's bytes."""
    # Imported here: loading Pango costs time that pages other than this download should not pay.
    from weasyprint import CSS, HTML
    from weasyprint.urls import URLFetcher

    # No protocol is allowed: every address in the page or the stylesheets is refused unopened.
    fetcher = URLFetcher(allowed_protocols=())
    html = render_to_string(template_name, context, request=request)
    stylesheets = [CSS(filename=finders.find(name), url_fetcher=fetcher) for name in STYLESHEETS]
    return HTML(string=html, url_fetcher=fetcher).write_pdf(stylesheets=stylesheets)
