"""On a 360 px phone, with a keyboard, and without JavaScript: a page showing a message after an action, the
admin's change forms of agreement and commitment, its change lists' filters and its commitment add form."""

import pytest
from django.conf import settings
from django.contrib import admin
from django.urls import NoReverseMatch, reverse
from playwright.sync_api import expect

from agreements.demo import load_demo
from agreements.models import Agreement, Commitment
from kpu_coop import pagination
from tests.browser.conftest import new_page
from tests.browser.test_accessibility import violations
from tests.browser.test_portal_report_accepted import log_in
from tests.browser.test_workspace import log_in_as_kpu, settle

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PHONE = {"width": 360, "height": 740}
MOU = "Nota Kesepahaman antara KPU Kabupaten Bantul dan Pemerintah Kabupaten Bantul"


@pytest.fixture
def demo():
    load_demo(password=settings.DEMO_PASSWORD)


@pytest.fixture
def phone_for_axe(browser, live_server):
    context = browser.new_context(base_url=live_server.url, viewport=PHONE, bypass_csp=True)
    context.set_default_timeout(15_000)
    yield context.new_page()
    context.close()


@pytest.fixture
def phone_without_javascript(browser, live_server):
    context, page = new_page(browser, live_server, java_script_enabled=False)
    context.set_default_timeout(15_000)
    yield page
    context.close()


def axe_rules(page, axe_script):
    return sorted({problem.split(":")[0] for problem in violations(page, axe_script)})


# --- Messages: every page that shows a Django message (after a report, a review, a calendar change...) ---


def test_a_page_showing_a_message_has_no_axe_violations(phone_for_axe, axe_script, demo):
    page = phone_for_axe
    commitment = Commitment.objects.get(responsible__slug="dukcapil")
    log_in(page, "dukcapil")
    page.goto(reverse("portal:report_create", args=[commitment.pk]))
    page.get_by_label("Apa yang sudah dikerjakan").fill("Data kependudukan sudah diserahkan.")
    page.locator("input[name=claim][value=in_progress]").check()
    page.get_by_role("button", name="Kirim laporan").click()
    expect(page.locator(".messages")).to_contain_text("Laporan Anda sudah dikirim ke KPU")

    # A message's status or alert role is not put on a list item, which would leave a list with no items.
    assert violations(page, axe_script) == []
    settle(page)


# --- The admin's change forms of agreement and commitment, on a phone ---


def test_the_admin_agreement_change_form_has_no_axe_violations(phone_for_axe, axe_script, demo):
    page = phone_for_axe
    agreement = Commitment.objects.get(responsible__slug="dukcapil").agreement
    log_in_as_kpu(page)
    page.goto(reverse("admin:agreements_agreement_change", args=[agreement.pk]))
    expect(page.locator("#agreement_form")).to_be_visible()

    # Every witness input has a label, and elections and focus areas are chosen with labelled checkboxes.
    assert axe_rules(page, axe_script) == []
    settle(page)


def test_the_admin_commitment_change_form_has_no_axe_violations(phone_for_axe, axe_script, demo):
    page = phone_for_axe
    commitment = Commitment.objects.get(responsible__slug="dukcapil")
    log_in_as_kpu(page)
    page.goto(reverse("admin:agreements_commitment_change", args=[commitment.pk]))
    expect(page.locator("#commitment_form")).to_be_visible()

    # The due-date history, wider than the phone, scrolls in a box a keyboard can reach.
    assert axe_rules(page, axe_script) == []
    settle(page)


def test_the_admin_commitment_add_form_has_no_axe_violations(phone_for_axe, axe_script, demo):
    page = phone_for_axe
    log_in_as_kpu(page)
    page.goto(reverse("admin:agreements_commitment_add"))
    expect(page.locator("#commitment_form")).to_be_visible()

    # The autocomplete boxes of agreement, responsible, focus area and due stage are named while empty.
    assert axe_rules(page, axe_script) == []
    settle(page)


@pytest.mark.parametrize(
    "page_name",
    [
        "agreements_agreement_add",
        "agreements_agreementparty_add",
        "agencies_organisation_add",
        "agencies_membership_add",
        "agreements_commitmentassignment_add",
        # A file input (labelled, not in a legend's fieldset) and blank tabular stage rows (labelled each).
        "agreements_document_add",
        "agreements_election_add",
    ],
)
def test_the_admin_forms_listing_their_choices_have_no_axe_violations(
    phone_for_axe, axe_script, demo, page_name
):
    page = phone_for_axe
    log_in_as_kpu(page)
    page.goto(reverse(f"admin:{page_name}"))
    expect(page.locator("#content-main form")).to_be_visible()

    # Their autocomplete boxes, listing their choices without JavaScript, are named while empty.
    assert violations(page, axe_script) == []
    settle(page)


@pytest.mark.parametrize("model", ["agreement", "commitment"])
def test_the_admin_change_list_filters_are_big_enough_to_tap(phone_for_axe, axe_script, demo, model):
    page = phone_for_axe
    log_in_as_kpu(page)
    page.goto(reverse(f"admin:agreements_{model}_changelist"))
    filters = page.locator("#changelist-filter li a")
    expect(filters.first).to_be_visible()

    heights = filters.evaluate_all("links => links.map(link => link.getBoundingClientRect().height)")
    # WCAG 2.5.8 (axe "target-size"): at least 24 px high.
    assert min(heights) >= 24, heights
    assert axe_rules(page, axe_script) == []
    settle(page)


def test_the_name_boxes_of_long_selects_have_no_axe_violations(phone_for_axe, axe_script, demo, monkeypatch):
    monkeypatch.setattr(pagination, "CHOICE_LIMIT", 1)
    page = phone_for_axe
    log_in_as_kpu(page)
    # As without JavaScript: Select2 would take the boxes away (axe itself needs JavaScript to run).
    page.route("**/autocomplete*.js", lambda route: route.abort())
    page.goto(reverse("admin:agreements_agreement_add"))
    expect(page.locator("#id_parties-0-organisation__name")).to_be_visible()

    assert violations(page, axe_script) == []
    settle(page)


# Each field whose right edge passes its form row's (the row cuts it off), with the row's right edge.
CUT_OFF_FIELDS = """[...document.querySelectorAll('.form-row :is(input, select, textarea)')]
  .filter((field) => field.type !== "hidden" && field.offsetParent)
  .filter((field) => {
    const row = field.closest(".form-row").getBoundingClientRect();
    return field.getBoundingClientRect().right > row.right + 0.5;
  })
  .map((field) => field.name)"""


def admin_form_pages():
    """Every admin add page, and the change pages of an agreement and a commitment (their inlines filled)."""
    pages = []
    for model in admin.site._registry:
        try:
            pages.append(reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_add"))
        except NoReverseMatch:
            continue
    commitment = Commitment.objects.first()
    pages.append(reverse("admin:agreements_agreement_change", args=[commitment.agreement_id]))
    pages.append(reverse("admin:agreements_commitment_change", args=[commitment.pk]))
    return pages


def test_the_admin_forms_fit_a_phone(phone_without_javascript, demo, monkeypatch):
    """Django sizes a form row's fields to the screen less the page's margins: inside an inline's card they
    ran 12 px past its edge (staff.css). The name boxes of long selects are drawn too."""
    monkeypatch.setattr(pagination, "CHOICE_LIMIT", 1)
    page = phone_without_javascript
    log_in(page, "kpu")
    page.wait_for_url(lambda url: "two-factor" not in url and "login" not in url)

    problems = {}
    for address in admin_form_pages():
        page.goto(address)
        cut_off = page.evaluate(CUT_OFF_FIELDS)
        width = page.evaluate("document.documentElement.scrollWidth")
        if cut_off or width > PHONE["width"]:
            problems[address] = (width, cut_off)
    assert problems == {}
    settle(page)


# --- Without JavaScript ---


def test_staff_can_add_a_commitment_in_the_admin_without_javascript(phone_without_javascript, demo):
    page = phone_without_javascript
    log_in(page, "kpu")
    page.wait_for_url(lambda url: "two-factor" not in url and "login" not in url)
    page.goto(reverse("admin:agreements_commitment_add"))
    expect(page.locator("#commitment_form")).to_be_visible()

    # Without select2, the autocomplete fields still offer their choices, not only the empty one.
    choices = {
        name: page.locator(f"#id_{name} option").count()
        for name in ["agreement", "responsible", "focus_area", "due_stage"]
    }
    assert all(count > 1 for count in choices.values()), choices
    settle(page)


def test_staff_can_add_an_agreement_with_a_party_agency_without_javascript(phone_without_javascript, demo):
    page = phone_without_javascript
    log_in(page, "kpu")
    page.wait_for_url(lambda url: "two-factor" not in url and "login" not in url)
    page.goto(reverse("admin:agreements_agreement_add"))
    page.locator("#id_title").fill("PKS tanpa JavaScript")
    # Without select2, the parent's box lists the office's agreements and each party's its agencies.
    page.locator("#id_parent").select_option(label=MOU)
    page.locator("#id_parties-0-organisation").select_option(label="KPU Kabupaten Bantul")
    page.locator("#id_parties-1-organisation").select_option(label="Dukcapil")
    page.locator("input[name=_save]").click()

    expect(page.get_by_text("berhasil ditambahkan")).to_be_visible()
    agreement = Agreement.objects.get(title="PKS tanpa JavaScript")
    assert agreement.parent.title == MOU
    assert {party.organisation.slug for party in agreement.parties.all()} == {"kpu-bantul", "dukcapil"}
    settle(page)


def test_staff_can_name_a_party_agency_past_the_list_without_javascript(
    phone_without_javascript, demo, monkeypatch
):
    monkeypatch.setattr(pagination, "CHOICE_LIMIT", 1)
    page = phone_without_javascript
    log_in(page, "kpu")
    page.wait_for_url(lambda url: "two-factor" not in url and "login" not in url)
    page.goto(reverse("admin:agreements_agreement_add"))
    page.locator("#id_title").fill("PKS dengan nama diketik")
    box = page.locator("#id_parties-1-organisation__name")
    expect(page.locator("label[for=id_parties-1-organisation__name]")).to_have_text("Atau ketik namanya")
    box.fill("Dukcapi")
    assert box.bounding_box()["x"] + box.bounding_box()["width"] <= PHONE["width"]
    page.locator("#id_parties-0-organisation__name").fill("KPU Kabupaten Bantul")
    page.locator("input[name=_save]").click()

    expect(page.get_by_text("berhasil ditambahkan")).to_be_visible()
    agreement = Agreement.objects.get(title="PKS dengan nama diketik")
    assert {party.organisation.slug for party in agreement.parties.all()} == {"kpu-bantul", "dukcapil"}
    settle(page)


def test_staff_can_assign_a_liaison_to_a_commitment_without_javascript(phone_without_javascript, demo):
    page = phone_without_javascript
    commitment = Commitment.objects.get(responsible__slug="dukcapil")
    commitment.assignments.all().delete()
    log_in(page, "kpu")
    page.wait_for_url(lambda url: "two-factor" not in url and "login" not in url)
    page.goto(reverse("admin:agreements_commitment_change", args=[commitment.pk]))
    # Without JavaScript the inline offers no "add another" link: one blank row stands ready.
    page.locator("#id_assignments-0-user").select_option(label="dukcapil")
    page.locator("input[name=_save]").click()

    expect(page.get_by_text("berhasil diubah")).to_be_visible()
    assert list(commitment.assignments.values_list("user__username", flat=True)) == ["dukcapil"]
    settle(page)
