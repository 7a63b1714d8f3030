"""Portal actions that change records; each keeps an audit (history) entry naming who acted."""

from django.db import transaction

from portal.models import CalendarFeed, new_calendar_token


@transaction.atomic
def calendar_feed_renew(*, user):
    """Give the user a new secret calendar address; the previous one stops working at once."""
    feed = CalendarFeed.objects.select_for_update().filter(user=user).first() or CalendarFeed(user=user)
    feed.token = new_calendar_token()
    feed._history_user = user
    feed.save()
    return feed
