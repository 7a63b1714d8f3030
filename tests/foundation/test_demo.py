import json
import logging
from datetime import date
from io import StringIO

import pytest
from django.apps import apps
from django.core.management import call_command
from django.urls import reverse

from agencies.models import Organisation, User
from agreements.models import (
    Agreement,
    Commitment,
    DueDateChange,
    ElectionStage,
    MonevEvaluation,
    ProgressReport,
)

pytestmark = pytest.mark.django_db

LIAISONS = [
    "diskominfo",
    "dukcapil",
    "dikpora",
    "dinas-kebudayaan",
    "dinas-pariwisata",
    "dispusip",
    "bpkpad",
    "kesbangpol",
]


def row_counts():
    return {model._meta.label: model.objects.count() for model in apps.get_models()}


def test_it_loads_the_mou_and_eight_pks_of_28_december_2022(capsys):
    call_command("load_demo")
    pks = Agreement.objects.filter(kind=Agreement.Kind.PKS, office__slug="kpu-bantul")
    assert pks.count() == 8
    assert {str(a.date_signed) for a in pks} == {"2022-12-28"}
    assert {a.parent.kind for a in pks} == {Agreement.Kind.MOU}
    assert all(a.parties.count() == 2 for a in pks)


def test_it_states_only_the_focus_areas_the_article_gives():
    call_command("load_demo")
    dukcapil = Agreement.objects.get(parties__organisation__slug="dukcapil", kind=Agreement.Kind.PKS)
    bpkpad = Agreement.objects.get(parties__organisation__slug="bpkpad", kind=Agreement.Kind.PKS)
    assert [area.slug for area in dukcapil.focus_areas.all()] == ["pemutakhiran-data-pemilih"]
    assert not bpkpad.focus_areas.exists()
    assert bpkpad.scope == ""


def test_it_labels_every_commitment_as_an_example():
    call_command("load_demo")
    commitments = Commitment.objects.filter(agreement__office__slug="kpu-bantul")
    assert commitments.exists()
    assert all(c.is_example and c.title.startswith("Contoh") for c in commitments)


def test_it_names_everything_of_the_training_office_as_training_data():
    call_command("load_demo")
    office = Organisation.objects.get(slug="kpu-contoh")
    assert office.name == "KPU Kabupaten Contoh — data latihan"
    agreements = Agreement.objects.filter(office=office)
    assert agreements.count() == 5
    assert all("data latihan" in agreement.title for agreement in agreements)
    # The admin's history and delete pages of a commitment name only the commitment.
    commitments = Commitment.objects.filter(agreement__office=office)
    assert commitments and all("data latihan" in commitment.title for commitment in commitments)
    parties = Organisation.objects.filter(agreement_parties__agreement__office=office).distinct()
    assert all("latihan" in party.short_name for party in parties)


def test_it_gives_the_training_office_a_published_nphd_with_one_tranche_paid_and_one_planned():
    call_command("load_demo")
    nphd = Agreement.objects.get(office__slug="kpu-contoh", kind=Agreement.Kind.NPHD, is_published=True)
    tranches = list(nphd.grant_tranches.all())
    assert [(t.order, t.is_disbursed, t.due_kind) for t in tranches] == [
        (1, True, "fixed"),
        (2, False, "stage"),
    ]
    assert sum(t.planned_amount for t in tranches) == nphd.grant_amount
    usage_report = nphd.commitments.get()
    assert usage_report.due_stage.election.slug == "pilkada-2024"


def test_it_gives_the_training_office_a_pks_with_every_clause_and_a_force_majeure_event():
    call_command("load_demo")
    pks = Agreement.objects.get(office__slug="kpu-contoh", parties__organisation__slug="contoh-diskominfo")
    filled = [pks.purpose, pks.scope, pks.funding, pks.monitoring_every_months, pks.dispute_settlement]
    assert all(filled) and pks.witnesses.count() == 2
    assert all(party.rights and party.obligations for party in pks.parties.all())
    event = pks.force_majeure_events.get()
    assert [c.agreement_id for c in event.suspended_commitments.all()] == [pks.pk]


def test_it_keeps_bantul_to_the_witness_the_article_names():
    call_command("load_demo")
    bantul = Agreement.objects.filter(office__slug="kpu-bantul")
    witnesses = {(w.name, w.position, w.organisation) for a in bantul for w in a.witnesses.all()}
    assert witnesses == {("Joko Purnomo", "Wakil Bupati Bantul", "")}
    assert not bantul.filter(kind=Agreement.Kind.NPHD).exists()
    assert not bantul.exclude(purpose="", dispute_settlement="", monitoring_every_months=None).exists()


def test_it_gives_the_training_office_reports_to_verify_and_decisions_to_show():
    call_command("load_demo")
    reports = ProgressReport.objects.filter(commitment__agreement__office__slug="kpu-contoh")
    statuses = sorted(reports.values_list("status", flat=True))
    assert statuses == ["accepted", "accepted", "returned", "submitted"]
    assert not ProgressReport.objects.exclude(commitment__agreement__office__slug="kpu-contoh").exists()


def test_it_creates_and_prints_the_staff_and_liaison_accounts(capsys, settings):
    settings.DEMO_PASSWORD = "a-demo-password"
    call_command("load_demo")
    output = capsys.readouterr().out
    kpu = User.objects.get(username="kpu")
    assert kpu.is_staff and kpu.check_password("a-demo-password")
    for username in LIAISONS:
        liaison = User.objects.get(username=username)
        assert not liaison.is_staff
        assert liaison.memberships.get().organisation.slug == username
        assert username in output


def test_it_changes_nothing_when_run_twice():
    call_command("load_demo")
    before = row_counts()
    call_command("load_demo")
    assert row_counts() == before


def test_it_gives_every_demo_account_an_address_on_a_reserved_domain():
    call_command("load_demo")
    addresses = dict(User.objects.values_list("username", "email"))
    training = ["kpu-contoh", "contoh-diskominfo", "contoh-dukcapil", "contoh-kesbangpol"]
    expected = ["kpu", "kpu-admin", *LIAISONS, *training]
    assert addresses == {username: f"{username}@example.org" for username in expected}


def test_it_fills_an_empty_address_of_an_existing_demo_account_and_keeps_one_already_set():
    call_command("load_demo")
    User.objects.filter(username="dukcapil").update(email="")
    User.objects.filter(username="kesbangpol").update(email="kesbangpol@bantulkab.example")
    call_command("load_demo")
    assert User.objects.get(username="dukcapil").email == "dukcapil@example.org"
    assert User.objects.get(username="kesbangpol").email == "kesbangpol@bantulkab.example"


def test_it_gives_the_reminders_demo_someone_to_write_to():
    call_command("load_demo")
    out = StringIO()
    call_command("send_reminders", "--dry-run", "--date", "2025-01-06", stdout=out)
    assert "would send to dukcapil <dukcapil@example.org>" in out.getvalue()
    assert "would send 0 digest" not in out.getvalue()


def security_events(caplog):
    return [json.loads(record.getMessage()) for record in caplog.records if record.name == "security"]


def test_it_prints_the_accounts_without_security_log_lines_on_a_development_machine(settings, caplog, capsys):
    settings.DEBUG = True
    caplog.set_level(logging.INFO, logger="security")
    call_command("load_demo")
    assert security_events(caplog) == []
    assert capsys.readouterr().out.startswith("Demo data ready. Accounts")


def test_it_logs_the_rights_it_gives_when_loaded_on_a_server(settings, caplog):
    settings.DEBUG = False
    caplog.set_level(logging.INFO, logger="security")
    call_command("load_demo")
    assert {"user_created", "membership_added"} <= {event["event"] for event in security_events(caplog)}


def test_it_leaves_the_security_log_as_it_was_after_a_quiet_load(settings, caplog):
    settings.DEBUG = True
    caplog.set_level(logging.INFO, logger="security")
    call_command("load_demo")
    liaison = User.objects.get(username="dukcapil")
    liaison.is_superuser = True
    liaison.save()
    assert [event["event"] for event in security_events(caplog)] == ["user_flags_changed"]


@pytest.fixture
def english(settings):
    """Pages in English, with static files by their own names (no collected manifest needed)."""
    settings.LANGUAGE_CODE = "en"
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


def training_pks(agency_slug):
    return Agreement.objects.get(office__slug="kpu-contoh", parties__organisation__slug=agency_slug)


def test_it_shows_a_completion_on_time_and_one_late_on_the_public_page(client, english):
    call_command("load_demo")
    done = Commitment.objects.filter(agreement__office__slug="kpu-contoh", status=Commitment.Status.DONE)
    lateness = sorted(commitment.days_late() for commitment in done)
    assert len(lateness) == 2 and lateness[0] == 0 and lateness[1] > 300
    assert all(commitment.verified_on for commitment in done)
    html = client.get(training_pks("contoh-diskominfo").get_absolute_url()).content.decode()
    assert "on time" in html and f"{lateness[1]} days late" in html


def test_it_moves_a_stage_of_the_training_offices_own_election_through_the_stage_move_service(
    client, english
):
    call_command("load_demo")
    stage = ElectionStage.objects.get(election__office__slug="kpu-contoh")
    change = DueDateChange.objects.get(reason=DueDateChange.Reason.STAGE_MOVE)
    assert change.commitment.due_stage == stage and change.commitment.due_on == stage.start_date
    assert (change.new_due_on - change.old_due_on).days == 14
    assert change.commitment.agreement == training_pks("contoh-kesbangpol")
    html = client.get(change.commitment.agreement.get_absolute_url()).content.decode()
    assert "Election stage moved" in html


def test_it_shows_the_force_majeure_event_on_the_public_page(client, english):
    call_command("load_demo")
    html = client.get(training_pks("contoh-diskominfo").get_absolute_url()).content.decode()
    assert "Banjir merusak jaringan siaran Pemkab" in html


def test_its_force_majeure_event_moved_the_deadline_it_suspended(client, english):
    call_command("load_demo")
    change = DueDateChange.objects.get(reason=DueDateChange.Reason.FORCE_MAJEURE)
    # 6 to 20 November 2023: fifteen days added to a deadline that fell inside the event.
    assert (change.new_due_on - change.old_due_on).days == 15
    assert change.commitment.agreement == training_pks("contoh-diskominfo")
    html = client.get(change.commitment.agreement.get_absolute_url()).content.decode()
    assert "Force majeure" in html


def test_it_evaluates_the_monev_on_a_day_the_monitoring_clause_scheduled(client, english):
    call_command("load_demo")
    pks = training_pks("contoh-diskominfo")
    evaluation = MonevEvaluation.objects.get()
    assert evaluation.agreement == pks and evaluation.author.username == "kpu-contoh"
    assert date.fromisoformat(evaluation.period) in pks.monev_due_dates()
    # The last scheduled day (2 October 2024) has none: the workspace flags it.
    schedule = Agreement.objects.with_monev().get(pk=pks.pk).monev_schedule(date(2026, 1, 1))
    assert schedule.last == date(2024, 10, 2) and schedule.overdue
    client.force_login(User.objects.get(username="kpu-contoh"))
    html = client.get(reverse("workspace:monev_index")).content.decode()
    assert "monev due 2 Oct 2024, not evaluated" in html


def test_it_leaves_bantuls_deadlines_and_stages_as_the_article_has_them():
    call_command("load_demo")
    assert not DueDateChange.objects.filter(commitment__agreement__office__slug="kpu-bantul").exists()
    assert not MonevEvaluation.objects.filter(agreement__office__slug="kpu-bantul").exists()
    moved = ElectionStage.history.filter(history_type="~")
    assert list(moved.values_list("election__office__slug", flat=True).distinct()) == ["kpu-contoh"]
