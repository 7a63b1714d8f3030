"""Swagger UI draws its icons from data: URIs: its page, and only its page, allows images from data:."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def img_src(response):
    policy = response["Content-Security-Policy"]
    return next(part.split()[1:] for part in policy.split(";") if part.split()[:1] == ["img-src"])


def test_it_allows_data_images_on_the_api_docs_page(client):
    response = client.get(reverse("api:docs"))

    assert response.status_code == 200
    assert img_src(response) == ["'self'", "data:"]
    # The rest of the policy is the site's.
    assert "default-src 'none'" in response["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in response["Content-Security-Policy"]


def test_it_keeps_images_to_the_site_elsewhere(client):
    for address in (reverse("public:open_data"), reverse("public:agreement_list"), reverse("public:home")):
        response = client.get(address)

        assert img_src(response) == ["'self'"], address
