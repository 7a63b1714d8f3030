"""Which offices a staff member reads, and whose elections: worked out from the office tree in one query."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from agencies.models import User
from agencies.offices import (
    OfficeLevel,
    election_offices_usable_from,
    election_offices_visible_to,
    offices_visible_to,
)
from tests.factories import make_kpu_office, make_kpu_staff, national_kpu_office


@pytest.fixture
def tree(db):
    national = national_kpu_office()
    offices = {"ri": national}
    for province in ("a", "b"):
        offices[province] = make_kpu_office(
            slug=f"kpu-prov-{province}", office_level=OfficeLevel.PROVINCE, parent=national
        )
        for regency in ("1", "2"):
            offices[province + regency] = make_kpu_office(
                slug=f"kpu-kab-{province}{regency}", parent=offices[province]
            )
    return offices


def ids(tree, *names):
    return frozenset(tree[name].pk for name in names)


@pytest.mark.parametrize(
    ("office", "reads", "elections_of"),
    [
        # Every office: no condition at all, as for a superuser.
        ("ri", None, ["ri", "a", "a1", "a2", "b", "b1", "b2"]),
        ("a", ["a", "a1", "a2"], ["ri", "a", "a1", "a2"]),
        ("a1", ["a1"], ["ri", "a", "a1"]),
    ],
)
def test_staff_read_their_office_and_below_and_the_elections_above_too(tree, office, reads, elections_of):
    staff = User.objects.get(pk=make_kpu_staff(office=tree[office]).pk)

    with CaptureQueriesContext(connection) as queries:
        visible, elections = offices_visible_to(staff), election_offices_visible_to(staff)

    assert visible == (None if reads is None else ids(tree, *reads))
    assert elections == ids(tree, *elections_of)
    # Their memberships, then the tree once for both.
    assert len(queries) == 2


def test_kpu_ri_reads_the_offices_below_it_and_not_one_outside_the_tree(tree):
    """An office linked to no province yet is not KPU RI's to read: RI's staff then read a list of offices."""
    loose = make_kpu_office(slug="kpu-kab-lepas")
    staff = User.objects.get(pk=make_kpu_staff(office=tree["ri"]).pk)

    visible = offices_visible_to(staff)

    assert visible == frozenset(office.pk for office in tree.values())
    assert loose.pk not in visible


def test_someone_who_is_no_staff_reads_no_office_and_the_national_elections(tree):
    assert offices_visible_to(None) == frozenset()
    assert election_offices_visible_to(None) == ids(tree, "ri")


@pytest.mark.parametrize(
    ("offices", "usable"),
    [(["a1"], ["a1", "a", "ri"]), (["a"], ["a", "ri"]), (["a1", "b2"], ["a1", "a", "b2", "b", "ri"])],
)
def test_an_offices_agreements_follow_its_own_elections_and_those_above(tree, offices, usable):
    assert election_offices_usable_from(*(tree[name].pk for name in offices)) == ids(tree, *usable)
