"""Cache keys for what liaisons see: the data version that includes reports and assignments."""

from kpu_coop.versions import internal_data_version


def task_list_key(user, today):
    """What a task list shows besides the session, address and language: data and whose list it is."""
    # A change of the user's agencies moves the data version (memberships keep history).
    parts = [internal_data_version(), str(user.pk), str(user.is_kpu_staff), today.isoformat()]
    return "\n".join(parts)
