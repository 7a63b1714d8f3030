"""Monev for a period: figures then and now rebuilt from history, staff's evaluations, one office's letterhead
and signature, a PDF, and the office scope (a province reads its regencies' reports but writes none)."""

import io
from datetime import date, datetime, time

import pytest
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from agencies.models import Region, User
from agencies.offices import OfficeLevel
from agreements.models import Agreement, Commitment, Election, MonevEvaluation
from security.middleware import SEEN_AT
from tests.factories import (
    default_kpu_office,
    make_agreement,
    make_commitment,
    make_election,
    make_kpu_office,
    make_kpu_staff,
    make_stage,
)

DAY_1, DAY_2 = date(2024, 3, 10), date(2024, 5, 20)
# Session, user, 2FA device, staff offices, offices below them, the office with its region, agreements as of
# the end, progress at the end and the day before the start, evaluations, editable agreements, the day the
# office's records begin; the staff menu's count of reports awaiting review (its permission check is the
# role's: no query).
REPORT_QUERIES = 13


def at_noon(day):
    return timezone.make_aware(datetime.combine(day, time(12)))


def date_history(since, day):
    """Give every history row written since ``since`` the date ``day`` (noon, Jakarta), as if made then."""
    for model in (Agreement, Commitment):
        model.history.filter(history_date__gte=since).update(history_date=at_noon(day))


def mark_done(*commitments):
    for commitment in commitments:
        commitment.status = Commitment.Status.DONE
        commitment.save()


@pytest.fixture
def office(db):
    office = default_kpu_office()
    office.name, office.address = "KPU Kabupaten Uji", "Jl. Pemilu No. 1\nBantul"
    office.region = Region.objects.get(code="34.02")
    office.head_name, office.head_position = "Drs. Ketua Uji", "Ketua KPU Kabupaten Uji"
    office.save()
    return office


@pytest.fixture
def staff_client(client, office):
    client.force_login(make_kpu_staff("staf-uji", office=office))
    return client


@pytest.fixture
def history(office):
    """Agreement A: a quarter done on day 1 (in Q1 2024), all done on day 2 (in Q2); B only from day 2.

    Returns A, B and the progress the pages showed on each day.
    """
    start = timezone.now()
    first = make_agreement(kpu=office, title="PKS Arsip Pemilu")
    one, two = make_commitment(first, title="Serah arsip"), make_commitment(first, title="Pelatihan arsip")
    three = make_commitment(first, title="Digitalisasi", weight=2)
    mark_done(one)
    first.refresh_from_db()
    on_day_1 = first.progress
    date_history(start, DAY_1)
    later = timezone.now()
    mark_done(two, three)
    second = make_agreement(kpu=office, title="PKS Pendidikan Pemilih")
    make_commitment(second, title="Sosialisasi sekolah")
    first.refresh_from_db()
    date_history(later, DAY_2)
    return {"first": first, "second": second, "day_1": on_day_1, "day_2": first.progress}


def report(client, key, office):
    return client.get(reverse("workspace:monev_period", args=[office.pk, key]))


def line_of(response, agreement):
    return next(line for line in response.context["report"].lines if line.agreement.pk == agreement.pk)


def test_a_report_as_of_a_past_day_shows_what_the_pages_showed_that_day(staff_client, office, history):
    response = report(staff_client, DAY_1.isoformat(), office)
    assert [line.agreement.title for line in response.context["report"].lines] == ["PKS Arsip Pemilu"]
    assert line_of(response, history["first"]).now == history["day_1"]
    assert str(history["day_1"]) == "25%"


def test_a_report_as_of_the_second_day_shows_its_figures(staff_client, office, history):
    response = report(staff_client, DAY_2.isoformat(), office)
    assert line_of(response, history["first"]).now == history["day_2"]
    assert str(history["day_2"]) == "100%"


def test_later_changes_do_not_change_a_past_report(staff_client, office, history):
    Commitment.objects.filter(agreement=history["first"]).update(status=Commitment.Status.NOT_STARTED)
    make_commitment(history["first"], title="Kewajiban baru")
    assert line_of(report(staff_client, DAY_1.isoformat(), office), history["first"]).now == history["day_1"]


def test_it_compares_each_agreement_with_the_day_before_the_period(staff_client, office, history):
    response = report(staff_client, "2024-Q2", office)
    line = line_of(response, history["first"])
    assert (line.then, line.now, line.change) == (history["day_1"], history["day_2"], 75)
    assert "+75 points" in response.content.decode()


def test_it_totals_every_agreement_then_and_now(staff_client, office, history):
    total = report(staff_client, "2024-Q2", office).context["report"]
    # Then: 1 of 4 by weight (B did not exist); now: 4 of 4 and B's 0 of 1.
    assert (str(total.then), str(total.now), total.change) == ("25%", "80%", 55)


def test_an_agreement_new_in_the_period_has_no_figure_then(staff_client, office, history):
    line = line_of(report(staff_client, "2024-Q2", office), history["second"])
    assert (str(line.then), line.change) == ("–", None)


def test_a_stage_is_a_period(staff_client, office, history):
    from tests.factories import make_stage

    stage = make_stage(start_date=date(2024, 4, 1), end_date=DAY_2)
    line = line_of(report(staff_client, f"stage-{stage.pk}", office), history["first"])
    assert (line.then, line.now) == (history["day_1"], history["day_2"])


def test_it_heads_the_report_with_the_office_and_ends_with_its_head_s_signature(
    staff_client, office, history
):
    html = report(staff_client, "2024-Q2", office).content.decode()
    letterhead = html[html.index('class="monev-letterhead"') : html.index('class="monev-head"')]
    assert '<p class="monev-office">KPU Kabupaten Uji</p>' in letterhead
    assert "Jl. Pemilu No. 1<br>Bantul" in letterhead
    signature = html[html.index('class="monev-sign"') :]
    assert html.count('class="monev-sign"') == 1
    assert "Ketua KPU Kabupaten Uji" in signature and "Drs. Ketua Uji" in signature
    assert "Kabupaten Bantul, " in signature


def test_it_runs_the_same_queries_for_one_agreement_and_many(staff_client, office, django_assert_num_queries):
    for _ in range(2):
        make_commitment(make_agreement(kpu=office))
    today = timezone.localdate().isoformat()
    with django_assert_num_queries(REPORT_QUERIES):
        report(staff_client, today, office)
    for _ in range(12):
        agreement = make_agreement(kpu=office)
        mark_done(make_commitment(agreement), make_commitment(agreement))
        MonevEvaluation.objects.create(
            agreement=agreement, office=office, period=today, author=office.memberships.first().user
        )
    with django_assert_num_queries(REPORT_QUERIES):
        response = report(staff_client, today, office)
    assert len(response.context["report"].lines) == 14


@pytest.mark.parametrize("key", ["2024-Q9", "1999-S1", "stage-999999", "2024-02-30", "apa-saja"])
def test_a_key_that_names_no_period_gets_a_message_not_an_error(staff_client, office, key):
    response = report(staff_client, key, office)
    assert response.status_code == 400
    assert 'role="alert"' in response.content.decode()


def test_a_period_that_has_not_started_gets_a_message(staff_client, office):
    response = report(staff_client, f"{timezone.localdate().year + 1}-Q1", office)
    assert response.status_code == 400
    assert "has not started yet" in response.content.decode()


# Writing evaluations


def evaluation_url(office, key, agreement):
    return reverse("workspace:monev_evaluation", args=[office.pk, key, agreement.pk])


TEXTS = {"obstacles": "Anggaran terlambat", "recommendations": "Jadwal ulang", "follow_up": "Rapat 3 Juni"}


def test_staff_write_an_evaluation_and_the_report_shows_it(staff_client, office, history):
    url = evaluation_url(office, "2024-Q2", history["first"])
    response = staff_client.post(url, {**TEXTS, "version": 0})
    assert response.status_code == 302
    html = report(staff_client, "2024-Q2", office).content.decode()
    assert "Anggaran terlambat" in html and "Jadwal ulang" in html and "Rapat 3 Juni" in html
    evaluation = MonevEvaluation.objects.get()
    assert (evaluation.office, evaluation.period, evaluation.author.username) == (
        office,
        "2024-Q2",
        "staf-uji",
    )


def test_an_evaluation_belongs_to_its_period(staff_client, office, history):
    staff_client.post(evaluation_url(office, "2024-Q2", history["first"]), {**TEXTS, "version": 0})
    assert "Anggaran terlambat" not in report(staff_client, "2024-Q1", office).content.decode()


def test_the_form_shows_the_saved_text_to_change(staff_client, office, history):
    url = evaluation_url(office, "2024-Q2", history["first"])
    staff_client.post(url, {**TEXTS, "version": 0})
    response = staff_client.get(url)
    assert response.context["form"].initial["obstacles"] == "Anggaran terlambat"
    assert response.context["form"].initial["version"] == 1


def test_a_colleague_s_later_save_is_not_overwritten_unseen(staff_client, office, history):
    url = evaluation_url(office, "2024-Q2", history["first"])
    staff_client.post(url, {**TEXTS, "version": 0})
    response = staff_client.post(url, {**TEXTS, "obstacles": "Teks lama", "version": 0})
    assert response.status_code == 400
    assert "A colleague saved this evaluation" in response.content.decode()
    assert MonevEvaluation.objects.get().obstacles == "Anggaran terlambat"


def test_saving_again_after_the_conflict_replaces_the_text(staff_client, office, history):
    url = evaluation_url(office, "2024-Q2", history["first"])
    staff_client.post(url, {**TEXTS, "version": 0})
    staff_client.post(url, {**TEXTS, "obstacles": "Teks baru", "version": 1})
    assert MonevEvaluation.objects.get().obstacles == "Teks baru"
    assert MonevEvaluation.history.count() == 2


def test_an_overlong_text_gets_a_message(staff_client, office, history):
    url = evaluation_url(office, "2024-Q2", history["first"])
    response = staff_client.post(url, {**TEXTS, "obstacles": "x" * 5001, "version": 0})
    assert response.status_code == 400
    assert "Ensure this value has at most 5000 characters" in response.content.decode()
    assert not MonevEvaluation.objects.exists()


def test_a_form_without_its_version_gets_a_message(staff_client, office, history):
    response = staff_client.post(evaluation_url(office, "2024-Q2", history["first"]), TEXTS)
    assert response.status_code == 400
    assert "The form is out of date" in response.content.decode()


# Scope: own office reads and writes; a province reads its regencies' and writes none; others find nothing.


@pytest.fixture
def province_client(client, office):
    province = make_kpu_office(
        slug="kpu-prov-uji", short_name="KPU Provinsi", office_level=OfficeLevel.PROVINCE
    )
    office.parent = province
    office.save()
    client.force_login(make_kpu_staff("staf-provinsi", office=province))
    return client


def test_a_province_reads_its_regency_s_report(province_client, office, history):
    response = report(province_client, "2024-Q2", office)
    assert response.status_code == 200
    assert line_of(response, history["first"]).now == history["day_2"]


def test_a_province_reads_its_regency_s_evaluations(province_client, office, history):
    author = make_kpu_staff("staf-kabupaten", office=office)
    MonevEvaluation.objects.create(
        agreement=history["first"], office=office, period="2024-Q2", author=author, obstacles="Hujan deras"
    )
    assert "Hujan deras" in report(province_client, "2024-Q2", office).content.decode()


def test_a_province_is_offered_no_evaluation_to_write(province_client, office, history):
    html = report(province_client, "2024-Q2", office).content.decode()
    assert "Write the evaluation" not in html


def test_the_office_s_own_staff_are_offered_the_evaluation(staff_client, office, history):
    assert "Write the evaluation" in report(staff_client, "2024-Q2", office).content.decode()


def test_a_province_may_not_write_a_regency_s_evaluation(province_client, office, history):
    url = evaluation_url(office, "2024-Q2", history["first"])
    assert province_client.get(url).status_code == 403
    assert province_client.post(url, {**TEXTS, "version": 0}).status_code == 403
    assert not MonevEvaluation.objects.exists()


def test_another_office_s_staff_find_neither_report_nor_evaluation(client, office, history):
    client.force_login(make_kpu_staff("staf-lain", office=make_kpu_office(slug="kpu-lain-uji")))
    assert report(client, "2024-Q2", office).status_code == 404
    assert client.get(reverse("workspace:monev_period_pdf", args=[office.pk, "2024-Q2"])).status_code == 404
    url = evaluation_url(office, "2024-Q2", history["first"])
    assert client.post(url, {**TEXTS, "version": 0}).status_code == 404
    assert not MonevEvaluation.objects.exists()


def test_an_agreement_of_another_office_is_not_evaluated_under_this_one(staff_client, office):
    other = make_agreement(kpu=make_kpu_office(slug="kpu-lain-uji"))
    assert staff_client.get(evaluation_url(office, "2024-Q2", other)).status_code == 404


def test_a_liaison_finds_no_report(client, office, history):
    from tests.factories import make_organisation, make_user

    client.force_login(make_user("penghubung", organisation=make_organisation()))
    assert report(client, "2024-Q2", office).status_code == 404


# The PDF and the chooser


def test_the_pdf_is_a_real_pdf_with_the_report_s_text(staff_client, office, history):
    staff_client.post(evaluation_url(office, "2024-Q2", history["first"]), {**TEXTS, "version": 0})
    response = staff_client.get(reverse("workspace:monev_period_pdf", args=[office.pk, "2024-Q2"]))
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="monev-kpu-uji-2024-Q2.pdf"'
    assert response.content.startswith(b"%PDF")
    # Words as the reader sees them, however the lines break.
    text = " ".join(
        " ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(response.content)).pages
    )
    for words in ("KPU KABUPATEN UJI", "PKS Arsip Pemilu", "Anggaran terlambat", "Drs. Ketua Uji"):
        assert words in text


def test_the_chooser_sends_to_the_report(staff_client, office):
    response = staff_client.get(
        reverse("workspace:monev_period_choose"), {"office": office.pk, "period": "2024-Q2"}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("workspace:monev_period", args=[office.pk, "2024-Q2"])


def test_a_date_in_the_chooser_wins_over_the_period(staff_client, office):
    query = {"office": office.pk, "period": "2024-Q2", "day": "2024-05-20"}
    response = staff_client.get(reverse("workspace:monev_period_choose"), query)
    assert response["Location"] == reverse("workspace:monev_period", args=[office.pk, "2024-05-20"])


@pytest.mark.parametrize(
    "query",
    [
        {"period": "2024-Q2"},
        {"office": "x", "period": "2024-Q2"},
        {"office": "OFFICE"},
        {"office": "OFFICE", "day": "2999-01-01"},
    ],
)
def test_the_chooser_says_what_is_missing_or_wrong(staff_client, office, query):
    query = {name: office.pk if value == "OFFICE" else value for name, value in query.items()}
    response = staff_client.get(reverse("workspace:monev_period_choose"), query)
    assert response.status_code == 400
    assert 'class="ws-errors"' in response.content.decode()


def test_the_chooser_offers_only_the_offices_the_person_reads(staff_client, office):
    make_kpu_office(slug="kpu-lain-uji", name="KPU Kota Lain")
    html = staff_client.get(reverse("workspace:monev_period_choose")).content.decode()
    assert "KPU Kabupaten Uji" in html and "KPU Kota Lain" not in html


def test_it_reads_in_indonesian(staff_client, office, history, settings):
    settings.LANGUAGE_CODE = "id"
    staff_client.post(evaluation_url(office, "2024-Q2", history["first"]), {**TEXTS, "version": 0})
    html = report(staff_client, "2024-Q2", office).content.decode()
    assert "Triwulan 2 tahun 2024" in html
    assert "Kendala" in html and "Tindak lanjut" in html
    assert "+75 poin" in html
    assert "30 Juni 2024" in html


def test_an_office_number_beyond_any_integer_is_not_found(staff_client, office):
    huge = 10**30
    assert staff_client.get(f"/workspace/monev/offices/{huge}/2024-Q2/").status_code == 404
    url = f"/workspace/monev/offices/{office.pk}/2024-Q2/agreements/{huge}/evaluation/"
    assert staff_client.get(url).status_code == 404


def test_the_chooser_refuses_a_stage_the_chosen_offices_agreements_cannot_follow(client, db):
    province = make_kpu_office(
        slug="kpu-provinsi-uji", name="KPU Provinsi Uji", office_level=OfficeLevel.PROVINCE
    )
    regency = make_kpu_office(slug="kpu-kabupaten-bawah", name="KPU Kabupaten Bawah", parent=province)
    pilbup = make_election(office=regency, slug="pilbup-bawah", kind=Election.Kind.REGIONAL)
    stage = make_stage(
        pilbup, name="Kampanye Pilbup", start_date=date(2024, 9, 25), end_date=date(2024, 11, 23)
    )
    client.force_login(make_kpu_staff(office=province))
    chooser = reverse("workspace:monev_period_choose")

    refused = client.get(chooser, {"office": province.pk, "period": f"stage-{stage.pk}"})
    taken = client.get(chooser, {"office": regency.pk, "period": f"stage-{stage.pk}"})

    assert refused.status_code == 400
    assert "The agreements of KPU Provinsi Uji follow no such stage" in refused.content.decode()
    assert taken["Location"] == reverse("workspace:monev_period", args=[regency.pk, f"stage-{stage.pk}"])


def test_the_chooser_keeps_a_date_before_2000_with_its_error(staff_client, office):
    query = {"office": office.pk, "day": "1999-06-30"}
    response = staff_client.get(reverse("workspace:monev_period_choose"), query)
    assert response.status_code == 400
    html = response.content.decode()
    assert "Give a date from 2000 to 2100." in html
    assert 'value="1999-06-30"' in html


def test_a_period_before_the_office_s_records_begin_says_so_rather_than_that_it_kept_nothing(
    staff_client, office
):
    """Agreements signed in 2022 but entered today: the system cannot know 2024's position."""
    make_agreement(kpu=office, date_signed=date(2022, 12, 28))
    today = timezone.localdate()
    page = staff_client.get(reverse("workspace:monev_period", args=[office.pk, "2024-Q1"])).text
    assert "records here begin on" in page and "kept no agreement" not in page
    current = f"{today.year}-Q{(today.month - 1) // 3 + 1}"
    page = staff_client.get(reverse("workspace:monev_period", args=[office.pk, current])).text
    assert (
        "during this period: the progress on " in page and "counts nothing entered from that day on." in page
    )


def test_an_evaluation_sent_after_the_login_ran_out_waits_for_its_writer(
    staff_client, office, history, settings
):
    url = evaluation_url(office, "2024-Q2", history["first"])
    session = staff_client.session
    session[SEEN_AT] -= settings.SESSION_IDLE_TIMEOUT + 1
    session.save()
    assert staff_client.post(url, {**TEXTS, "version": 0})["Location"].startswith(reverse("login"))
    assert not MonevEvaluation.objects.exists()

    staff_client.force_login(User.objects.get(username="staf-uji"))
    form = staff_client.get(url).context["form"]
    assert form["obstacles"].value() == "Anggaran terlambat" and form.is_bound


def test_an_mou_line_says_its_pks_are_counted_on_their_own_lines(staff_client, office):
    # Its dash beside the 16% the other monev pages give an MoU (its PKS's) needed saying why.
    make_agreement(kpu=office, kind="mou", title="MoU Uji")
    today = timezone.localdate()
    current = f"{today.year}-Q{(today.month - 1) // 3 + 1}"
    page = staff_client.get(reverse("workspace:monev_period", args=[office.pk, current])).text
    assert "An MoU holds no commitments of its own: its PKS are counted on their own lines." in page
