"""axe-core finds no WCAG 2.2 AA violations on any public page, in either language."""

import pytest

from tests.browser.world import build_world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
PAGES = {
    "home": lambda world: "/",
    "listing": lambda world: "/agreements/",
    "listing with filters open": lambda world: "/agreements/?focus_area=pemutakhiran-data-pemilih&page=1",
    "listing with no result": lambda world: "/agreements/?q=tidakada",
    "listing with a bad filter": lambda world: "/agreements/?agency=tidak-ada&signed_from=kemarin",
    "listing past its last page": lambda world: "/agreements/?page=99",
    "agreement": lambda world: f"/agreements/{world['voters'].pk}/",
    "agencies": lambda world: "/agencies/",
    "agency": lambda world: f"/agencies/{world['dukcapil'].slug}/",
    "focus areas": lambda world: "/focus-areas/",
    "focus area": lambda world: f"/focus-areas/{world['voter_data'].slug}/",
    "elections": lambda world: "/elections/",
    "election timeline": lambda world: f"/elections/{world['pemilu'].slug}/",
    "election stage": lambda world: f"/elections/{world['pemilu'].slug}/stages/{world['campaign'].pk}/",
    "open data": lambda world: "/data/",
    "not found": lambda world: "/agreements/999999/",
    # The same pages on the office's own site (public.sites): its name in the header, a link to all offices.
    "office home": lambda world: f"/{world['voters'].office.slug}/",
    "office listing": lambda world: f"/{world['voters'].office.slug}/agreements/",
    "office agreement": lambda world: f"/{world['voters'].office.slug}/agreements/{world['voters'].pk}/",
    "office agency": lambda world: f"/{world['voters'].office.slug}/agencies/{world['dukcapil'].slug}/",
    "office timeline": lambda world: f"/{world['voters'].office.slug}/elections/{world['pemilu'].slug}/",
    "office open data": lambda world: f"/{world['voters'].office.slug}/data/",
}


def violations(page, axe_script):
    page.add_script_tag(path=str(axe_script))
    found = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}}).then(r => r.violations)", TAGS
    )
    return [f"{v['id']}: {v['help']} ({[n['target'] for n in v['nodes']]})" for v in found]


@pytest.mark.parametrize("language", ["", "/en"])
@pytest.mark.parametrize("name", PAGES)
def test_it_has_no_accessibility_violations(page_for_axe, axe_script, name, language):
    world = build_world()
    page = page_for_axe
    page.goto(language + PAGES[name](world))

    assert violations(page, axe_script) == []
