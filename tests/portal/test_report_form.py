from django.urls import reverse

from agreements.models import Commitment, Evidence, ProgressReport
from tests.factories import PNG_BYTES, make_report, make_upload


def post_report(client, commitment, **fields):
    data = {"summary": "Data DP4 sudah diserahkan.", "claim": "in_progress", "last_report": 0, **fields}
    return client.post(reverse("portal:report_create", args=[commitment.pk]), data)


def test_it_records_a_report_with_its_evidence_and_links(client, liaison, commitment):
    client.force_login(liaison)
    response = post_report(
        client,
        commitment,
        claim="done",
        files=[make_upload("berita-acara.pdf"), make_upload("foto.png", PNG_BYTES)],
        links="https://bantulkab.go.id/berita/1\n\nhttps://example.org/foto",
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("portal:commitment", args=[commitment.pk])
    report = ProgressReport.objects.get()
    assert (report.author, report.claim, report.status) == (liaison, "done", "submitted")
    assert report.link_list == ["https://bantulkab.go.id/berita/1", "https://example.org/foto"]
    assert sorted(report.evidence.values_list("original_name", "content_type")) == [
        ("berita-acara.pdf", "application/pdf"),
        ("foto.png", "image/png"),
    ]


def test_it_stores_a_report_pasted_with_control_characters_without_them(client, liaison, commitment):
    client.force_login(liaison)

    response = post_report(client, commitment, summary="Data\x0bpemilih\x01 diserahkan.")

    assert response.status_code == 302
    assert ProgressReport.objects.get().summary == "Data\npemilih diserahkan."


def test_it_leaves_the_commitment_status_alone_until_kpu_accepts(client, liaison, commitment):
    client.force_login(liaison)
    post_report(client, commitment, claim="done")
    commitment.refresh_from_db()
    assert commitment.status == Commitment.Status.NOT_STARTED


def test_it_refuses_an_empty_report_and_says_why(client, liaison, commitment):
    client.force_login(liaison)
    response = post_report(client, commitment, summary="   ")
    assert response.status_code == 400
    assert "Write what was done: the report is empty." in response.text
    assert not ProgressReport.objects.exists()


def test_it_asks_why_when_the_report_claims_blocked(client, liaison, commitment):
    client.force_login(liaison)
    response = post_report(client, commitment, claim="blocked", blocked_reason="")
    assert response.status_code == 400
    assert "Say why the commitment is blocked." in response.text
    assert not ProgressReport.objects.exists()


def test_it_refuses_links_that_are_not_web_addresses(client, liaison, commitment):
    client.force_login(liaison)
    response = post_report(client, commitment, links="javascript:alert(1)")
    assert response.status_code == 400
    assert "is not a web address" in response.text
    assert not ProgressReport.objects.exists()


def test_it_names_every_link_that_is_not_a_web_address_at_once(client, liaison, commitment):
    client.force_login(liaison)
    response = post_report(
        client, commitment, links="bukan alamat\nhttps://bantulkab.go.id/a\njavascript:alert(1)"
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "“bukan alamat” is not a web address (it should start with https:// or http://)." in page
    assert "“javascript:alert(1)” is not a web address" in page
    assert not ProgressReport.objects.exists()


def test_it_takes_an_address_typed_without_https_as_one(client, liaison, commitment):
    # How people write addresses: the form puts https:// in front, as Django's URLField does.
    client.force_login(liaison)
    post_report(client, commitment, links="bantulkab.go.id/berita\nhttp://kpu-bantul.go.id/x")
    report = ProgressReport.objects.get()
    assert report.links == "https://bantulkab.go.id/berita\nhttp://kpu-bantul.go.id/x"


def test_it_keeps_what_was_typed_when_the_form_is_refused(client, liaison, commitment):
    client.force_login(liaison)
    response = post_report(client, commitment, summary="Rapat koordinasi tanggal 3", claim="blocked")
    assert "Rapat koordinasi tanggal 3" in response.text


def test_it_refuses_a_report_on_a_done_commitment(client, liaison, commitment, private_files):
    Commitment.objects.filter(pk=commitment.pk).update(status=Commitment.Status.DONE)
    client.force_login(liaison)
    response = post_report(client, commitment, summary="Tambahan", files=[make_upload()])
    assert response.status_code == 400
    assert "already verified as done" in response.text
    assert "Tambahan" in response.text
    assert not ProgressReport.objects.exists()
    assert not list(private_files.rglob("*.*"))


def test_it_offers_no_form_on_a_done_commitment(client, liaison, commitment):
    Commitment.objects.filter(pk=commitment.pk).update(status=Commitment.Status.DONE)
    client.force_login(liaison)
    response = client.get(reverse("portal:report_create", args=[commitment.pk]))
    assert "needs no further report" in response.text
    assert '<form method="post" enctype' not in response.text


def test_it_refuses_a_report_on_a_commitment_marked_not_applicable(client, liaison, commitment):
    Commitment.objects.filter(pk=commitment.pk).update(is_not_applicable=True, not_applicable_reason="x")
    client.force_login(liaison)
    response = post_report(client, commitment)
    assert response.status_code == 400
    assert "marked as not applicable" in response.text


def test_it_lets_kpu_staff_report_too(client, staff, commitment):
    client.force_login(staff)
    assert post_report(client, commitment).status_code == 302
    assert ProgressReport.objects.get().author == staff


def test_it_records_the_author_in_the_audit_history(client, liaison, commitment):
    client.force_login(liaison)
    post_report(client, commitment, files=[make_upload()])
    report = ProgressReport.objects.get()
    assert report.history.get().history_user == liaison
    assert Evidence.objects.get().history.get().history_user == liaison


def test_it_shows_the_history_of_reports_and_kpu_feedback(client, liaison, commitment, staff):
    make_report(
        commitment,
        author=liaison,
        summary="Draf pertama",
        status="returned",
        reviewer=staff,
        reviewed_at="2024-01-02T03:04:05Z",
        review_comment="Lampirkan berita acara.",
    )
    make_report(commitment, author=liaison, summary="Draf kedua")
    client.force_login(liaison)
    page = client.get(reverse("portal:commitment", args=[commitment.pk])).text
    assert page.index("Draf kedua") < page.index("Draf pertama")
    assert "Returned by kpu (KPU)" in page
    assert "Lampirkan berita acara." in page
