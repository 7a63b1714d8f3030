"""Who may open which page: the one table test_permission_matrix.py checks every URL against.

A URL that exists in the URLconf but has no row here fails the test, by name: add a row saying what each
visitor gets. Object URLs are filled with agency A's objects (see conftest.World); since agency B is built
alike, the test also opens every object URL with B's objects as A's liaison and expects what B's liaison
gets with A's objects. Admin URLs follow one rule (ADMIN below), not a row each.

Outcomes: OK 200 · LOGIN redirect to the login page · NOT_FOUND 404 · REDIRECT another redirect
· NOT_ALLOWED 405 (GET on a POST-only view). A liaison never gets 403 for another agency's object.
"""

from dataclasses import dataclass, field, replace

OK, LOGIN, NOT_FOUND, REDIRECT, NOT_ALLOWED = "200", "login", "404", "redirect", "405"
# staff and administrator are real KPU-office roles (agencies/roles.py), not superusers.
ROLES = ("anonymous", "liaison_a", "liaison_b", "staff", "administrator", "superuser")


@dataclass(frozen=True)
class Row:
    anonymous: str
    liaison_a: str
    liaison_b: str
    staff: str
    administrator: str
    superuser: str
    # world, side -> URL kwargs; side is world.a normally and world.b for the cross-agency check.
    kwargs: object = None
    label: str = ""
    # Why the cross-agency check does not apply, when it does not.
    not_scoped: str = ""
    expected: dict = field(init=False, repr=False, compare=False)

    def __post_init__(self):
        outcomes = (
            self.anonymous,
            self.liaison_a,
            self.liaison_b,
            self.staff,
            self.administrator,
            self.superuser,
        )
        roles = dict(zip(ROLES, outcomes, strict=True))
        object.__setattr__(self, "expected", roles)


def everyone(outcome, **options):
    return Row(outcome, outcome, outcome, outcome, outcome, outcome, **options)


PUBLIC = everyone(OK)
LOGGED_IN = Row(LOGIN, OK, OK, OK, OK, OK)
STAFF_ONLY = Row(LOGIN, NOT_FOUND, NOT_FOUND, OK, OK, OK)


def own_agency(kwargs):
    """Agency A's private object: its liaison and staff see it, B's liaison gets 404."""
    return Row(LOGIN, OK, NOT_FOUND, OK, OK, OK, kwargs=kwargs)


MATRIX = {
    # Accounts and two-factor authentication
    "login": Row(OK, REDIRECT, REDIRECT, REDIRECT, REDIRECT, REDIRECT),
    "logout": everyone(NOT_ALLOWED),
    "password_change": LOGGED_IN,
    "password_change_done": LOGGED_IN,
    "password_reset": PUBLIC,
    "password_reset_done": PUBLIC,
    "password_reset_confirm": everyone(OK, kwargs=lambda world, side: {"uidb64": "MQ", "token": "bad-token"}),
    "password_reset_complete": PUBLIC,
    "security:two_factor": LOGGED_IN,
    "security:two_factor_setup": LOGGED_IN,
    # Liaisons without a device are sent to set one up; verified staff straight on.
    "security:two_factor_verify": Row(LOGIN, REDIRECT, REDIRECT, REDIRECT, REDIRECT, REDIRECT),
    "set_language": everyone(REDIRECT),
    "healthz": PUBLIC,
    # Liaison portal
    "portal:home": Row(LOGIN, REDIRECT, REDIRECT, REDIRECT, REDIRECT, REDIRECT),
    "portal:tasks": LOGGED_IN,
    "portal:commitment": own_agency(lambda world, side: {"pk": side.commitment.pk}),
    "portal:report_create": own_agency(lambda world, side: {"pk": side.commitment.pk}),
    "portal:report": own_agency(lambda world, side: {"pk": side.report.pk}),
    "portal:evidence": own_agency(lambda world, side: {"pk": side.evidence.pk}),
    "portal:verify": STAFF_ONLY,
    "portal:calendar": LOGGED_IN,
    "portal:calendar_feed": everyone(
        OK,
        kwargs=lambda world, side: {"token": side.feed.token},
        not_scoped="The secret token in the address is the key (calendar apps cannot log in).",
    ),
    # Staff workspace
    "workspace:dashboard": STAFF_ONLY,
    "workspace:agency_progress": STAFF_ONLY,
    "workspace:monev_index": STAFF_ONLY,
    "workspace:monev_agreement": Row(
        LOGIN, NOT_FOUND, NOT_FOUND, OK, OK, OK, kwargs=lambda world, side: {"pk": side.draft.pk}
    ),
    "workspace:monev_election": Row(
        LOGIN,
        NOT_FOUND,
        NOT_FOUND,
        OK,
        OK,
        OK,
        kwargs=lambda world, side: {"slug": world.election.slug},
        not_scoped="Elections belong to no agency.",
    ),
    "workspace:monev_period_choose": STAFF_ONLY,
    "workspace:monev_period": Row(
        LOGIN,
        NOT_FOUND,
        NOT_FOUND,
        OK,
        OK,
        OK,
        kwargs=lambda world, side: {"office": side.draft.office_id, "period": "2024-Q1"},
    ),
    "workspace:monev_period_pdf": Row(
        LOGIN,
        NOT_FOUND,
        NOT_FOUND,
        OK,
        OK,
        OK,
        kwargs=lambda world, side: {"office": side.draft.office_id, "period": "2024-Q1"},
    ),
    "workspace:monev_evaluation": Row(
        LOGIN,
        NOT_FOUND,
        NOT_FOUND,
        OK,
        OK,
        OK,
        kwargs=lambda world, side: {"office": side.draft.office_id, "period": "2024-Q1", "pk": side.draft.pk},
    ),
    "workspace:commitment_import": STAFF_ONLY,
    "workspace:deleted_records": STAFF_ONLY,
    "workspace:restore": everyone(
        NOT_ALLOWED,
        kwargs=lambda world, side: {
            "model": "agreement",
            "history_id": side.draft.history.first().history_id,
        },
    ),
    # Public site (published things only, the same for everyone)
    "public:home": PUBLIC,
    "public:agreement_list": PUBLIC,
    "public:agreement_detail": [
        everyone(OK, kwargs=lambda world, side: {"pk": side.published.pk}, label="published"),
        everyone(NOT_FOUND, kwargs=lambda world, side: {"pk": side.draft.pk}, label="draft"),
    ],
    "public:organisation_list": PUBLIC,
    "public:organisation_detail": everyone(OK, kwargs=lambda world, side: {"slug": side.agency.slug}),
    "public:focus_area_list": PUBLIC,
    "public:focus_area_detail": everyone(
        OK, kwargs=lambda world, side: {"slug": world.focus_area.slug}, not_scoped="Focus areas are public."
    ),
    "public:election_list": PUBLIC,
    "public:election_detail": everyone(
        OK, kwargs=lambda world, side: {"slug": world.election.slug}, not_scoped="Elections are public."
    ),
    "public:stage_detail": everyone(
        OK,
        kwargs=lambda world, side: {"slug": world.election.slug, "pk": world.stage.pk},
        not_scoped="Elections are public.",
    ),
    "public:open_data": PUBLIC,
    "public:agreements_csv": PUBLIC,
    "public:agreements_json": PUBLIC,
    "public:commitments_csv": PUBLIC,
    "public:commitments_json": PUBLIC,
    "public:document_download": [
        everyone(OK, kwargs=lambda world, side: {"pk": side.document.pk}, label="public document"),
        everyone(NOT_FOUND, kwargs=lambda world, side: {"pk": side.private_document.pk}, label="internal"),
    ],
    "public:feed_agreements": PUBLIC,
    "public:feed_progress": PUBLIC,
    "public:feed_deadlines": PUBLIC,
    "public:agreements_excel": PUBLIC,
    "public:commitments_excel": PUBLIC,
    "public:documents_csv": PUBLIC,
    "public:documents_json": PUBLIC,
    "public:documents_excel": PUBLIC,
    "public:due_date_changes_csv": PUBLIC,
    "public:due_date_changes_json": PUBLIC,
    "public:due_date_changes_excel": PUBLIC,
    "public:datapackage": PUBLIC,
    "public:changes_json": PUBLIC,
    "public:feed_changes": PUBLIC,
    # Public API: published things only, the same for everyone; a browser session is never used (api/).
    "api:agreement_list": PUBLIC,
    "api:agreement_detail": [
        everyone(OK, kwargs=lambda world, side: {"pk": side.published.pk}, label="published"),
        everyone(NOT_FOUND, kwargs=lambda world, side: {"pk": side.draft.pk}, label="draft"),
    ],
    "api:commitment_list": PUBLIC,
    "api:document_list": PUBLIC,
    "api:due_date_change_list": PUBLIC,
    "api:organisation_list": PUBLIC,
    "api:organisation_detail": everyone(OK, kwargs=lambda world, side: {"slug": side.agency.slug}),
    "api:office_list": PUBLIC,
    "api:election_list": PUBLIC,
    "api:election_detail": everyone(
        OK, kwargs=lambda world, side: {"slug": world.election.slug}, not_scoped="Elections are public."
    ),
    "api:focus_area_list": PUBLIC,
    "api:change_list": PUBLIC,
    # A token only (tests/api/test_tasks_with_token.py): a session, even staff's, gets 401.
    "api:task_list": everyone("401"),
    "api:schema": PUBLIC,
    "api:docs": PUBLIC,
    "api:not_found": everyone(NOT_FOUND),
}


def is_admin(name):
    """Admin URLs: named ("admin:index") or not (the admin's bare "<object_id>/" redirects)."""
    return name.startswith(("admin:", "admin/"))


def cases(name):
    rows = MATRIX[name]
    return rows if isinstance(rows, list) else [rows]


def on_office_site(row):
    """The same row with the world's KPU office in the address: each office's site answers as the nation's."""

    def kwargs(world, side):
        return {"office": side.published.office.slug, **(row.kwargs(world, side) if row.kwargs else {})}

    return replace(row, kwargs=kwargs)


MATRIX.update(
    {
        name.replace("public:", "public:office:"): [on_office_site(row) for row in cases(name)]
        for name in list(MATRIX)
        if name.startswith("public:")
    }
)
