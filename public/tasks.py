"""Background tasks of the public site (Django's tasks framework; the backend is the TASKS setting)."""

from django.tasks import task

from public.open_data_files import open_data_refresh


@task
def open_data_rebuild():
    """Rebuild the full open data files unless they are current; enqueued after public changes commit."""
    manifest = open_data_refresh()
    return {"generated_at": manifest["generated_at"], "version": manifest["version"]}
