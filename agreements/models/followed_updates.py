"""Bulk updates that what is derived from the rows follows, as it follows their saves (agreements.signals).

Django sends no signal for ``QuerySet.update`` (nor for ``bulk_update``, which calls it), so a bulk write of a
field that progress, tallies or the search document are derived from would leave them stale.
"""

from django.db import models, transaction
from django.dispatch import Signal

# Sent in the update's transaction: ``before`` and ``after`` map each row written to its ``located_by``
# values, ``fields`` are the names written.
followed_update = Signal()


class FollowedUpdatesQuerySet(models.QuerySet):
    followed_fields = frozenset()  # the writes something is derived from
    located_by = ()  # the columns that say where a row counts (its agreement, office, parent)

    def update(self, **kwargs):
        if not self.followed_fields.intersection(kwargs):
            return super().update(**kwargs)
        rows = self.model._base_manager.using(self.db)
        with transaction.atomic(using=self.db):
            # Locked before reading where they are: a row another transaction moves meanwhile counts where it
            # ends up.
            before = located(rows.select_for_update().filter(pk__in=self.values("pk")), self.located_by)
            changed = super().update(**kwargs)
            written = set(kwargs) | {f"{name}_id" for name in kwargs}
            moved = written.intersection(self.located_by)
            after = located(rows.filter(pk__in=before), self.located_by) if moved else before
            if before:
                followed_update.send(self.model, before=before, after=after, fields=set(kwargs))
        return changed


def located(rows, columns):
    return {pk: tuple(values) for pk, *values in rows.values_list("pk", *columns)}
