"""docs/domain.md's access matrix, from both sides: another agency's objects answer 404 whatever the id."""

import pytest
from django.urls import reverse

from agreements.models import Commitment, Evidence, ProgressReport
from tests.factories import make_evidence, make_report, make_upload, make_user


@pytest.fixture
def other_report(other_commitment, outsider):
    return make_report(other_commitment, author=outsider)


@pytest.fixture
def other_evidence(other_report):
    return make_evidence(other_report)


def status_of(client, url):
    response = client.get(url)
    if response.streaming:
        # Reading a download to the end closes its file, as a WSGI server would.
        b"".join(response.streaming_content)
    return response.status_code


def private_urls(commitment, report, evidence):
    return [
        reverse("portal:commitment", args=[commitment.pk]),
        reverse("portal:report_create", args=[commitment.pk]),
        reverse("portal:report", args=[report.pk]),
        reverse("portal:evidence", args=[evidence.pk]),
    ]


def test_it_answers_404_for_another_agencys_commitment_report_form_report_and_evidence(
    client, liaison, other_commitment, other_report, other_evidence
):
    client.force_login(liaison)
    for url in private_urls(other_commitment, other_report, other_evidence):
        assert status_of(client, url) == 404, url


def test_it_answers_404_for_every_id_but_its_own(client, liaison, commitment, other_evidence):
    own_report = make_report(commitment, author=liaison)
    own_evidence = make_evidence(own_report)
    client.force_login(liaison)
    own = {"commitment": commitment.pk, "report": own_report.pk, "evidence": own_evidence.pk}
    for name in ["commitment", "report_create", "report", "evidence"]:
        kind = "commitment" if name == "report_create" else name
        for pk in range(1, 12):
            expected = 200 if pk == own[kind] else 404
            assert status_of(client, reverse(f"portal:{name}", args=[pk])) == expected, (name, pk)


def test_it_refuses_a_report_posted_on_another_agencys_commitment(
    client, liaison, other_commitment, private_files
):
    client.force_login(liaison)
    response = client.post(
        reverse("portal:report_create", args=[other_commitment.pk]),
        {"summary": "Bukan urusan saya", "claim": "done", "last_report": 0, "files": [make_upload()]},
    )
    assert response.status_code == 404
    assert not ProgressReport.objects.exists()
    assert not private_files.exists() or not any(private_files.rglob("*.*"))


def test_it_shows_a_liaison_their_own_agencys_commitment_report_and_evidence(client, liaison, commitment):
    report = make_report(commitment, author=liaison)
    evidence = make_evidence(report)
    client.force_login(liaison)
    for url in private_urls(commitment, report, evidence):
        assert status_of(client, url) == 200, url


def test_it_shows_reports_by_a_colleague_of_the_same_agency(client, liaison, agency, commitment):
    colleague = make_user(organisation=agency)
    report = make_report(commitment, author=colleague)
    client.force_login(liaison)
    assert client.get(reverse("portal:report", args=[report.pk])).status_code == 200


def test_it_shows_staff_every_agencys_objects(client, staff, other_commitment, other_report, other_evidence):
    client.force_login(staff)
    for url in private_urls(other_commitment, other_report, other_evidence):
        assert status_of(client, url) == 200, url


def test_it_sends_anonymous_visitors_to_log_in(client, commitment, other_report, other_evidence):
    urls = [
        *private_urls(commitment, other_report, other_evidence),
        reverse("portal:tasks"),
        reverse("portal:verify"),
        reverse("portal:calendar"),
        reverse("portal:home"),
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("login") + "?next="), url


def test_it_hides_the_verification_queue_from_liaisons(client, liaison):
    client.force_login(liaison)
    assert client.get(reverse("portal:verify")).status_code == 404


def test_it_refuses_a_review_posted_by_a_liaison_on_their_own_report(client, liaison, commitment):
    report = make_report(commitment, author=liaison, claim="done")
    client.force_login(liaison)
    response = client.post(
        reverse("portal:report", args=[report.pk]), {"decision": "accept", "version": 1, "comment": ""}
    )
    assert response.status_code == 403
    report.refresh_from_db()
    assert report.status == ProgressReport.Status.SUBMITTED


def test_it_stops_access_when_the_membership_ends(client, liaison, commitment):
    report = make_report(commitment, author=liaison)
    liaison.memberships.update(is_active=False)
    client.force_login(liaison)
    assert client.get(reverse("portal:commitment", args=[commitment.pk])).status_code == 404
    assert client.get(reverse("portal:report", args=[report.pk])).status_code == 404


def test_it_keeps_internals_of_a_kpu_commitment_from_the_agency_party(liaison, commitment, staff):
    """A commitment KPU owes under the agency's agreement is public to them, but its reports are KPU's."""
    kpu = commitment.agreement.parties.get(role="first").organisation
    kpu_commitment = Commitment.objects.create(agreement=commitment.agreement, responsible=kpu, title="Bahan")
    report = make_report(kpu_commitment, author=staff)
    assert kpu_commitment in Commitment.objects.visible_to(liaison)
    assert kpu_commitment not in Commitment.objects.internals_visible_to(liaison)
    assert report not in ProgressReport.objects.visible_to(liaison)


def test_it_gives_inactive_users_nothing(liaison, commitment):
    report = make_report(commitment, author=liaison)
    make_evidence(report)
    liaison.is_active = False
    assert not Commitment.objects.internals_visible_to(liaison).exists()
    assert not ProgressReport.objects.visible_to(liaison).exists()
    assert not Evidence.objects.visible_to(liaison).exists()
