from agreements.admin import agreements, commitments, reference  # noqa: F401  (registers the ModelAdmins)
