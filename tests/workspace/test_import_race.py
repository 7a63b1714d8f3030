"""A spreadsheet import holds the agreements its rows name while it checks and writes them: a second confirm
of the same file (a double click, two tabs) or a save replacing one of the agreement's parties waits, then is
checked against what the other wrote."""

import threading

import pytest
from django.db import connection, transaction
from django.urls import reverse

from agreements.models import Agreement, AgreementParty, Commitment
from tests.concurrency import admin_paused_before_saving, held_while_or_before, recorded
from tests.conftest import logged_in
from tests.factories import make_agreement, make_kpu_staff, make_organisation
from tests.foundation import test_admin_conflicts as admin_forms
from tests.workspace.spreadsheet_helpers import csv_upload, row, upload
from workspace.views import imports

pytestmark = [
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="SQLite serialises writers and hides the race"
    ),
    pytest.mark.django_db(transaction=True),
]


def previewed(client, agreement):
    """The signed rows of a checked upload adding "Menyediakan data" for Dukcapil to ``agreement``."""
    rows = [
        row(
            agreement_id=agreement.pk, responsible="dukcapil", title="Menyediakan data", due_date="2024-01-15"
        )
    ]
    preview = upload(client, csv_upload(rows))
    assert preview.context["check"].is_valid
    return preview.context["payload"]


def confirm(client, payload):
    return client.post(reverse("workspace:commitment_import"), {"payload": payload}).status_code


def test_the_same_import_confirmed_twice_at_once_writes_each_commitment_once(monkeypatch):
    """Both confirms checked before either wrote would each find no such commitment yet."""
    agreement = make_agreement(agency=make_organisation(slug="dukcapil"), title="PKS Dukcapil")
    staff = make_kpu_staff("ani")
    tabs = {"first": logged_in(staff), "second": logged_in(staff)}
    payload = previewed(tabs["first"], agreement)
    # The first import has written its rows and is about to commit when the second one arrives.
    import_now = imports.commitments_import
    holding, go_on = threading.Event(), threading.Event()

    def import_then_hold(**kwargs):
        with transaction.atomic():
            result = import_now(**kwargs)
            if threading.current_thread().name == "first":
                holding.set()
                go_on.wait(timeout=20)
        return result

    monkeypatch.setattr(imports, "commitments_import", import_then_hold)
    answers = {}

    def post():
        return confirm(tabs[threading.current_thread().name], payload)

    waited = held_while_or_before(
        recorded(answers, post), recorded(answers, post), holding=holding, go_on=go_on
    )

    titles = list(Commitment.objects.filter(agreement=agreement).values_list("title", flat=True))
    assert titles == ["Menyediakan data"], (answers, waited)
    # The second is shown its rows again with "already has a commitment with this title".
    assert answers == {"first": 302, "second": 400}


def test_an_import_racing_a_party_change_keeps_every_commitment_with_a_party(monkeypatch):
    """The import checks each row's responsible organisation against the agreement's parties, as
    Commitment.clean does everywhere else: a party replaced meanwhile must not keep a commitment."""
    dukcapil, disdik = make_organisation(slug="dukcapil"), make_organisation(slug="disdik")
    agreement = make_agreement(agency=dukcapil, title="PKS Dukcapil")
    importer = logged_in(make_kpu_staff("budi"))
    payload = previewed(importer, agreement)
    editor = admin_forms.logged_in("ani")
    form = admin_forms.open_form(editor, agreement)
    party = next(
        key
        for key, value in form["data"].items()
        if key.startswith("parties-") and key.endswith("-organisation") and str(value) == str(dukcapil.pk)
    )
    holding, go_on = admin_paused_before_saving(monkeypatch, Agreement)
    answers = {}

    waited = held_while_or_before(
        recorded(answers, lambda: admin_forms.edit(editor, form, **{party: disdik.pk}).status_code),
        recorded(answers, lambda: confirm(importer, payload)),
        holding=holding,
        go_on=go_on,
    )

    parties = AgreementParty.objects.filter(agreement=agreement).values("organisation")
    strays = Commitment.objects.filter(agreement=agreement).exclude(responsible__in=parties)
    assert list(strays.values_list("title", "responsible__slug")) == [], (answers, waited)
    assert answers == {"first": 302, "second": 400}
