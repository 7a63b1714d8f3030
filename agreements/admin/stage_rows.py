"""Inline rows tied to election stages (commitments, grant tranches): their stages are checked together."""

from agencies.offices import office_tree_of
from agreements.models.due_dates import UsableStages
from kpu_coop.record_ids import submitted_record_ids


class StageRowsFormSet:
    """Checks whether the agreement's office may follow each row's stage for all the rows at once
    (UsableStages), on the office tree the request read (``office_tree``, set per request)."""

    office_tree = None

    def full_clean(self):
        if self.is_bound:
            stage_ids = submitted_record_ids(self.forms, "due_stage")
            usable = UsableStages.read(stage_ids, tree=self.office_tree)
            for form in self.forms:
                form.instance.usable_stages = usable
        super().full_clean()


class StageRowsInline:
    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        # A class per request (Django's factory makes one each time): the tree is this request's.
        tree = office_tree_of(request.user)
        return type(formset.__name__, (StageRowsFormSet, formset), {"office_tree": tree})
