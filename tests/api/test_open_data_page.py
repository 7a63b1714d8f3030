"""/data/ documents the data package, the Excel variants, the changes feed and the API, with examples."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_it_links_every_file_feed_and_api_address(client):
    page = client.get(reverse("public:open_data")).content.decode()

    for name in ["datapackage", "agreements_excel", "commitments_excel", "changes_json", "feed_changes"]:
        assert f'href="{reverse(f"public:{name}")}"' in page or reverse(f"public:{name}") in page
    assert 'href="/api/v1/openapi.json"' in page
    assert 'href="/api/v1/docs/"' in page


def test_the_api_addresses_it_names_exist(client):
    # The public site may not reverse the API's names (the API sits above it): its literal addresses are
    # checked here instead.
    assert reverse("api:schema") == "/api/v1/openapi.json"
    assert reverse("api:docs") == "/api/v1/docs/"
    assert reverse("api:task_list") == "/api/v1/tasks/"


def test_it_states_the_licence_from_the_settings(client, settings):
    settings.OPEN_DATA_LICENSE_TITLE = "Lisensi Uji"

    assert "Lisensi Uji" in client.get(reverse("public:open_data")).content.decode()
