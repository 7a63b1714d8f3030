"""Two uploads at once cannot both slip under the rate limit (PostgreSQL: SQLite serialises writers)."""

import threading

import pytest
from django.db import connection, connections

from agreements.models import Evidence
from agreements.services_reports import UploadLimitReached, report_submit
from tests.factories import make_agreement, make_commitment, make_organisation, make_upload, make_user
from tests.pdfs import pdf_of_size

pytestmark = pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL")


@pytest.mark.django_db(transaction=True)
def test_two_uploads_at_once_are_counted_one_after_the_other(settings):
    settings.UPLOAD_RATE_LIMIT_BYTES = 1_000_000
    agency = make_organisation()
    liaison = make_user(organisation=agency)
    commitments = [make_commitment(make_agreement(agency=agency)) for _ in range(2)]
    start, outcomes = threading.Barrier(2), []

    def submit(commitment):
        try:
            start.wait()
            report_submit(
                commitment=commitment,
                author=liaison,
                summary="Bersamaan.",
                claim="in_progress",
                files=[make_upload("bukti.pdf", pdf_of_size(600_000))],
            )
            outcomes.append("stored")
        except UploadLimitReached:
            outcomes.append("refused")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=submit, args=[commitment]) for commitment in commitments]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["refused", "stored"]
    assert Evidence.objects.count() == 1
