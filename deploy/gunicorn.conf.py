"""gunicorn settings (docs/production.md): `gunicorn -c deploy/gunicorn.conf.py kpu_coop.wsgi`."""

import multiprocessing
import os

# Loopback only: nginx on this host is the one client, and REMOTE_ADDR 127.0.0.1 is its TRUSTED_PROXIES entry.
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8001")
# Two workers per core plus one: the app waits on the database more than it computes.
workers = int(os.environ.get("GUNICORN_WORKERS", multiprocessing.cpu_count() * 2 + 1))
worker_class = "sync"
# Uploads of up to 20 MB from slow connections; nginx buffers them, so this only bounds a stuck worker.
timeout = 60
graceful_timeout = 30
# Recycle workers now and then so that a slow leak never becomes an outage.
max_requests = 1000
max_requests_jitter = 100
# Django decides what is HTTPS (SECURE_PROXY_SSL_HEADER, TRUSTED_PROXIES); gunicorn believes only local nginx.
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1")
# Logs go to the journal; the access log's %(h)s is the proxy, Django's security log has the client's address.
accesslog = "-"
errorlog = "-"
loglevel = "info"
# Private uploads are created readable by the service user only.
umask = 0o077
