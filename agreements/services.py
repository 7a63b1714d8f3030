"""Domain actions that change agreements; each keeps an audit (history) entry."""

from django.db import transaction
from django.utils import timezone

from agreements.models import Agreement


class PublishError(Exception):
    pass


@transaction.atomic
def agreement_publish(*, agreement):
    """Make a signed agreement public; ``published_at`` records the first publication."""
    if agreement.state == Agreement.Status.DRAFT:
        raise PublishError(agreement)
    if agreement.is_published:
        return False
    agreement.is_published = True
    agreement.published_at = agreement.published_at or timezone.now()
    agreement.save(update_fields=["is_published", "published_at", "updated_at"])
    return True


@transaction.atomic
def agreement_unpublish(*, agreement):
    if not agreement.is_published:
        return False
    agreement.is_published = False
    agreement.save(update_fields=["is_published", "updated_at"])
    return True
