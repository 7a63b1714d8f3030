"""Portal actions that change records; each keeps an audit (history) entry naming who acted."""

from django.contrib.auth import get_user_model
from django.db import transaction

from portal.models import CalendarFeed, new_calendar_token


@transaction.atomic
def calendar_feed_renew(*, user):
    """Give the user a new secret calendar address; the previous one stops working at once."""
    # The user's row, not the feed's: a first address has no row to lock, and two at once (a double click)
    # would both insert one.
    get_user_model().objects.select_for_update().only("pk").get(pk=user.pk)
    feed = CalendarFeed.objects.filter(user=user).first() or CalendarFeed(user=user)
    feed.token = new_calendar_token()
    feed._history_user = user
    feed.save()
    return feed
