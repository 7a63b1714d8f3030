"""A form that lost a race to a database constraint comes back with the field's error, not a 500 page.

Two people send forms naming one unique value at once (an email address, a slug, a region's KPU office):
both forms' checks read "nobody has it" before either writes, and the later INSERT or UPDATE waits for the
earlier one's commit, then trips the constraint. Its transaction (or savepoint) rolled back, the view runs
once more, as if sent a moment later: the form's own checks (unique fields, ``Meta.constraints``) now read
the committed row and show their usual error, with the user's input (a form with uploads stores none of them
then). A constraint that no form checks fails again, and that error stands.
"""

import logging
from functools import wraps

from django.db import IntegrityError

logger = logging.getLogger(__name__)


def rerun_on_integrity_error(view):
    """Run ``view``, a whole transaction or savepoint, once more when the database refused its writes."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except IntegrityError:
            logger.info("%s refused by a constraint; checking the form again", request.path)
        return view(request, *args, **kwargs)

    return wrapper
