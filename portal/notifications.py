"""Emails the portal sends about the report workflow; the domain services in agreements send none."""

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from agreements.models import ProgressReport


def report_email_author(report_pk, *, base_url=None):
    """Tell a report's author what KPU decided, in the site's language (Indonesian).

    ``base_url`` (scheme and host, e.g. ``https://pks.example.org``) starts the link in the email; a view
    passes the address it was reached at, others get SITE_URL.
    """
    report = ProgressReport.objects.select_related("author", "reviewer", "commitment__agreement").get(
        pk=report_pk
    )
    if not report.author.email:
        return
    context = {
        "report": report,
        "commitment": report.commitment,
        "reviewer_name": report.reviewer.display_name,
        "url": (base_url or settings.SITE_URL).rstrip("/")
        + reverse("portal:commitment", args=[report.commitment_id]),
    }
    with translation.override(settings.LANGUAGE_CODE):
        subject = render_to_string(f"portal/email/report_{report.status}_subject.txt", context)
        body = render_to_string(f"portal/email/report_{report.status}.txt", context)
    EmailMessage(" ".join(subject.split()), body, to=[report.author.email]).send()
