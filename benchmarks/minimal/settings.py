"""The ceiling of `make bench`: a Django project that does the least Django can do for a request.

One view with a short fixed answer, no middleware, no database, no apps; served by gunicorn with the same
configuration file as the application, so the ratio of a page to it is the cost of the page's own work.
"""

SECRET_KEY = "benchmark-ceiling-only-no-secrets-here-0123456789-abcdefghijklmnopqrstuvwxyz"
DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
ROOT_URLCONF = "benchmarks.minimal.urls"
WSGI_APPLICATION = "benchmarks.minimal.wsgi.application"
INSTALLED_APPS = []
MIDDLEWARE = []
DATABASES = {}
USE_I18N = False
USE_TZ = True
