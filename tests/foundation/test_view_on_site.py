"""The admin's "View on site" opens an agreement's public page, the one address the public shares."""

import pytest
from django.urls import reverse

from tests.factories import make_agreement, make_staff

pytestmark = pytest.mark.django_db


def change_page(client, agreement):
    client.force_login(make_staff())
    return client.get(reverse("admin:agreements_agreement_change", args=[agreement.pk])).text


def test_it_gives_an_agreement_its_public_page_as_its_address(client):
    agreement = make_agreement(is_published=True)
    url = agreement.get_absolute_url()
    assert url == f"/agreements/{agreement.pk}/"
    assert client.get(url).status_code == 200


def test_it_links_a_published_agreement_to_its_public_page_from_the_admin(client):
    agreement = make_agreement(is_published=True)
    assert f'href="/agreements/{agreement.pk}/" class="viewsitelink"' in change_page(client, agreement)


def test_it_offers_no_public_page_for_an_unpublished_agreement(client):
    assert "viewsitelink" not in change_page(client, make_agreement())
