"""Copying an agreement for the next election while a colleague's save of it commits: the copy reads the
agreement, its parties and its commitments in separate statements, so it holds the agreement first; else it
could copy the parties from before the save and the commitments from after it, leaving a commitment whose
responsible organisation is no party of its agreement (what Commitment.clean refuses everywhere else)."""

import threading
from datetime import date

import pytest
from django.db import connection

from agreements import services
from agreements.models import Agreement, AgreementParty, Commitment
from tests.concurrency import held_while_or_before, recorded
from tests.factories import make_agreement, make_commitment, make_election, make_organisation, make_stage
from tests.foundation.test_admin_conflicts import edit, logged_in, open_form

pytestmark = [
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="SQLite serialises writers and hides the race"
    ),
    pytest.mark.django_db(transaction=True),
]


def copy_paused_after_its_parties(monkeypatch):
    """Make the copy in the thread named "first" stop once it has copied the parties, before it reads the
    new election's stages and the commitments; returns (holding, go_on)."""
    holding, go_on = threading.Event(), threading.Event()
    stages = services.ElectionStage.objects

    class PausingStages:
        class objects:  # stands in for the model's manager
            @staticmethod
            def filter(**kwargs):
                if threading.current_thread().name == "first":
                    holding.set()
                    go_on.wait(timeout=20)
                return stages.filter(**kwargs)

    monkeypatch.setattr(services, "ElectionStage", PausingStages)
    return holding, go_on


def test_a_copy_made_while_a_party_is_replaced_keeps_its_commitments_with_its_parties(monkeypatch):
    dukcapil, disdik = make_organisation(slug="dukcapil"), make_organisation(slug="disdik")
    agreement = make_agreement(agency=dukcapil, title="PKS Dukcapil")
    make_commitment(agreement, title="Menyediakan data", responsible=dukcapil)
    next_election = make_election(slug="pemilu-2029-uji")
    make_stage(next_election, name="Masa kampanye", start_date=date(2028, 11, 1), end_date=date(2029, 2, 10))
    client = logged_in("ani")
    form = open_form(client, agreement)
    party = next(
        key
        for key, value in form["data"].items()
        if key.startswith("parties-") and key.endswith("-organisation") and str(value) == str(dukcapil.pk)
    )
    holding, go_on = copy_paused_after_its_parties(monkeypatch)
    answers = {}

    def copy():
        source = Agreement.objects.get(pk=agreement.pk)
        return services.agreement_copy_to_election(agreement=source, election=next_election).agreement.pk

    def replace_party():
        return edit(client, form, **{party: disdik.pk, "commitments-0-responsible": disdik.pk}).status_code

    waited = held_while_or_before(
        recorded(answers, copy), recorded(answers, replace_party), holding=holding, go_on=go_on
    )

    assert answers["second"] == 302, answers
    copied = answers["first"]
    parties = AgreementParty.objects.filter(agreement_id=copied).values_list("organisation__slug", flat=True)
    responsible = Commitment.objects.filter(agreement_id=copied).values_list("responsible__slug", flat=True)
    # The copy is the agreement as it was before the save: Dukcapil a party, and the one responsible.
    assert "dukcapil" in set(parties), (answers, waited)
    assert set(responsible) == {"dukcapil"}, (answers, waited)


def test_two_copies_sent_together_make_one_draft(monkeypatch):
    """A double click, or two colleagues: the second copy waits for the first's lock on the agreement, then
    finds the first copy and names it instead of making a second draft."""
    agreement = make_agreement(title="PKS Dukcapil")
    next_election = make_election(slug="pemilu-2029-uji")
    holding, go_on = copy_paused_after_its_parties(monkeypatch)
    answers = {}

    def copy():
        source = Agreement.objects.get(pk=agreement.pk)
        return services.agreement_copy_to_election(agreement=source, election=next_election).agreement.pk

    waited = held_while_or_before(
        recorded(answers, copy), recorded(answers, copy), holding=holding, go_on=go_on
    )

    copies = list(Agreement.objects.filter(elections=next_election).values_list("pk", flat=True))
    assert copies == [answers["first"]], (answers, waited)
    assert answers["second"].startswith("CopyError"), answers
