"""Whether a save writes some of the given fields: all of them when ``update_fields`` is None."""


def touches(update_fields, fields):
    return update_fields is None or bool(set(fields) & set(update_fields))
