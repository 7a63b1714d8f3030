"""A save that fails between its pre_save and post_save signals without an SQL error (a stale save of a row
deleted meanwhile) leaves no office window behind it for the next request: another office's write is then
seen as that office's, and its cached pages are refreshed."""

import pytest
from django.db import DatabaseError, connection, transaction

from agreements.models import Agreement, Document
from kpu_coop.invalidation import EVERY_OFFICE, generation, office_scope
from tests.factories import make_document, make_kpu_office, make_published_agreement

pytestmark = pytest.mark.django_db


def test_a_failed_save_s_window_ends_with_its_request(committed, client):
    with committed():
        first, second = make_kpu_office(), make_kpu_office()
        stale = Agreement.objects.get(pk=make_published_agreement(kpu=first).pk)
        document = make_document(make_published_agreement(kpu=second))
        Agreement.objects.filter(pk=stale.pk).delete()
    with pytest.raises(DatabaseError), transaction.atomic():
        stale.title = "Baru"
        stale.save()  # Agreement.save passes update_fields: "did not affect any rows", after pre_save
    client.get("/healthz")  # the next request
    before = generation(EVERY_OFFICE), generation(office_scope(second.pk))
    with committed():
        Document.objects.get(pk=document.pk).delete()
    assert (generation(EVERY_OFFICE), generation(office_scope(second.pk))) != before
    assert not connection.office_windows
