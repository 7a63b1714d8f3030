import pytest

from agreements.models import Agreement
from agreements.services import PublishError, agreement_publish, agreement_unpublish
from tests.factories import make_agreement, make_organisation, make_staff, make_user

pytestmark = pytest.mark.django_db


def test_it_records_when_an_agreement_was_first_published():
    agreement = make_agreement()
    agreement_publish(agreement=agreement)
    first_published = agreement.published_at
    agreement_unpublish(agreement=agreement)
    agreement_publish(agreement=agreement)
    assert agreement.is_published
    assert agreement.published_at == first_published


def test_it_refuses_to_publish_a_draft():
    draft = make_agreement(state=Agreement.Status.DRAFT)
    with pytest.raises(PublishError):
        agreement_publish(agreement=draft)


def test_it_keeps_a_history_entry_for_each_publication():
    agreement = make_agreement()
    agreement_publish(agreement=agreement)
    assert agreement.history.first().is_published is True


def test_it_shows_the_public_only_published_agreements(client):
    published = make_agreement(is_published=True)
    make_agreement()
    anonymous = client.get("/").wsgi_request.user
    assert list(Agreement.objects.visible_to(anonymous)) == [published]


def test_it_shows_a_liaison_the_unpublished_agreements_of_their_agency():
    agency = make_organisation()
    own = make_agreement(agency=agency)
    make_agreement()
    liaison = make_user(organisation=agency)
    assert list(Agreement.objects.visible_to(liaison)) == [own]


def test_it_shows_staff_every_agreement():
    make_agreement()
    make_agreement(is_published=True)
    assert Agreement.objects.visible_to(make_staff()).count() == 2
