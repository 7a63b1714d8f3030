"""The security log: one JSON object per line on the ``security`` logger (see README, "Security")."""

import json
import logging
from contextlib import contextmanager

from django.utils import timezone

from security.client_ip import client_ip

logger = logging.getLogger("security")


def log_event(event, *, request=None, level=logging.INFO, **fields):
    """Write one event, e.g. ``log_event("login_failed", request=request, username="kpu")``."""
    record = {"event": event, "at": timezone.now().isoformat(timespec="seconds")}
    if request is not None:
        user = getattr(request, "user", None)
        record["ip"] = client_ip(request)
        record["path"] = request.path
        if user is not None and user.is_authenticated:
            record["actor"] = user.get_username()
    record.update(fields)
    logger.log(level, json.dumps(record, ensure_ascii=False, sort_keys=True, default=str))


@contextmanager
def security_log_quieted():
    """Hide the log's routine lines (rights changes are warnings) while the block runs; errors still show."""
    previous = logger.level
    logger.setLevel(logging.ERROR)
    try:
        yield
    finally:
        logger.setLevel(previous)
