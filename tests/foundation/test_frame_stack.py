"""The frame-stack headroom given to each request on Pythons before CPython gh-142183's fix
(kpu_coop/frame_stack.py)."""

import functools
import resource

import pytest

from kpu_coop.frame_stack import loses_stack_chunks, with_stack_headroom
from kpu_coop.wsgi import application


@pytest.mark.parametrize(
    "version, loses",
    [
        ((3, 10, 14), False),
        ((3, 11, 7), True),
        ((3, 12, 1), True),
        ((3, 13, 0), True),
        ((3, 13, 12), True),
        ((3, 13, 13), False),
        ((3, 14, 3), True),
        ((3, 14, 4), False),
        ((3, 15, 0), False),
    ],
)
def test_it_knows_which_pythons_unmap_their_chunks(version, loses):
    assert loses_stack_chunks(version) is loses


def test_the_wrapped_application_gets_the_request_and_answers_with_its_own_response():
    calls = []

    def app(environ, start_response):
        calls.append((environ, start_response))
        return [b"page"]

    assert with_stack_headroom(app)({"PATH_INFO": "/"}, print) == [b"page"]
    assert calls == [({"PATH_INFO": "/"}, print)]


def test_the_server_runs_the_wrapped_application_where_python_needs_it():
    assert isinstance(application, functools.partial) is loses_stack_chunks()


def descend(depth):
    return descend(depth - 1) if depth else 0


def dive_repeatedly(base):
    """``base`` frames deeper, go ten frames down and back, twenty times."""
    if base:
        return dive_repeatedly(base - 1)
    for _ in range(20):
        descend(10)
    return None


def sweep_depths(environ=None, start_response=None):
    # Two hundred frames (about 30 KiB) cross at least one edge of a 16 KiB chunk wherever they start.
    for base in range(200):
        dive_repeatedly(base)


def page_faults(run):
    before = resource.getrusage(resource.RUSAGE_SELF).ru_minflt
    run()
    return resource.getrusage(resource.RUSAGE_SELF).ru_minflt - before


@pytest.mark.skipif(not loses_stack_chunks(), reason="this Python keeps a spare chunk (gh-142183 fixed)")
def test_calls_returning_across_a_chunk_edge_no_longer_map_a_chunk_each_time():
    sweep_depths()  # Both measured runs find the code and the pages of this process warm.
    bare = page_faults(sweep_depths)
    with_headroom = page_faults(lambda: with_stack_headroom(sweep_depths)({}, None))
    assert bare > 100
    assert with_headroom * 4 < bare, (bare, with_headroom)
