"""gunicorn settings (docs/production.md): `gunicorn -c deploy/gunicorn.conf.py kpu_coop.wsgi`."""

import multiprocessing
import os

# Run from the project directory (as the systemd unit does), which gunicorn puts on sys.path.
from kpu_coop.environment import read_networks

# Loopback only: nginx on this host is the one client, and REMOTE_ADDR 127.0.0.1 is its TRUSTED_PROXIES entry.
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8001")
# Two workers per core plus one: the app waits on the database more than it computes.
workers = int(os.environ.get("GUNICORN_WORKERS", multiprocessing.cpu_count() * 2 + 1))
worker_class = "sync"
# Uploads of up to 20 MB from slow connections; nginx buffers them, so this only bounds a stuck worker.
timeout = 60
graceful_timeout = 30
# Recycle workers now and then so that a slow leak never becomes an outage: every 20,000 to 25,000
# requests, a few minutes at full load. A worker held 111 MB throughout 5,229 requests of seven public pages
# with recycling off, while each recycle stalls the requests queued behind the new worker's first ones: the
# cold listing's p99 was 215-262 ms recycling every 1,000 requests and 150-174 ms every 20,000 (16
# connections, three rounds). The wide jitter keeps the workers from restarting together.
max_requests = 20000
max_requests_jitter = 5000
# Load the app once in the master: a recycled worker forks ready instead of importing Django again (~1 s CPU).
preload_app = True


def when_ready(server):
    """Before the first fork: import the views, load the catalogues and compile the templates once, so that a
    new or recycled worker's first requests are as fast as its others (kpu_coop/warmup.py)."""
    if server.cfg.preload_app:
        from kpu_coop.warmup import warm_up

        server.log.info("Warmed up before forking: %d templates compiled.", warm_up())


# HTTPS is what a trusted proxy says in X-Forwarded-Proto, and nothing else: gunicorn's defaults also believe
# X-Forwarded-Ssl and X-Forwarded-Protocol, which nginx passes through untouched from any client.
secure_scheme_headers = {"X-FORWARDED-PROTO": "https"}
# The proxies Django believes (TRUSTED_PROXIES, read the same way); none when it is empty.
forwarded_allow_ips = ",".join(str(network) for network in read_networks("TRUSTED_PROXIES", default=[]))
# Logs go to the journal; the access log's %(h)s is the proxy, Django's security log has the client's address.
accesslog = "-"
errorlog = "-"
loglevel = "info"
# Private uploads are created readable by the service user only.
umask = 0o077
