import pytest

from tests.factories import make_agreement, make_commitment, make_organisation, make_staff, make_user


@pytest.fixture(autouse=True)
def english(settings):
    """Pages and emails in English, so assertions read like the msgids; Indonesian is tested on its own."""
    settings.LANGUAGE_CODE = "en"


@pytest.fixture
def agency(db):
    return make_organisation(short_name="Dukcapil", name="Dinas Kependudukan dan Pencatatan Sipil")


@pytest.fixture
def other_agency(db):
    return make_organisation(short_name="Diskominfo", name="Dinas Komunikasi dan Informatika")


@pytest.fixture
def liaison(agency):
    return make_user("dukcapil", organisation=agency, email="dukcapil@example.org", first_name="Sri")


@pytest.fixture
def outsider(other_agency):
    """A liaison of another agency."""
    return make_user("diskominfo", organisation=other_agency, email="diskominfo@example.org")


@pytest.fixture
def staff(db):
    user = make_staff("kpu")
    user.email = "kpu@example.org"
    user.save(update_fields=["email"])
    return user


@pytest.fixture
def commitment(agency):
    return make_commitment(make_agreement(agency=agency), title="Menyediakan data kependudukan")


@pytest.fixture
def other_commitment(other_agency):
    return make_commitment(make_agreement(agency=other_agency), title="Publikasi tahapan")
