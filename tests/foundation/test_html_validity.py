"""Every page a visitor, a liaison or staff can reach is valid HTML, by the W3C Nu HTML checker (vnu).

The crawl follows links on demo data: from the home page (anonymous), the portal (a liaison), the workspace
and the admin (staff). vnu runs once over all saved pages. It needs Java and vnu-jar (.ci/run installs both).
"""

import re
from collections import deque
from datetime import date
from html.parser import HTMLParser
from urllib.parse import parse_qs, urlsplit

import pytest
from django.test import Client
from django.utils import timezone

from agencies.models import User
from agreements.demo import load_demo
from agreements.models import Agreement, Commitment, ProgressReport
from agreements.services_timeliness import commitment_mark_not_carried_out
from tests.conftest import TwoFactorClient
from tests.factories import (
    assign,
    make_document,
    make_evidence,
    make_published_agreement,
    make_report,
    make_staff,
)
from tests.tools import html_errors, label_problems, outline_problems

pytestmark = pytest.mark.django_db


# Pages with a body that the links of the crawl do not reach: a search with no result, a bad filter, a 404.
PUBLIC_EXTRAS = [
    "/agreements/?q=tidakada",
    "/agreements/?agency=tidak-ada&signed_from=kemarin",
    "/agreements/999999/",
    "/accounts/login/",
    "/accounts/password_reset/",
]
# Followed by no crawl: they log out, change records or only list a record's history.
NEVER = re.compile(
    r"/logout/|/delete/|/history/|/restore/|^/admin/r/|^/documents/|^/portal/evidence/|\.(csv|json|ics|xlsx)$"
)
# With the portal's and the workspace's own 404 pages.
LIAISON_SEEDS = ["/portal/", "/portal/tasks/?scope=all", "/accounts/two-factor/", "/portal/reports/999999/"]
STAFF_SEEDS = ["/workspace/", "/portal/verify/", "/admin/", "/workspace/monev/offices/999999/2024-Q1/"]
ADMIN_OBJECT = re.compile(r"^/admin/(\w+)/(\w+)/(\d+)/change/$")


class Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.hrefs = []

    def handle_starttag(self, tag, attrs):
        href = dict(attrs).get("href")
        if tag == "a" and href:
            self.hrefs.append(href)


def links_of(html):
    parser = Links()
    parser.feed(html)
    for href in parser.hrefs:
        parts = urlsplit(href)
        if parts.scheme in ("", "http", "https") and parts.netloc in ("", "testserver") and parts.path:
            yield parts.path + (f"?{parts.query}" if parts.query else "")


def page_kind(url):
    """Pages of one kind share a template: the crawl checks one of each (one change form per admin model)."""
    parts = urlsplit(url)
    if parts.path.startswith("/admin/"):
        match = ADMIN_OBJECT.match(parts.path)
        return ("admin", *match.groups()[:2]) if match else ("admin", parts.path)
    return (parts.path, tuple(sorted(parse_qs(parts.query, keep_blank_values=True))))


def crawl(client, seeds, *, within, found):
    """Fetch every page reachable from the seeds whose address starts with one of `within`."""
    queue, seen = deque(seeds), {page_kind(url) for url in seeds}
    while queue:
        url = queue.popleft()
        response = client.get(url)
        if response.streaming:
            # Read to the end, which closes the file; close() would also close the test's database connection.
            b"".join(response.streaming_content)
        assert response.status_code < 500, f"{url} answered {response.status_code}"
        if response.status_code in (301, 302):
            links = [response["Location"]]
        elif response.status_code in (200, 404) and "text/html" in response.get("Content-Type", ""):
            html = response.content.decode()
            found.append((url, html))
            links = links_of(html)
        else:
            continue
        for link in links:
            kind = page_kind(link)
            if link.startswith(within) and not NEVER.search(urlsplit(link).path) and kind not in seen:
                seen.add(kind)
                queue.append(link)


@pytest.fixture
def demo():
    """The Bantul demo, with the records that give pages more to show: reports, evidence, an addendum."""
    load_demo(password="pw")
    liaison = User.objects.get(username="dukcapil")
    commitment = Commitment.objects.filter(responsible__slug="dukcapil").first()
    pks = commitment.agreement
    make_document(pks, title="Naskah PKS bertanda tangan")
    make_published_agreement(kind=Agreement.Kind.ADDENDUM, parent=pks, title="Adendum PKS Data Pemilih")
    assign(commitment, liaison)
    make_evidence(make_report(commitment, author=liaison))
    staff = make_staff()
    make_report(
        commitment,
        author=liaison,
        status=ProgressReport.Status.RETURNED,
        reviewer=staff,
        reviewed_at=timezone.now(),
        review_comment="Lengkapi buktinya.",
    )
    # Timeliness facts on the pages: a moved deadline, a late verified completion, one not carried out.
    published = Commitment.objects.filter(agreement__is_published=True).exclude(pk=commitment.pk)
    others = list(published.order_by("pk")[:2])
    others[0].due_kind, others[0].due_date = Commitment.DueKind.FIXED, date(2024, 3, 1)
    others[0].save()
    others[0].due_date, others[0].due_change_note = date(2024, 4, 1), "Banjir"
    others[0].save()
    Commitment.objects.filter(pk=others[0].pk).update(status="done", verified_on=date(2024, 4, 9))
    commitment_mark_not_carried_out(commitment=others[1], reason="Anggaran tidak tersedia")
    return liaison, staff


@pytest.fixture
def pages(demo):
    """(address, HTML) of every page the crawl reaches, as a visitor, a liaison and staff."""
    liaison_user, staff_user = demo
    found = []
    crawl(Client(), ["/", *PUBLIC_EXTRAS], within=("/",), found=found)
    liaison = Client()
    liaison.force_login(liaison_user)
    crawl(liaison, LIAISON_SEEDS, within=("/portal/", "/accounts/"), found=found)
    staff = TwoFactorClient()
    staff.force_login(staff_user)
    crawl(staff, STAFF_SEEDS, within=("/workspace/", "/portal/", "/admin/"), found=found)
    return found


def test_it_serves_only_valid_html_skipping_no_heading_level_and_leaving_no_form_action_empty(
    pages, tmp_path
):
    # One test for the four (with labels starting with a capital): the crawl is most of its time.
    assert len(pages) > 150
    problems = [*html_errors(pages, tmp_path), *outline_problems(pages), *label_problems(pages)]
    assert not problems, "\n".join(problems)
