"""Property-based fuzzing: whatever is typed into any form or any query parameter, no answer is a 5xx.

Forms are found by reading each page's HTML, so a form or filter added later is fuzzed without a new test:
every URL of the permission matrix (opened as a visitor who may see it) and the admin's add and list pages.
"""

from html.parser import HTMLParser
from urllib.parse import parse_qsl, urlparse

import pytest
from django.contrib import admin
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.factories import PDF_BYTES
from tests.security.conftest import client_for
from tests.security.permission_matrix import MATRIX, OK, cases

NASTY = [
    "",
    " ",
    "0",
    "-1",
    "99999999999999999999999",
    "1e309",
    "NaN",
    "null",
    "\x00",
    "'; DROP TABLE agreements_agreement; --",
    "<script>alert(1)</script>",
    "../../etc/passwd",
    "٣٤",
    "\u202e",
    "%00",
    "2024-02-30",
    "9999-12-31",
    "x" * 1000,
]
# Modest and repeatable: the suite stays fast, and a failure found once is found again on every run.
FUZZ = {"deadline": None, "suppress_health_check": [HealthCheck.function_scoped_fixture], "derandomize": True}
# The admin's forms are large and slow to redraw; its inputs are Django's own, fuzzed less.
EXAMPLES, ADMIN_EXAMPLES = 10, 3


class FormParser(HTMLParser):
    """Every <form> of a page with its action, method, fields and the options offered for each."""

    def __init__(self):
        super().__init__()
        self.forms, self.links, self.form, self.select = [], set(), None, None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "a" and "?" in (attrs.get("href") or ""):
            self.links.update(name for name, _ in parse_qsl(urlparse(attrs["href"]).query))
        if tag == "form":
            self.form = {
                "action": attrs.get("action") or "",
                "method": (attrs.get("method") or "get").lower(),
            }
            self.form["fields"] = {}
            self.forms.append(self.form)
        elif self.form is not None and tag in ("input", "textarea", "select") and attrs.get("name"):
            field = self.form["fields"].setdefault(
                attrs["name"], {"type": attrs.get("type", tag), "options": []}
            )
            if attrs.get("value"):
                field["options"].append(attrs["value"])
            if tag == "select":
                self.select = field
        elif tag == "option" and self.select is not None:
            self.select["options"].append(attrs.get("value", ""))

    def handle_endtag(self, tag):
        if tag == "form":
            self.form = None
        elif tag == "select":
            self.select = None


def value_strategy(field):
    choices = [st.sampled_from(NASTY), st.text(max_size=30), st.integers(-(10**12), 10**12).map(str)]
    if field["options"]:
        choices.append(st.sampled_from(field["options"]))
    if field["type"] == "file":
        return st.builds(
            SimpleUploadedFile,
            st.text(min_size=1, max_size=20).map(lambda name: name.replace("/", "") + ".pdf"),
            st.one_of(st.binary(max_size=200), st.binary(max_size=200).map(PDF_BYTES.__add__)),
        )
    single = st.one_of(*choices)
    return st.one_of(single, st.lists(single, min_size=2, max_size=3))


def data_strategy(fields):
    known = {name: value_strategy(field) for name, field in fields.items() if name != "csrfmiddlewaretoken"}
    extra = st.dictionaries(st.text(min_size=1, max_size=8), st.sampled_from(NASTY), max_size=2)
    return st.tuples(st.fixed_dictionaries({}, optional=known), extra).map(
        lambda pair: {**pair[1], **pair[0]}
    )


def role_that_sees(row):
    return next((role for role in ("anonymous", "liaison_a", "staff") if row.expected[role] == OK), None)


def admin_pages():
    names = []
    for model in admin.site._registry:
        if model._meta.app_label in ("agencies", "agreements"):
            prefix = f"admin:{model._meta.app_label}_{model._meta.model_name}"
            names += [f"{prefix}_changelist", f"{prefix}_add"]
    return sorted(names)


PAGES = sorted(name for name in MATRIX if any(role_that_sees(row) for row in cases(name))) + admin_pages()


def forms_on(client, url):
    response = client.get(url)
    # Reading a streamed file to the end closes it; close() itself would also close the test's database
    # connection (it sends request_finished), which on PostgreSQL ends the test's transaction.
    content = b"".join(response.streaming_content) if response.streaming else response.content
    parser = FormParser()
    if "html" in response.get("Content-Type", ""):
        parser.feed(content.decode("utf-8", "replace"))
    # The page's own query parameters (from its links) are fuzzed on the page itself, as a GET form.
    own = {
        "action": url,
        "method": "get",
        "fields": {name: {"type": "text", "options": []} for name in parser.links},
    }
    own["fields"].setdefault("page", {"type": "text", "options": ["1", "2"]})
    return [own, *parser.forms]


def submit(client, url, form, data):
    target = form["action"] or url
    if not target.startswith("/"):
        target = url
    response = client.post(target, data) if form["method"] == "post" else client.get(target, data)
    if response.streaming:
        b"".join(response.streaming_content)
    return response


@pytest.mark.parametrize("name", PAGES)
def test_it_never_answers_a_server_error_to_any_form_input(name, world):
    if name.startswith("admin:"):
        role, url = "staff", reverse(name)
    else:
        row = next(row for row in cases(name) if role_that_sees(row))
        role = role_that_sees(row)
        url = reverse(name, kwargs=row.kwargs(world, world.a) if row.kwargs else None)
    client = client_for(role, world)
    client.raise_request_exception = False
    forms = forms_on(client, url)

    @settings(max_examples=ADMIN_EXAMPLES if name.startswith("admin:") else EXAMPLES, **FUZZ)
    @given(
        form_and_data=st.sampled_from(forms).flatmap(
            lambda form: st.tuples(st.just(form), data_strategy(form["fields"]))
        )
    )
    def fuzz(form_and_data):
        form, data = form_and_data
        response = submit(client, url, form, data)
        assert response.status_code < 500, f"{form['method'].upper()} {form['action'] or url} {data!r}"

    fuzz()
