"""Atom feeds: newly published agreements, and commitments KPU staff verified done."""

from django.contrib.syndication.views import Feed
from django.db.models import F
from django.urls import reverse, reverse_lazy
from django.utils.feedgenerator import Atom1Feed
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from agreements.models import Agreement
from public.queries import public_commitments

ITEMS = 50


class NewAgreementsFeed(Feed):
    feed_type = Atom1Feed
    link = reverse_lazy("public:agreement_list")

    def title(self):
        return _("Newly published cooperation agreements")

    def subtitle(self):
        return _("Agreements between the election commission and regional agencies, as they are published.")

    def items(self):
        return (
            Agreement.objects.published()
            .prefetch_related("parties__organisation")
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
        return reverse("public:agreement_detail", args=[agreement.pk])

    def item_pubdate(self, agreement):
        return agreement.published_at

    def item_updateddate(self, agreement):
        return agreement.updated_at


class VerifiedProgressFeed(Feed):
    feed_type = Atom1Feed
    link = reverse_lazy("public:home")

    def title(self):
        return _("Verified progress on cooperation agreements")

    def subtitle(self):
        return _("Commitments that election commission staff verified as done.")

    def items(self):
        return (
            public_commitments()
            .done()
            .filter(status_changed_at__isnull=False)
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
            reverse("public:agreement_detail", args=[commitment.agreement_id])
            + f"#commitment-{commitment.pk}"
        )

    def item_pubdate(self, commitment):
        return commitment.status_changed_at
