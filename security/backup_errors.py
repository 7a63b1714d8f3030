class BackupError(Exception):
    """A backup or restore that cannot go on; the message, in the user's language, says why and what to do."""
