"""Why a record changed, as its history row keeps it: what happened and its values, not a sentence.

A history row outlives the request that wrote it and is read by staff in either language. A service stores
``because(code, **values)`` (JSON), and the history page composes the sentence in the reader's language
when it shows it (``reason_text``). Each app registers the sentences of its codes in ``REASONS`` when it is
ready. A reason a person typed, or one stored as a sentence before this, is shown as it is.
"""

import json

# code -> compose(values): the sentence, in the active language.
REASONS = {}


def because(code, **values):
    return json.dumps({"because": code, **values}, ensure_ascii=False, separators=(",", ":"), default=str)


def reason_text(stored):
    try:
        values = json.loads(stored)
        compose = REASONS[values.pop("because")]
    except (TypeError, ValueError, AttributeError, KeyError):
        return stored
    return compose(values)
