"""The pages `make bench` drives one at a time, read from the benchmark database (after django.setup())."""

from dataclasses import dataclass

from django.conf import settings
from django.test import Client
from django.urls import reverse
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from agencies.models import Membership, User
from agreements.models import Agreement, Election
from benchmarks.scale_data import SLUG_PREFIX


@dataclass(frozen=True)
class Page:
    key: str
    name: str
    path: str
    cookie: str | None = None


def session_cookie(user, *, two_factor=False):
    """A logged-in session for wrk to send, past 2FA for staff, as a browser would hold it."""
    client = Client()
    client.force_login(user)
    session = client.session
    if two_factor:
        device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
        device = device or TOTPDevice.objects.create(user=user, name="bench", confirmed=True)
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return f"{settings.SESSION_COOKIE_NAME}={session.session_key}"


def single_pages():
    # A typical agreement of the national data set, not the small demo: its agency is generated too.
    pks = Agreement.objects.published().filter(kind=Agreement.Kind.PKS).order_by("pk")
    generated = pks.filter(parties__role="second", parties__organisation__slug__startswith=SLUG_PREFIX)
    agreement = generated.first() or pks.first()
    agency = agreement.parties.get(role="second").organisation
    liaison = agency.memberships.order_by("pk").first().user
    staff = User.objects.get(username="kpu")
    election = Election.objects.order_by("voting_day").first()
    listing = reverse("public:agreement_list")
    liaison_cookie, staff_cookie = session_cookie(liaison), session_cookie(staff, two_factor=True)
    office = agreement.office
    province_cookie = session_cookie(province_staff(office), two_factor=True)
    return [
        Page("listing", "public listing", listing),
        Page(
            "office",
            "one office's listing",
            reverse("public:office:agreement_list", kwargs={"office": office.slug}),
        ),
        Page("search", "listing search", listing + "?q=kependudukan"),
        Page("agreement", "agreement page", reverse("public:agreement_detail", args=[agreement.pk])),
        Page("agency", "agency page", reverse("public:organisation_detail", args=[agency.slug])),
        Page("timeline", "election timeline", reverse("public:election_detail", args=[election.slug])),
        Page("csv", "CSV export", reverse("public:agreements_csv")),
        Page("portal", "liaison portal task list", reverse("portal:tasks") + "?scope=all", liaison_cookie),
        Page("dashboard", "staff dashboard", reverse("workspace:dashboard"), staff_cookie),
        Page("rollup", "provincial roll-up (dashboard)", reverse("workspace:dashboard"), province_cookie),
    ]


def province_staff(office):
    """A staff member of the office's province, whose dashboard rolls up every regency below it."""
    province = office.parent or office
    user, _ = User.objects.get_or_create(username=f"bench-staf-{province.slug}", defaults={"is_staff": True})
    staff = {"role": Membership.Role.STAFF}
    Membership.objects.get_or_create(user=user, organisation=province, defaults=staff)
    return user
