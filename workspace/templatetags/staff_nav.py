"""The staff navigation's figure, read where the navigation is drawn: workspace, portal and admin alike."""

from django import template

from agreements.models import ProgressReport

register = template.Library()


@register.simple_tag(takes_context=True)
def reports_awaiting_review(context):
    """How many reports wait in the verification queue that this user works through."""
    return ProgressReport.objects.verifiable_by(context["user"]).awaiting_review().count()
