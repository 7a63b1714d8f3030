"""A new KPU office's own elections, copied from KPU RI's templates (agencies.onboarding calls this step).

A national election marked "template for new offices" of a level (a simultaneous Pilkada for regencies) is
copied into each new office of that level, stages and dates alike, so the office's agreements can tie their
deadlines to its own election, which its staff then keep.
"""

from simple_history.utils import bulk_create_with_history

from agreements.models import Election, ElectionStage


def office_elections_copy(*, office):
    """Give ``office`` its own copy of each national template election for its level; returns the copies."""
    copies = []
    for template in Election.objects.templates_for(office.office_level).prefetch_related("stages"):
        election = Election.objects.create(
            office=office,
            name=template.name,
            name_en=template.name_en,
            slug=f"{template.slug}-{office.slug}"[:80],
            kind=template.kind,
            voting_day=template.voting_day,
            legal_basis=template.legal_basis,
        )
        stages = [
            ElectionStage(
                election=election,
                order=stage.order,
                name=stage.name,
                name_en=stage.name_en,
                start_date=stage.start_date,
                end_date=stage.end_date,
            )
            for stage in template.stages.all()
        ]
        bulk_create_with_history(stages, ElectionStage)
        copies.append(election)
    return copies
