"""Static files: compressed, cached for ever, and light enough for a cheap phone."""

import gzip
import re

import pytest
from django.templatetags.static import static
from django.test import Client

from tests.factories import make_published_agreement

pytestmark = pytest.mark.django_db

BUDGET = 50_000


def fetch(url, encodings):
    """Whole body of a static file; WhiteNoise streams it from an open file that must be closed."""
    response = Client().get(url, HTTP_ACCEPT_ENCODING=encodings)
    body = b"".join(response.streaming_content)
    response.close()
    return response, body


def test_it_serves_the_stylesheet_brotli_compressed_and_immutable():
    response, _body = fetch(static("css/site.css"), "br, gzip")

    assert response["Content-Encoding"] == "br"
    assert "immutable" in response["Cache-Control"]
    assert "max-age=315360000" in response["Cache-Control"]


def test_it_serves_the_stylesheet_gzipped_to_older_browsers():
    response, _body = fetch(static("css/site.css"), "gzip")

    assert response["Content-Encoding"] == "gzip"


def test_it_compresses_pages():
    response = Client().get("/agreements/", HTTP_ACCEPT_ENCODING="gzip")

    assert response["Content-Encoding"] == "gzip"


def test_it_keeps_the_first_visit_of_a_full_listing_under_50_kb():
    for _ in range(20):
        make_published_agreement()
    client = Client(HTTP_ACCEPT_ENCODING="br, gzip")
    page = client.get("/agreements/")
    html = gzip.decompress(page.content)
    assets = re.findall(rb'(?:href|src)="(/static/[^"]+)"', html)
    assets_bytes = sum(len(fetch(url.decode(), "br, gzip")[1]) for url in assets)

    assert len(page.content) + assets_bytes <= BUDGET
    assert b"<script" not in html
    # Nothing from another host (no CDN); the hreflang alternates name this site's own host.
    assert not re.search(rb'(?:href|src)="(?:https?:)?//(?!testserver/)', html.split(b"<main")[0])
