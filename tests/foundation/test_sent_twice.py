"""Forms sent twice (double click, reload, back and resubmit) and two people acting on one record at once:
one restore, one office per region, one application of an addendum, a working link in each reset email.

The thread tests run on PostgreSQL only (``DATABASE_URL=postgres://...``): SQLite serialises writers and
hides the races.
"""

import re
import threading
from datetime import date

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.core import mail
from django.db import connection
from django.urls import reverse

from agencies import onboarding
from agencies.models import Membership, Organisation, Region, User
from agreements.models import Agreement, Commitment, DueDateChange, Election
from tests.concurrency import held_while, held_while_or_before, recorded
from tests.conftest import logged_in
from tests.factories import (
    make_agreement,
    make_commitment,
    make_document,
    make_kpu_office,
    make_kpu_staff,
    make_organisation,
    make_staff,
    make_user,
    national_kpu_office,
    second_party,
)
from workspace import recovery

postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="SQLite serialises writers and hides the race"
)


@pytest.fixture(autouse=True)
def english(settings):
    """Messages in English, so that assertions read like the msgids."""
    settings.LANGUAGE_CODE = "en"


# --- Restoring a deleted record (workspace/recovery.py) --------------------------------------------------


def restore_paused_after_its_insert(monkeypatch):
    """Make the restore in the thread named "first" stop once it has inserted the record (before its links,
    its children and its commit); returns (holding, go_on)."""
    holding, go_on = threading.Event(), threading.Event()
    restore_links = recovery._restore_links

    def restore_links_then_hold(model, row, instance):
        restore_links(model, row, instance)
        if threading.current_thread().name == "first" and not holding.is_set():
            holding.set()
            go_on.wait(timeout=20)

    monkeypatch.setattr(recovery, "_restore_links", restore_links_then_hold)
    return holding, go_on


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_a_restore_sent_twice_at_once_restores_once_and_tells_the_second_it_is_back(monkeypatch):
    """The deleted-records page's "Restore" clicked twice (or by two colleagues): both requests find the
    record still deleted, both insert it under its old id, and the second insert fails on the primary key: an
    IntegrityError, a 500 page, where the second should read "already been restored"."""
    agreement = make_agreement(title="PKS Dukcapil")
    make_commitment(agreement, title="Menyediakan data")
    make_document(agreement, title="Naskah PKS")
    pk = agreement.pk
    agreement.delete()
    row = Agreement.history.get(id=pk, history_type="-")
    staff = make_staff("ani")
    holding, go_on = restore_paused_after_its_insert(monkeypatch)
    answers = {}

    def restore():
        restored = recovery.record_restore(model=Agreement, history_id=row.history_id, user=staff)
        return [instance.pk for instance in restored]

    held_while(recorded(answers, restore), recorded(answers, restore), holding=holding, go_on=go_on)

    assert Agreement.objects.filter(pk=pk).count() == 1
    assert answers["first"][0] == pk, answers
    assert str(answers["second"]).startswith("RestoreError"), answers


# --- Onboarding a KPU office (agencies/onboarding.py, admin "Create an office", manage.py office_create) --


def yogyakarta():
    """Region 34, a province; KPU RI above it (a transactional test starts with neither)."""
    national_kpu_office()
    region, _created = Region.objects.get_or_create(
        code="34", defaults={"name": "Daerah Istimewa Yogyakarta", "level": Region.Level.PROVINCE}
    )
    return region


def office_create_paused_before_its_commit(monkeypatch):
    """Make the office_create in the thread named "first" stop once the office and its administrator are
    saved (its reference data step), before it commits; returns (holding, go_on)."""
    holding, go_on = threading.Event(), threading.Event()

    def hold(*, office):
        if threading.current_thread().name == "first":
            holding.set()
            go_on.wait(timeout=20)

    monkeypatch.setattr(onboarding, "reference_data_steps", [*onboarding.reference_data_steps, hold])
    return holding, go_on


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_an_office_created_twice_at_once_is_created_once_and_the_second_is_told_the_region_has_one(
    monkeypatch,
):
    """The superuser's "Create an office" form sent twice (or `office_create` run twice): office_errors()
    reads "no office serves this region" in both, unlocked; the second then fails on the slug's unique index
    (IntegrityError: a 500 page, a traceback from manage.py) instead of "already has a KPU office"."""
    region = yogyakarta()
    holding, go_on = office_create_paused_before_its_commit(monkeypatch)
    answers = {}

    def create():
        office = onboarding.office_create(
            region=region, admin_email="ketua@diy.example.org", base_url="http://testserver"
        )
        return office.pk

    held_while(recorded(answers, create), recorded(answers, create), holding=holding, go_on=go_on)

    offices = list(Organisation.objects.offices().filter(region=region).values_list("pk", flat=True))
    assert offices == [answers["first"]], answers
    assert str(answers["second"]).startswith("ValidationError"), answers
    assert "already has a KPU office" in str(answers["second"]), answers


def offices_created_at_once(monkeypatch, **per_thread):
    """Two office_create calls at once, "first" held before its commit while "second" runs: ``per_thread``
    gives each argument per thread name (``region``, ``admin_email``, ``slug``). Returns (answers, waited)."""
    holding, go_on = office_create_paused_before_its_commit(monkeypatch)
    answers = {}

    def create():
        name = threading.current_thread().name
        arguments = {key: values[name] for key, values in per_thread.items()}
        return onboarding.office_create(base_url="http://testserver", **arguments).pk

    waited = held_while_or_before(
        recorded(answers, create), recorded(answers, create), holding=holding, go_on=go_on
    )
    return answers, waited


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_two_superusers_creating_an_office_for_one_region_at_once_make_one_office(monkeypatch):
    """Two superusers onboard the same province at once, one choosing another slug: nothing unique stands in
    the way, so the region ends up with two KPU offices and two first administrators (office_serving() then
    picks one by id; the other office's staff and agreements are orphaned from the hierarchy)."""
    region = yogyakarta()
    answers, waited = offices_created_at_once(
        monkeypatch,
        region={"first": region, "second": region},
        admin_email={"first": "ketua@diy.example.org", "second": "sekretaris@diy.example.org"},
        slug={"first": "", "second": "kpu-diy"},
    )

    offices = list(Organisation.objects.offices().filter(region=region).values_list("pk", flat=True))
    assert len(offices) == 1, (answers, waited)
    assert "already has a KPU office" in str(answers["second"]), (answers, waited)


def no_kpu_ri_yet():
    """An installation before KPU RI is onboarded (the migrations make it when they find elections)."""
    Election.objects.all().delete()
    Organisation.objects.offices().filter(office_level="national").delete()


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_kpu_ri_created_twice_at_once_is_created_once_and_the_second_is_told_it_exists(monkeypatch):
    """`office_create national` run twice at once (or with the admin's form): KPU RI has no region row to
    lock, so both read "no KPU RI yet" and the installation ends up with two national offices, each the top
    of its own hierarchy."""
    no_kpu_ri_yet()
    answers, waited = offices_created_at_once(
        monkeypatch,
        region={"first": None, "second": None},
        admin_email={"first": "ketua@kpu.example.org", "second": "sekjen@kpu.example.org"},
        slug={"first": "", "second": "kpu-pusat"},
    )

    national = Organisation.objects.offices().filter(office_level="national").values_list("pk", flat=True)
    assert list(national) == [answers["first"]], (answers, waited)
    assert str(answers["second"]).startswith("ValidationError"), (answers, waited)
    assert "KPU RI already has a KPU office" in str(answers["second"]), (answers, waited)
    assert not User.objects.filter(email="sekjen@kpu.example.org").exists()


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_two_offices_created_at_once_for_one_administrator_make_one_account(monkeypatch):
    """Two superusers onboard two regencies at once naming the same first administrator (one typing the
    address in capitals): both read "no account uses this address", unlocked; the second then fails on the
    username's unique index (IntegrityError: a 500 page) instead of "an account already uses it"."""
    province = yogyakarta()
    bantul, _created = Region.objects.get_or_create(
        code="34.02", defaults={"name": "Kabupaten Bantul", "level": Region.Level.REGENCY, "parent": province}
    )
    answers, waited = offices_created_at_once(
        monkeypatch,
        region={"first": province, "second": bantul},
        admin_email={"first": "ketua@diy.example.org", "second": "Ketua@DIY.example.org"},
        slug={"first": "", "second": "kpu-diy-2"},
    )

    assert User.objects.filter(email__iexact="ketua@diy.example.org").count() == 1, (answers, waited)
    assert str(answers["second"]).startswith("ValidationError"), (answers, waited)
    assert "An account with this email address already exists" in str(answers["second"]), (answers, waited)


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_an_account_added_while_an_office_invites_the_same_address_is_refused(monkeypatch):
    """The office's first administrator is being created while an administrator elsewhere adds an account
    (another username) with the same address in the admin: both read "no account uses it", and the
    installation ends up with two accounts for one mailbox, which a password reset then opens both of."""
    region = yogyakarta()
    holding, go_on = office_create_paused_before_its_commit(monkeypatch)
    answers = {}

    def create():
        office = onboarding.office_create(
            region=region, admin_email="ketua@diy.example.org", base_url="http://testserver"
        )
        return office.pk

    def add_account():
        return make_user("budi", email="KETUA@diy.example.org").pk

    waited = held_while_or_before(
        recorded(answers, create), recorded(answers, add_account), holding=holding, go_on=go_on
    )

    assert User.objects.filter(email__iexact="ketua@diy.example.org").count() == 1, (answers, waited)
    assert str(answers["second"]).startswith("IntegrityError"), (answers, waited)


# --- Applying an addendum again (workspace/admin.py apply_addendum, agreements/services.py) ---------------


@pytest.fixture
def pks(db):
    return make_agreement(title="PKS Dispusip", term_start=date(2023, 1, 1), term_end=date(2024, 12, 31))


def an_addendum(pks, title, term_end):
    kpu = pks.parties.get(role="first").organisation
    return make_agreement(
        kind="addendum", parent=pks, title=title, kpu=kpu, agency=second_party(pks), term_end=term_end
    )


@pytest.mark.django_db
def test_an_addendum_applied_again_after_a_later_one_leaves_the_later_term_and_due_dates(client, pks):
    """Staff apply Addendum I (term to 30 June 2025, a deadline to 1 June 2025), then Addendum II (term to
    31 December 2025, the deadline to 1 October 2025). Back in the browser, the apply page of Addendum I is
    sent again: nothing records that an addendum was applied, so it is applied a second time, taking the
    PKS's term and the deadline back to Addendum I's, with a new public due-date change naming it."""
    commitment = make_commitment(
        pks, title="Menyimpan arsip", due_kind=Commitment.DueKind.FIXED, due_date=date(2024, 3, 1)
    )
    first = an_addendum(pks, "Addendum I", date(2025, 6, 30))
    second = an_addendum(pks, "Addendum II", date(2025, 12, 31))
    staff = make_staff("ani")
    client.force_login(staff)
    changelist = reverse("admin:agreements_agreement_changelist")

    def apply(addendum, due):
        selection = {"action": "apply_addendum", ACTION_CHECKBOX_NAME: [addendum.pk], "apply": "1"}
        return client.post(changelist, {**selection, f"due-{commitment.pk}": due.isoformat()})

    resubmitted = {"addendum": first, "due": date(2025, 6, 1)}
    assert apply(**resubmitted).status_code == 302
    assert apply(second, date(2025, 10, 1)).status_code == 302
    changes = DueDateChange.objects.filter(commitment=commitment).count()

    apply(**resubmitted)  # the first apply page, sent again

    pks.refresh_from_db()
    commitment.refresh_from_db()
    assert pks.term_end == date(2025, 12, 31)
    assert commitment.due_on == date(2025, 10, 1)
    assert DueDateChange.objects.filter(commitment=commitment).count() == changes


# --- Forcing a password reset (agencies/admin.py force_password_reset, agencies/accounts.py) -------------


@pytest.mark.django_db
def test_a_forced_password_reset_sent_twice_leaves_a_working_link_in_each_email(
    client, django_capture_on_commit_callbacks
):
    """An administrator double-clicks "Go" on "Force a password reset": each request makes the password
    unusable again (a new random hash) and emails a link, so the first email's link is dead on arrival
    (the token is made from the password hash): the person opens the first email and reads "invalid link"."""
    office = make_kpu_office(short_name="KPU Uji", slug="kpu-uji")
    agency = make_organisation(short_name="Dinas Uji", slug="dinas-uji")
    make_agreement(kpu=office, agency=agency)
    administrator = make_kpu_staff("admin", office=office, role=Membership.Role.ADMINISTRATOR)
    liaison = make_user("penghubung", organisation=agency, email="penghubung@example.org")
    admin_client = logged_in(administrator)
    selection = {"action": "force_password_reset", ACTION_CHECKBOX_NAME: [liaison.pk]}

    for _click in range(2):
        with django_capture_on_commit_callbacks(execute=True):
            admin_client.post(reverse("admin:agencies_user_changelist"), selection)

    assert not User.objects.get(pk=liaison.pk).has_usable_password()
    link = re.compile(r"http://testserver(/accounts/reset/\S+/)")
    links = [link.search(email.body).group(1) for email in mail.outbox]
    assert len(links) == 2
    # A valid link redirects to the set-password form; an invalid one answers 200 with "invalid link".
    # (A GET of a valid link uses nothing up: the token is spent only when the password is set.)
    assert client.get(links[1]).status_code == 302, "the second email's link works"
    assert client.get(links[0]).status_code == 302, "the first email's link works too"
