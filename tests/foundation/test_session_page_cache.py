"""A logged-in page cached per session is never another browser's, and never hides a message."""

import pytest
from django.contrib import messages
from django.contrib.auth.models import AnonymousUser
from django.contrib.messages.middleware import MessageMiddleware
from django.contrib.sessions.middleware import SessionMiddleware
from django.core.cache import cache
from django.http import HttpResponse

from kpu_coop.page_cache import cached_session_page

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()
    yield
    cache.clear()


@cached_session_page(lambda request: "same data")
def page(request):
    page.renders += 1
    shown = " ".join(str(message) for message in messages.get_messages(request))
    return HttpResponse(f"render {page.renders}: {shown}")


def browser(rf, session_key=None, csrf="a" * 32):
    request = rf.get("/halaman/", HTTP_COOKIE=f"csrftoken={csrf}")
    SessionMiddleware(lambda r: None).process_request(request)
    if session_key is None:
        request.session.save()
    else:
        request.session = request.session.__class__(session_key)
    MessageMiddleware(lambda r: None).process_request(request)
    request.user = AnonymousUser()
    return request


@pytest.fixture(autouse=True)
def fresh_count():
    page.renders = 0


def test_a_repeat_view_in_the_same_session_is_served_from_the_cache(rf):
    first = browser(rf)
    page(first)

    again = page(browser(rf, first.session.session_key))

    assert again.content == b"render 1: "


def test_another_session_or_csrf_cookie_gets_its_own_page(rf):
    first = browser(rf)
    page(first)

    other_session = page(browser(rf))
    other_cookie = page(browser(rf, first.session.session_key, csrf="b" * 32))

    assert other_session.content == b"render 2: "
    assert other_cookie.content == b"render 3: "


def test_a_waiting_message_is_shown_rather_than_a_cached_page(rf):
    first = browser(rf)
    page(first)
    later = browser(rf, first.session.session_key)
    messages.success(later, "Laporan terkirim.")

    response = page(later)

    assert response.content == b"render 2: Laporan terkirim."
