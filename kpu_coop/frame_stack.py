"""Room on CPython's frame stack for each request, on the Pythons that unmap a stack chunk whenever a call
returns across its edge (CPython gh-142183: fixed in 3.14.4, and in 3.13.13 after its backport to 3.13).

CPython 3.11 and later keep the frames of Python calls in chunks of 16 KiB. Before that fix, a chunk was
unmapped as soon as its last frame returned, so a request whose templates render up and down across a chunk's
edge mapped, faulted in and unmapped a chunk hundreds of times. Under gunicorn on 3.13.0 the public listing
took 600 page faults and 3.8 ms of system time per request, a third of its time; the agency page took 1,600.
Where the edges fall depends on how deep the server calls the application, so any change anywhere in the
stack could move a page onto one (docs/production.md, "Python version").

``with_stack_headroom`` calls the application from a frame too large for a chunk of 16 KiB. CPython gives a
frame that does not fit a new chunk sized for the frame plus ``CHUNK_OVERHEAD_WORDS`` and rounded up to a
power of two: here 64 KiB, of which the request gets the 39 KiB the frame leaves, more than any page uses.
That one chunk is mapped once per request.
"""

import functools
import struct
import sys

# Python/pystate.c (push_chunk): a new chunk holds the frame and at least this many more words.
CHUNK_OVERHEAD_WORDS = 1000
HEADROOM_CHUNK_BYTES = 64 * 1024
WORD_BYTES = struct.calcsize("P")
# The fewest unused locals that make the frame plus the overhead need more than half of 64 KiB.
PADDING_WORDS = HEADROOM_CHUNK_BYTES // 2 // WORD_BYTES - CHUNK_OVERHEAD_WORDS + 1


def loses_stack_chunks(version=sys.version_info[:3]):
    """Whether this CPython frees a frame-stack chunk each time a call returns across its edge."""
    return (3, 11) <= version < (3, 13, 13) or (3, 14) <= version < (3, 14, 4)


def _call_in_own_chunk(function, *args, **kwargs):
    return function(*args, **kwargs)


# Unused locals make the frame big; a function without closures keeps its variables' indexes when locals are
# appended (free and cell variables would come after them).
_call_in_own_chunk.__code__ = _call_in_own_chunk.__code__.replace(
    co_varnames=_call_in_own_chunk.__code__.co_varnames + tuple(f"_unused{i}" for i in range(PADDING_WORDS)),
    co_nlocals=_call_in_own_chunk.__code__.co_nlocals + PADDING_WORDS,
)


def with_stack_headroom(function):
    """``function`` (the WSGI application; a test client's request in benchmarks.inprocess), called each time
    in a frame-stack chunk of its own with 39 KiB of room."""
    return functools.partial(_call_in_own_chunk, function)
