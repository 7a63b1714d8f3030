"""A status or kind is shown by its label in the active language, as Django's get_FOO_display() shows it."""

from django.utils import translation

from agreements.models import Agreement, Commitment


def test_it_gives_the_label_in_the_active_language():
    commitment = Commitment(status=Commitment.Status.DONE)
    with translation.override("id"):
        assert commitment.get_status_display() == "Selesai (terverifikasi)"
    with translation.override("en"):
        assert commitment.get_status_display() == "Done (verified)"


def test_it_agrees_with_djangos_own_label_for_every_choice():
    for value in Agreement.Kind.values:
        agreement = Agreement(kind=value)
        with translation.override("id"):
            # Django's get_FOO_display(), which the model overrides.
            assert agreement.get_kind_display() == agreement._get_FIELD_display(
                Agreement._meta.get_field("kind")
            )


def test_a_value_that_is_no_choice_is_shown_as_it_is():
    assert Commitment(status="hilang").get_status_display() == "hilang"
    assert Commitment(status=None).get_status_display() is None
