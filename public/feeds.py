"""Atom feeds: newly published agreements, commitments KPU staff verified done, and moved deadlines."""

from datetime import datetime, time
from urllib.parse import urljoin

from django.contrib.syndication.views import Feed
from django.db.models import F, Prefetch
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.xmlutils import SimplerXMLGenerator

from agencies.models import Organisation
from agreements.models import AgreementParty, DueDateChange
from kpu_coop.text import printable_text
from public import changes
from public.queries import public_commitments, published_agreements
from public.sites import site_reverse

ITEMS = 50


class CleanXMLGenerator(SimplerXMLGenerator):
    """Writes every text and attribute value through kpu_coop.text.printable_text, where Django's generator
    raises: one pasted vertical tab in any stored name or title would otherwise fail the whole feed, for
    everyone."""

    def characters(self, content):
        super().characters(printable_text(content))

    def startElement(self, name, attrs):
        cleaned = {
            key: printable_text(value) if isinstance(value, str) else value for key, value in attrs.items()
        }
        super().startElement(name, cleaned)


class CleanAtom1Feed(Atom1Feed):
    """Django's Atom, written with CleanXMLGenerator: every string of every feed passes through one place."""

    def write(self, outfile, encoding):
        # Django's Atom1Feed.write (6.1), with only the generator changed.
        handler = CleanXMLGenerator(outfile, encoding, short_empty_elements=True)
        handler.startDocument()
        handler.startElement("feed", self.root_attributes())
        self.add_root_elements(handler)
        self.write_items(handler)
        handler.endElement("feed")


class AuthorsAtom1Feed(CleanAtom1Feed):
    """Atom whose entries name each of their authors (Django's own feed writes at most one)."""

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        for organisation in item["authors"]:
            handler.startElement("author", {})
            handler.addQuickElement("name", organisation.name)
            # The feed link is absolute (the request's scheme and host); the organisation page joins it.
            path = site_reverse("organisation_detail", self.feed.get("office"), [organisation.slug])
            handler.addQuickElement("uri", urljoin(self.feed["link"], path))
            handler.endElement("author")


def start_of(day):
    """A date as the first instant of that day in the site's time zone (Atom dates carry a time)."""
    return timezone.make_aware(datetime.combine(day, time.min), timezone.get_default_timezone())


class OfficeFeed(Feed):
    """A feed of the national site, or of one office's (the ``office`` its address names, public.sites)."""

    feed_type = AuthorsAtom1Feed
    page = "home"

    @classmethod
    def view(cls):
        # A feed object per request: it keeps the office its items link to.
        def feed(request, *args, **kwargs):
            return cls()(request, *args, **kwargs)

        return feed

    def get_object(self, request, office=None):
        self.office = office
        return office

    def title(self, office):
        # Two offices' feeds side by side in one reader are told apart by their titles.
        if office is None:
            return self.heading()
        return _("%(title)s: %(office)s") % {"title": self.heading(), "office": office.name}

    def link(self, office):
        return site_reverse(self.page, office)

    def feed_extra_kwargs(self, office):
        return {"office": office}


class NewAgreementsFeed(OfficeFeed):
    page = "agreement_list"

    def heading(self):
        return _("Newly published cooperation agreements")

    def subtitle(self):
        return _("Agreements between the election commission and regional agencies, as they are published.")

    def items(self, office):
        return (
            published_agreements(office)
            .prefetch_related(
                Prefetch(
                    "parties", queryset=AgreementParty.objects.select_related("organisation").order_by("role")
                )
            )
            .order_by(F("published_at").desc(nulls_last=True), "-pk")[:ITEMS]
        )

    def item_title(self, agreement):
        return agreement.title

    def item_description(self, agreement):
        parties = " · ".join(party.organisation.name for party in agreement.parties.all())
        signed = (
            date_format(agreement.date_signed, "j F Y") if agreement.date_signed else _("date not recorded")
        )
        return _("%(kind)s between %(parties)s, signed %(date)s.") % {
            "kind": agreement.get_kind_display(),
            "parties": parties,
            "date": signed,
        }

    def item_link(self, agreement):
        return site_reverse("agreement_detail", self.office, [agreement.pk])

    def item_extra_kwargs(self, agreement):
        return {"authors": [party.organisation for party in agreement.parties.all()]}

    def item_pubdate(self, agreement):
        # The agreement's public life starts when the parties sign it; it may reach the site much later.
        if agreement.date_signed:
            return start_of(agreement.date_signed)
        return agreement.published_at

    def item_updateddate(self, agreement):
        # The last change to the record, which includes its publication here.
        return max(filter(None, [self.item_pubdate(agreement), agreement.published_at, agreement.updated_at]))


class VerifiedProgressFeed(OfficeFeed):
    page = "home"

    def heading(self):
        return _("Verified progress on cooperation agreements")

    def subtitle(self):
        return _("Commitments that election commission staff verified as done.")

    def items(self, office):
        offices = AgreementParty.objects.filter(
            organisation__kind=Organisation.Kind.ELECTION_COMMISSION
        ).select_related("organisation")
        return (
            public_commitments(office)
            .done()
            .filter(status_changed_at__isnull=False)
            .prefetch_related(Prefetch("agreement__parties", queryset=offices, to_attr="kpu_parties"))
            .order_by("-status_changed_at", "-pk")[:ITEMS]
        )

    def item_title(self, commitment):
        return _("Done: %(commitment)s") % {"commitment": commitment.title}

    def item_description(self, commitment):
        return _("%(organisation)s, under “%(agreement)s”.") % {
            "organisation": commitment.responsible.name,
            "agreement": commitment.agreement.title,
        }

    def item_link(self, commitment):
        return (
            site_reverse("agreement_detail", self.office, [commitment.agreement_id])
            + f"#commitment-{commitment.pk}"
        )

    def item_extra_kwargs(self, commitment):
        # The KPU office verified the work, so the entry is its statement; without one, the one who did it.
        offices = [party.organisation for party in commitment.agreement.kpu_parties]
        return {"authors": offices or [commitment.responsible]}

    def item_pubdate(self, commitment):
        return commitment.status_changed_at

    def item_updateddate(self, commitment):
        return commitment.status_changed_at


class MovedDeadlinesFeed(OfficeFeed):
    """Every move of a published commitment's due date is a public entry, with its reason (docs/domain.md,
    "Timeliness")."""

    page = "home"

    def heading(self):
        return _("Moved deadlines of cooperation agreements")

    def subtitle(self):
        return _(
            "Each change of a commitment's due date, with the reason: stage move, addendum, force majeure."
        )

    def items(self, office):
        offices = AgreementParty.objects.filter(
            organisation__kind=Organisation.Kind.ELECTION_COMMISSION
        ).select_related("organisation")
        return (
            DueDateChange.objects.filter(commitment__in=public_commitments(office).values("pk"))
            .select_related("commitment__agreement", "commitment__responsible")
            .prefetch_related(
                Prefetch("commitment__agreement__parties", queryset=offices, to_attr="kpu_parties")
            )
            .order_by("-changed_at", "-pk")[:ITEMS]
        )

    def item_title(self, change):
        return _("Deadline moved: %(commitment)s") % {"commitment": change.commitment.title}

    def item_description(self, change):
        def day(value):
            return date_format(value, "j F Y") if value else _("none")

        text = _("Due %(old)s → %(new)s (%(reason)s), under “%(agreement)s”.") % {
            "old": day(change.old_due_on),
            "new": day(change.new_due_on),
            "reason": change.get_reason_display(),
            "agreement": change.commitment.agreement.title,
        }
        note = change.explained_note
        return f"{text} {note}" if note else text

    def item_link(self, change):
        return (
            site_reverse("agreement_detail", self.office, [change.commitment.agreement_id])
            + f"#commitment-{change.commitment_id}"
        )

    def item_guid(self, change):
        # One commitment moves many times: each move is its own entry.
        return f"{self.item_link(change)}/due-date-change/{change.pk}"

    def item_extra_kwargs(self, change):
        # The KPU office keeps the record and moved the date.
        offices = [party.organisation for party in change.commitment.agreement.kpu_parties]
        return {"authors": offices or [change.commitment.responsible]}

    def item_pubdate(self, change):
        return change.changed_at

    def item_updateddate(self, change):
        return change.changed_at


class ChangesFeed(OfficeFeed):
    """Every public change, newest first: what /data/changes.json sends, for a feed reader."""

    feed_type = CleanAtom1Feed
    page = "open_data"

    def heading(self):
        return _("Changes to published agreements")

    def subtitle(self):
        return _("Published, amended, progress verified, deadlines moved: every public change, newest first.")

    def items(self, office):
        return changes.recent_changes(ITEMS, office)

    def item_title(self, change):
        return f"{change.label}: {change.title}"

    def item_description(self, change):
        lines = [
            _("%(field)s: %(before)s → %(after)s")
            % {"field": name, "before": values["before"] or "–", "after": values["after"] or "–"}
            for name, values in change.changes.items()
        ]
        return "\n".join(lines) or str(change.label)

    def item_link(self, change):
        return site_reverse("agreement_detail", self.office, [change.agreement_id])

    def item_guid(self, change):
        return change.key

    def item_guid_is_permalink(self, change):
        return False

    def item_pubdate(self, change):
        return change.at

    def item_updateddate(self, change):
        return change.at
