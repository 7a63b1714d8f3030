"""Search finds agreements by words in the title, scope, numbers and parties, on either database."""

import pytest
from django.db import connection
from django.urls import reverse

from tests.factories import make_organisation, make_published_agreement

pytestmark = pytest.mark.django_db


def found(client, words):
    response = client.get(reverse("public:agreement_list"), {"q": words})
    assert response.status_code == 200
    return list(response.context["page"].object_list)


def test_it_finds_words_in_the_title(client):
    wanted = make_published_agreement(title="Perjanjian tentang arsip pemilu")
    make_published_agreement(title="Perjanjian tentang data pemilih")

    assert found(client, "arsip") == [wanted]


def test_it_finds_words_in_the_scope(client):
    wanted = make_published_agreement(scope="Sosialisasi tahapan bersama pelaku budaya.")
    make_published_agreement(scope="Pemutakhiran data.")

    assert found(client, "budaya") == [wanted]


def test_it_finds_a_partys_name(client):
    wanted = make_published_agreement(
        agency=make_organisation(name="Dinas Kependudukan", short_name="Dukcapil")
    )
    make_published_agreement()

    assert found(client, "dukcapil") == [wanted]


def test_it_finds_an_agreement_number(client):
    wanted = make_published_agreement()
    make_published_agreement()
    number = wanted.parties.get(role="second").number

    assert found(client, number) == [wanted]


def test_it_needs_every_word_to_match(client):
    wanted = make_published_agreement(
        title="Perjanjian arsip", agency=make_organisation(name="Dinas Perpustakaan dan Kearsipan")
    )
    make_published_agreement(title="Perjanjian arsip lain")

    assert found(client, "arsip perpustakaan") == [wanted]


def test_it_uses_full_text_search_on_postgresql(client):
    if connection.vendor != "postgresql":
        pytest.skip("full-text search needs PostgreSQL")
    # Word boundaries: full-text search does not match "data" inside "database".
    wanted = make_published_agreement(title="Pemutakhiran data pemilih")
    make_published_agreement(title="Pengelolaan database kepegawaian")

    assert found(client, "data") == [wanted]


def test_it_matches_parts_of_words_on_sqlite(client):
    if connection.vendor != "sqlite":
        pytest.skip("the simple match is SQLite's")
    wanted = make_published_agreement(title="Pengelolaan database kepegawaian")

    assert found(client, "datab") == [wanted]
