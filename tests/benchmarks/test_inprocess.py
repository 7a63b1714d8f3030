"""benchmarks.inprocess: the meter behind the in-process page measurements."""

import pytest
from django.db import connection
from django.template.backends.django import Template
from django.test import Client

from benchmarks.inprocess import Meter

pytestmark = pytest.mark.django_db


def test_it_counts_the_queries_and_times_sql_and_render_of_a_request():
    meter = Meter()
    with meter.installed():
        Client().get("/elections/")
    assert meter.queries == 1
    assert meter.sql > 0
    assert meter.render > 0


def test_it_leaves_rendering_and_the_connection_as_they_were():
    render, wrappers = Template.render, list(connection.execute_wrappers)
    with Meter().installed():
        pass
    assert Template.render is render
    assert connection.execute_wrappers == wrappers
