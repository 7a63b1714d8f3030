from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from agreements.models import Commitment
from portal.ical import deadlines_calendar
from portal.models import CalendarFeed
from portal.services import calendar_feed_renew


@login_required
def calendar_settings(request):
    """Shows the user's secret feed address; POST creates or renews it (the old address stops working)."""
    if request.method == "POST":
        calendar_feed_renew(user=request.user)
        messages.success(request, _("Your calendar address is ready. Any earlier address no longer works."))
        return redirect("portal:calendar")
    feed = CalendarFeed.objects.filter(user=request.user).first()
    feed_url = None
    if feed:
        # The address the user reached the site at, so the subscription works wherever the site runs.
        feed_url = request.build_absolute_uri(reverse("portal:calendar_feed", args=[feed.token]))
    return render(
        request,
        "portal/calendar.html",
        {
            "feed": feed,
            "feed_url": feed_url,
            "webcal_url": feed_url and "webcal://" + feed_url.split("://", 1)[-1],
        },
    )


@require_GET
def calendar_feed(request, token):
    """No login (calendar apps cannot log in): the secret token in the address is the key."""
    feed = get_object_or_404(CalendarFeed.objects.select_related("user"), token=token, user__is_active=True)
    commitments = (
        Commitment.objects.internals_visible_to(feed.user)
        .open()
        .filter(due_on__isnull=False)
        .select_related("agreement", "responsible", "due_stage__election__office")
        .order_by("due_on", "pk")
    )
    # Calendar apps send no useful language; the feed speaks the site's language.
    with translation.override(settings.LANGUAGE_CODE):
        body = deadlines_calendar(
            commitments,
            name=_("Commitment deadlines (KPU cooperation)"),
            site=request.build_absolute_uri("/").rstrip("/"),
        )
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Cache-Control"] = "private, no-store"
    response["X-Robots-Tag"] = "noindex"
    return response
