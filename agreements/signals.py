"""What an agreement stores about its commitments and links follows them in the same transaction.

- Its progress columns are recounted whenever one of its commitments is saved or deleted, whatever saved it
  (admin, services, imports, the portal). An MoU's also when one of its PKS's commitments changes, or a PKS
  is published, unpublished, moved or deleted.
- Its full-text document is rebuilt when its title, scope, parties or their names change (PostgreSQL).
- Its office's tallies (StageTally, FocusAreaTally, OrganisationTally, OfficeTotal and ElectionTally:
  published commitments per election stage, per focus area, per responsible organisation and in all, and
  published agreements per focus area, per party, in all and per election) are recounted when one of its
  commitments changes in what they count, when it is created published, published, unpublished, moved to
  another office or deleted, when its elections or focus areas change (from either side), and when a party
  joins, leaves or is replaced.
- Its ``updated_at`` also moves when its elections or focus areas change. The history records a link change
  made from the agreement's side; this also covers one made from the other side
  (``focus_area.agreements.clear()``), so the feeds' "updated" time of the agreement always moves.
- Commitments and agreements updated in bulk (``objects.update``, ``bulk_update``) are followed as saved ones
  (``followed_update``, sent by agreements.models.followed_updates).
"""

from django.conf import settings
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver
from django.utils import timezone

from agencies.models import Organisation
from agreements.models import Agreement, AgreementParty, Commitment, recount_tallies
from agreements.models.agreements import ROLL_UP_FIELDS
from agreements.models.commitments import PROGRESS_FIELDS, TALLIED_FIELDS
from agreements.models.followed_updates import followed_update
from agreements.models.tallies import TALLYING_FIELDS
from agreements.search_document import SEARCHED_FIELDS
from agreements.update_fields import touches


@receiver(post_save, sender=Agreement)
def rebuild_search_of_agreement(sender, instance, raw=False, update_fields=None, **kwargs):
    if not raw and touches(update_fields, SEARCHED_FIELDS):
        Agreement.objects.filter(pk=instance.pk).refresh_search()


@receiver(post_save, sender=Organisation)
def rebuild_search_of_organisation(sender, instance, raw=False, update_fields=None, **kwargs):
    if not raw and touches(update_fields, SEARCHED_FIELDS):
        Agreement.objects.filter(parties__organisation=instance).refresh_search()


def counts_change(instance, signal, created=False, origin=None, **kwargs):
    """Whether this save or delete of a commitment can move what is counted of it."""
    if signal is post_save:
        loaded = getattr(instance, "loaded_counted", None)
        return created or loaded is None or loaded != instance.counted_state()
    # Deleted with its agreement: the agreement's own receivers recount what it leaves.
    return not deleted_with_agreement(origin)


def deleted_with_agreement(origin):
    model = getattr(origin, "model", type(origin))
    return model is Agreement


@receiver(post_save, sender=Commitment)
@receiver(post_delete, sender=Commitment)
def recount_progress(sender, instance, signal, raw=False, update_fields=None, **kwargs):
    # A restore loads each agreement's figures as they were saved.
    if raw or not touches(update_fields, PROGRESS_FIELDS) or not counts_change(instance, signal, **kwargs):
        return
    touched = {instance.agreement_id, getattr(instance, "loaded_agreement_id", None)} - {None}
    Agreement.objects.filter(pk__in=touched).refresh_progress()


@receiver(post_save, sender=Commitment)
@receiver(post_delete, sender=Commitment)
def recount_tallies_of_commitment(sender, instance, signal, raw=False, update_fields=None, **kwargs):
    if raw or not touches(update_fields, PROGRESS_FIELDS | TALLIED_FIELDS):
        return
    if not counts_change(instance, signal, **kwargs):
        return
    touched = {instance.agreement_id, getattr(instance, "loaded_agreement_id", None)} - {None}
    published = Agreement.objects.filter(pk__in=touched, is_published=True)
    recount_tallies(published.values("office_id"))


@receiver(followed_update, sender=Commitment)
def recount_after_commitments_update(sender, before, after, fields, **kwargs):
    """Commitments updated in bulk (``Commitment.objects.update``, ``bulk_update``) recount as saves do."""
    agreements = Agreement.objects.filter(
        pk__in={agreement for (agreement,) in [*before.values(), *after.values()]}
    )
    if touches(fields, PROGRESS_FIELDS):
        agreements.refresh_progress()
    recount_tallies(agreements.filter(is_published=True).values("office_id"))


@receiver(followed_update, sender=Agreement)
def follow_agreements_update(sender, before, after, fields, **kwargs):
    """Agreements updated in bulk rebuild their search documents, their MoUs' figures and their offices'
    tallies (before and after the update) as saves do."""
    rows = [*before.values(), *after.values()]
    if touches(fields, SEARCHED_FIELDS):
        Agreement.objects.filter(pk__in=after).refresh_search()
    parents = {parent for _office, parent, _published in rows} - {None}
    if parents and touches(fields, ROLL_UP_FIELDS):
        Agreement.objects.filter(pk__in=parents).refresh_progress()
    if touches(fields, TALLYING_FIELDS):
        recount_tallies({office for office, _parent, published in rows if published})


@receiver(post_save, sender=Agreement)
@receiver(post_delete, sender=Agreement)
def recount_tallies_of_agreement(sender, instance, signal, raw=False, update_fields=None, **kwargs):
    if raw or not touches(update_fields, TALLYING_FIELDS):
        return
    now = (instance.office_id, instance.is_published)
    loaded = (getattr(instance, "loaded_office_id", None), getattr(instance, "loaded_is_published", None))
    instance.loaded_office_id, instance.loaded_is_published = now
    if signal is post_save and kwargs.get("created") and not instance.is_published:
        return  # a new draft is in no tally
    if signal is post_save and not kwargs.get("created") and loaded == now:
        return  # neither moved nor published or unpublished
    if signal is post_delete and not (instance.is_published or loaded[1]):
        return  # an unpublished agreement's commitments are in no tally
    recount_tallies({instance.office_id, loaded[0]} - {None})


@receiver(post_save, sender=AgreementParty)
@receiver(post_delete, sender=AgreementParty)
def follow_party(sender, instance, signal, raw=False, update_fields=None, origin=None, **kwargs):
    """A party's agreements, the one it is in and the one it was read in (it may have moved), rebuild their
    search documents; an organisation's tally counts the published agreements it is a party to."""
    if raw:
        return
    loaded = getattr(instance, "loaded_link", (None, None))
    instance.loaded_link = instance.link()
    agreements = Agreement.objects.filter(pk__in={instance.agreement_id, loaded[0]} - {None})
    if touches(update_fields, SEARCHED_FIELDS):
        agreements.refresh_search()
    if signal is post_delete and deleted_with_agreement(origin):
        return
    if signal is post_save and loaded == instance.link():
        return  # the same organisation in the same agreement: its signatory or clauses changed
    recount_tallies(agreements.filter(is_published=True).values("office_id"))


@receiver(post_save, sender=Agreement)
@receiver(post_delete, sender=Agreement)
def recount_rolled_up_progress(sender, instance, raw=False, update_fields=None, **kwargs):
    if raw or not touches(update_fields, ROLL_UP_FIELDS):
        return
    parents = {instance.parent_id, getattr(instance, "loaded_parent_id", None)} - {None}
    if parents:
        Agreement.objects.filter(pk__in=parents).refresh_progress()
    instance.loaded_parent_id = instance.parent_id


def loading_a_backup():
    # A backup brings its own history and tallies; security.backup turns the history off while it loads.
    return not getattr(settings, "SIMPLE_HISTORY_ENABLED", True)


@receiver(m2m_changed, sender=Agreement.elections.through)
@receiver(m2m_changed, sender=Agreement.focus_areas.through)
def touch_linked_agreements(sender, instance, action, reverse, pk_set, **kwargs):
    if action not in ("post_add", "post_remove", "pre_clear") or loading_a_backup():
        return
    if not reverse:
        touched = Agreement.objects.filter(pk=instance.pk)
    elif action == "pre_clear":
        # An election or focus area about to lose all its agreements (both name the relation "agreements").
        touched = instance.agreements.all()
    else:
        touched = Agreement.objects.filter(pk__in=pk_set)
    touched.update(updated_at=timezone.now())


@receiver(m2m_changed, sender=Agreement.elections.through)
@receiver(m2m_changed, sender=Agreement.focus_areas.through)
def recount_tallies_of_links(sender, instance, action, reverse, pk_set, **kwargs):
    """An election's or a focus area's tallies count the published agreements linked to it, whichever side
    the link changed from."""
    if loading_a_backup():
        return
    if not reverse:
        if action in ("post_add", "post_remove", "post_clear") and instance.is_published:
            recount_tallies([instance.office_id])
    elif action == "pre_clear":
        # Which offices the election or focus area is about to lose agreements of: after the clear, no link
        # says.
        instance.offices_unlinked = list(instance.agreements.filter(is_published=True).values("office_id"))
    elif action == "post_clear":
        recount_tallies([row["office_id"] for row in instance.offices_unlinked])
    elif action in ("post_add", "post_remove"):
        recount_tallies(Agreement.objects.filter(pk__in=pk_set, is_published=True).values("office_id"))
