from agreements.admin import agreements, commitments, reference, reports  # noqa: F401  (registers the ModelAdmins)
