"""`gunicorn -c deploy/gunicorn.conf.py benchmarks.minimal.wsgi`: the benchmark's ceiling (settings.py)."""

import os

from django.core.wsgi import get_wsgi_application

# Forced, not defaulted: the harness's own environment names the application's settings.
os.environ["DJANGO_SETTINGS_MODULE"] = "benchmarks.minimal.settings"
application = get_wsgi_application()
