"""The warm-up gunicorn's master runs before it forks: what a first request would load, and no database."""

import runpy

from django.conf import settings
from django.template import engines
from django.urls import get_resolver

from kpu_coop import warmup


def test_it_compiles_every_project_template_without_touching_the_database():
    # No db fixture: any query here fails the test (pytest-django blocks it), as it would share a connection.
    compiled = warmup.warm_up()

    own = sum(1 for _ in (settings.BASE_DIR / "public" / "templates").rglob("*.html"))
    assert compiled > own > 10
    loader = engines["django"].engine.template_loaders[0]
    assert "public/agreement_list.html" in {key.split("-")[0] for key in loader.get_template_cache}


def test_it_imports_every_url_module_and_fills_the_reverse_lookups():
    warmup.warm_up()

    resolver = get_resolver()
    assert "public" in resolver.namespace_dict


def test_gunicorn_warms_up_in_the_master_only_when_it_preloads_the_app(monkeypatch):
    hooks = runpy.run_path(str(settings.BASE_DIR / "deploy" / "gunicorn.conf.py"))
    calls, logged = [], []
    monkeypatch.setattr(warmup, "warm_up", lambda: calls.append(True) or 3)

    class Server:
        class cfg:
            preload_app = True

        class log:
            info = staticmethod(lambda *args: logged.append(args))

    hooks["when_ready"](Server)
    Server.cfg.preload_app = False
    hooks["when_ready"](Server)

    assert calls == [True]
    assert logged[0][1] == 3
