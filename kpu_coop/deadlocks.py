"""A write that PostgreSQL undid to break a deadlock is run again.

Two writes that lock the same rows in different orders can each wait for the other: an admin save holds its
record from the start (kpu_coop.admin_conflicts) and then locks what its signals recount, while a report's
review locks the report, its commitment and then the agreements whose progress it moves. PostgreSQL notices
the cycle after ``deadlock_timeout`` (1 s by default) and rolls one of them back; run again, it waits for the
other to commit and goes on. Only a whole transaction can be run again: inside an outer one it is left to that
one's caller.
"""

import logging
from functools import wraps

from django.db import OperationalError, transaction

logger = logging.getLogger(__name__)

# PostgreSQL's SQLSTATE for "deadlock detected".
DEADLOCK = "40P01"
ATTEMPTS = 3


def broke_a_deadlock(error):
    return getattr(error.__cause__, "sqlstate", None) == DEADLOCK


def retry_on_deadlock(function):
    """Run ``function``, a whole transaction, again when PostgreSQL rolled it back to break a deadlock: at
    most ATTEMPTS times, then the error stands (the friendly 503 page, security.middleware)."""

    @wraps(function)
    def wrapper(*args, **kwargs):
        # Inside an outer transaction, the whole of it would have to run again: its caller decides.
        retries = 0 if transaction.get_connection().in_atomic_block else ATTEMPTS - 1
        for _retry in range(retries):
            try:
                return function(*args, **kwargs)
            except OperationalError as error:
                if not broke_a_deadlock(error):
                    raise
                logger.warning("%s rolled back to break a deadlock; running it again", function.__qualname__)
        return function(*args, **kwargs)

    return wrapper
