"""Atom feeds of newly published agreements and of verified progress."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from agreements.models import Commitment
from tests.factories import make_commitment, make_published_agreement

pytestmark = pytest.mark.django_db


def test_it_lists_newly_published_agreements_newest_first(client):
    make_published_agreement(title="Lama", published_at=timezone.now() - timedelta(days=3))
    make_published_agreement(title="Baru")

    response = client.get(reverse("public:feed_agreements"))

    assert response["Content-Type"].startswith("application/atom+xml")
    assert response.text.index("Baru") < response.text.index("Lama")


def test_it_lists_commitments_verified_done(client):
    agreement = make_published_agreement()
    done = make_commitment(
        agreement, title="Arsip diserahkan", status=Commitment.Status.DONE, status_changed_at=timezone.now()
    )
    make_commitment(agreement, title="Masih berjalan", status=Commitment.Status.IN_PROGRESS)

    text = client.get(reverse("public:feed_progress")).text

    assert "Arsip diserahkan" in text
    assert f"#commitment-{done.pk}" in text
    assert "Masih berjalan" not in text


def test_it_writes_the_feed_in_the_chosen_language(client):
    text = client.get("/en" + reverse("public:feed_progress")).text

    assert 'xml:lang="en"' in text
    assert "Verified progress on cooperation agreements" in text
