"""Data sets for the workspace tests, built from the shared factories."""

from datetime import timedelta

from django.utils import timezone

from agreements.models import Commitment, ProgressReport
from tests.factories import (
    make_agreement,
    make_commitment,
    make_election,
    make_evidence,
    make_focus_area,
    make_organisation,
    make_report,
    make_staff,
    make_stage,
)


def make_cycle(size, *, election=None):
    """``size`` agreements covering an election, each with a commitment of every kind the dashboard counts."""
    today = timezone.localdate()
    election = election or make_election(voting_day=today + timedelta(days=60))
    campaign = make_stage(
        election,
        name="Masa kampanye",
        order=1,
        start_date=today - timedelta(days=20),
        end_date=today + timedelta(days=20),
    )
    voting = make_stage(
        election,
        name="Pemungutan suara",
        order=2,
        start_date=today + timedelta(days=60),
        end_date=today + timedelta(days=60),
    )
    area = make_focus_area()
    kpu = make_organisation(short_name=f"KPU {size}", kind="election_commission")
    reviewer = make_staff()
    for n in range(size):
        agreement = make_agreement(kpu=kpu, agency=make_organisation())
        agreement.elections.add(election)
        agreement.focus_areas.add(area)
        make_commitment(
            agreement,
            title=f"Overdue {n}",
            due_kind="fixed",
            due_date=today - timedelta(days=3),
            focus_area=area,
        )
        make_commitment(
            agreement,
            title=f"Soon {n}",
            due_kind="stage",
            due_stage=campaign,
            due_anchor="end",
            # Due in 5 days: within DUE_SOON_DAYS.
            due_offset_days=-15,
        )
        make_commitment(agreement, title=f"Later {n}", due_kind="stage", due_stage=voting, due_anchor="start")
        done = make_commitment(
            agreement, title=f"Done {n}", status=Commitment.Status.DONE, weight=2, focus_area=area
        )
        accepted = make_report(done, claim=ProgressReport.Claim.DONE)
        ProgressReport.objects.filter(pk=accepted.pk).update(
            status=ProgressReport.Status.ACCEPTED, reviewer=reviewer, reviewed_at=timezone.now()
        )
        make_evidence(accepted, name=f"berita-acara-{n}.pdf")
        make_commitment(
            agreement, title=f"Dropped {n}", is_not_applicable=True, not_applicable_reason="Tidak ada"
        )
        make_report(agreement.commitments.get(title=f"Soon {n}"))
    return election
