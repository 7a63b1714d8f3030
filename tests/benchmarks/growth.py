"""Counting a page's queries with N rows and with 3N: a page whose count is fixed gives the same twice."""

N = 2


def at_n_and_3n(count, grow):
    """``count()`` once ``grow(N)`` has added N rows, and again once ``grow(2 * N)`` has made them 3N."""
    grow(N)
    small = count()
    grow(2 * N)
    return small, count()
