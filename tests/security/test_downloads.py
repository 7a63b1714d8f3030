"""Uploaded files leave the site as attachments that no browser sniffs or runs in the site's origin."""

import pytest
from django.http import HttpResponse
from django.test import RequestFactory
from django.urls import reverse

from security.downloads import SANDBOX_POLICY, sandboxed
from security.middleware import SandboxedDownloadMiddleware

pytestmark = pytest.mark.django_db


def download(client, url):
    response = client.get(url)
    # Reading a streamed file to the end closes it (the test client wraps it so).
    b"".join(response.streaming_content)
    return response


def assert_safe_download(response):
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == SANDBOX_POLICY


def test_it_serves_evidence_as_a_sandboxed_attachment(client, world):
    client.force_login(world.a.liaison)
    assert_safe_download(download(client, reverse("portal:evidence", args=[world.a.evidence.pk])))


def test_it_serves_public_documents_as_sandboxed_attachments(client, world):
    assert_safe_download(download(client, reverse("public:document_download", args=[world.a.document.pk])))


def test_it_sandboxes_every_response_that_is_a_file():
    def view(request):
        response = HttpResponse(b"<script>alert(1)</script>", content_type="text/html")
        response["Content-Disposition"] = 'inline; filename="x.html"'
        return response

    response = SandboxedDownloadMiddleware(view)(RequestFactory().get("/"))
    assert response["Content-Security-Policy"] == SANDBOX_POLICY


def test_it_leaves_ordinary_pages_to_the_site_policy():
    response = SandboxedDownloadMiddleware(lambda request: HttpResponse("ok"))(RequestFactory().get("/"))
    assert "Content-Security-Policy" not in response


def test_it_offers_a_decorator_for_views_that_serve_files():
    response = sandboxed(lambda request: HttpResponse("x"))(RequestFactory().get("/"))
    assert response["Content-Security-Policy"] == SANDBOX_POLICY
    assert response["X-Content-Type-Options"] == "nosniff"
