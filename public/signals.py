"""A saved or deleted record the public site shows asks for new open data files when its transaction commits.

Queryset updates send no signal: what makes them calls open_data_schedule_rebuild() (lower apps cannot import
this one: through the project's on-commit hook). Whatever slips through is caught when a download finds the
files behind the data version, or the day changed.
"""

from django.db.models.signals import m2m_changed, post_delete, post_save

from agreements.models import Agreement
from kpu_coop.versions import HISTORY_TRACKED
from public.open_data_files import open_data_schedule_rebuild


def public_record_changed(sender, raw=False, **kwargs):
    # Loading a backup (raw saves) asks nothing per row: the first download after it finds the files behind.
    if not raw:
        open_data_schedule_rebuild()


def public_links_changed(sender, action, **kwargs):
    if action in ("post_add", "post_remove", "post_clear"):
        open_data_schedule_rebuild()


def connect():
    # The models whose records the public site shows, the same list the data version watches.
    for model in HISTORY_TRACKED:
        post_save.connect(
            public_record_changed, sender=model, dispatch_uid=f"open-data-{model.__name__}-save"
        )
        post_delete.connect(
            public_record_changed, sender=model, dispatch_uid=f"open-data-{model.__name__}-del"
        )
    for through in (Agreement.elections.through, Agreement.focus_areas.through):
        m2m_changed.connect(
            public_links_changed, sender=through, dispatch_uid=f"open-data-{through.__name__}"
        )
