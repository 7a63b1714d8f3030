"""Changelist filters on a related record that stay short however many records there are.

Django's filter lists every related record as a link. On an installation of every office, the agreement,
commitment, party and user lists each offered 6,000 agencies: pages of 550-690 kB that took 300-550 ms.
Up to ``pagination.CHOICE_LIMIT`` records these filters list them as links, as Django's do; past it they
offer a box that matches the records by the related admin's search fields (an agency's name, short name or
region, say).
"""

from django.contrib import admin
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.utils import get_last_value_from_parameters
from django.core.exceptions import FieldError

from kpu_coop import pagination
from kpu_coop.record_ids import record_id


class ShortListMixin:
    """For a related-record filter: the records as links while they are few, a name box past
    ``pagination.CHOICE_LIMIT``.
    A subclass names the records it offers in ``choice_records`` and labels each in ``choice_label``."""

    def __init__(self, field, request, params, model, model_admin, field_path):
        # Not a field of the related record, so that the admin allows it (ModelAdmin.lookup_allowed).
        self.name_kwarg = f"{field_path}__q"
        self.model_admin = model_admin
        super().__init__(field, request, params, model, model_admin, field_path)
        # Not a lookup of its own: queryset() matches it through the related admin's search.
        self.name_value = get_last_value_from_parameters(self.used_parameters, self.name_kwarg) or ""
        self.used_parameters.pop(self.name_kwarg, None)

    def expected_parameters(self):
        return [*super().expected_parameters(), self.name_kwarg]

    def choice_records(self, field, request, model_admin):
        return field.related_model._default_manager.all()

    def choice_label(self, record):
        return str(record)

    def field_choices(self, field, request, model_admin):
        ordering = self.field_admin_ordering(field, request, model_admin)
        records = self.choice_records(field, request, model_admin)
        records = records.order_by(*ordering) if ordering else records
        # One more than fits: whether there are too many, without counting them all.
        first = list(records[: pagination.CHOICE_LIMIT + 1])
        self.long = len(first) > pagination.CHOICE_LIMIT
        if self.long:
            self.template = "admin/name_filter.html"
            # Chosen by a link (its id): named beside the box.
            chosen = [record_id(value) for value in self.lookup_val or []]
            first = records.filter(pk__in=[pk for pk in chosen if pk is not None]) if chosen else []
        return [(record.pk, self.choice_label(record)) for record in first]

    def has_output(self):
        return self.long or super().has_output()

    def choices(self, changelist):
        if not self.long:
            yield from super().choices(changelist)
            return
        ours = {self.name_kwarg, self.lookup_kwarg, self.lookup_kwarg_isnull}
        yield {
            # What the box's form sends again besides the name: the list's other filters, search and order.
            "kept": [(name, value) for name, value in changelist.params.items() if name not in ours],
            "chosen": [label for _pk, label in self.lookup_choices],
            "clear": changelist.get_query_string(remove=list(ours)),
            "box_id": f"filter-{self.field_path}",
        }

    def queryset(self, request, queryset):
        queryset = super().queryset(request, queryset)
        name = self.name_value.strip()
        if not name:
            return queryset
        related = self.field.related_model
        try:
            related_admin = self.model_admin.admin_site.get_model_admin(related)
        except admin.sites.NotRegistered:
            raise IncorrectLookupParameters(f"{related.__name__} has no admin to search") from None
        # Among the records the filter offers only: a name must not pick what a link may not (another office's
        # agency, whose members the list would then tell).
        offered = self.choice_records(self.field, request, self.model_admin)
        try:
            matching, _duplicates = related_admin.get_search_results(request, offered, name)
        except FieldError as error:
            raise IncorrectLookupParameters(error) from None
        # A to-many path repeats rows: the changelist removes them (lookup_spawns_duplicates).
        return queryset.filter(**{f"{self.field_path}__in": matching.values("pk")})


class ShortRelatedOnlyFilter(ShortListMixin, admin.RelatedOnlyFieldListFilter):
    """Django's filter of the related records the list's own rows refer to, short at any size."""

    def choice_records(self, field, request, model_admin):
        referred = model_admin.get_queryset(request).values(f"{self.field_path}__pk")
        return field.related_model._default_manager.filter(pk__in=referred)
