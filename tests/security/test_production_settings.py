"""Production start-up: `check --deploy` is clean, and a missing secret stops the app with its name."""

from tests.security.conftest import PRODUCTION_ENV, run_manage


def test_it_passes_the_deployment_checklist_with_no_warning():
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION_ENV)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_it_refuses_to_start_without_a_secret_key():
    env = {key: value for key, value in PRODUCTION_ENV.items() if key != "SECRET_KEY"}
    result = run_manage("check", env=env)
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_it_refuses_to_start_without_allowed_hosts():
    env = {key: value for key, value in PRODUCTION_ENV.items() if key != "ALLOWED_HOSTS"}
    result = run_manage("check", env=env)
    assert "ALLOWED_HOSTS must be set" in result.stderr


def test_it_refuses_a_trusted_proxy_that_is_not_an_address():
    result = run_manage("check", env={**PRODUCTION_ENV, "TRUSTED_PROXIES": "nginx.local"})
    assert "TRUSTED_PROXIES: 'nginx.local' is not an IP address or network." in result.stderr


def test_it_refuses_an_idle_timeout_longer_than_the_absolute_one():
    result = run_manage("check", env={"SESSION_IDLE_TIMEOUT": "7200", "SESSION_ABSOLUTE_TIMEOUT": "3600"})
    assert "SESSION_IDLE_TIMEOUT must be positive and at most SESSION_ABSOLUTE_TIMEOUT" in result.stderr


def test_it_refuses_an_upload_limit_of_zero():
    result = run_manage("check", env={"UPLOAD_RATE_WINDOW_MINUTES": "0"})
    assert "AGENCY_STORAGE_QUOTA_MB must be positive" in result.stderr


def test_it_refuses_an_upload_limit_that_is_not_a_number():
    result = run_manage("check", env={"AGENCY_STORAGE_QUOTA_MB": "5GB"})
    assert "AGENCY_STORAGE_QUOTA_MB='5GB' is not a whole number." in result.stderr


def test_it_accepts_the_gunicorn_configuration():
    import subprocess
    import sys

    from django.conf import settings

    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "--check-config",
            "-c",
            "deploy/gunicorn.conf.py",
            "kpu_coop.wsgi",
        ],
        cwd=settings.BASE_DIR,
        env={**PRODUCTION_ENV, "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_it_warns_when_production_caches_in_each_worker_s_own_memory():
    env = {**PRODUCTION_ENV, "CACHE_URL": "locmemcache://kpu-coop"}
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", env=env)

    assert result.returncode != 0
    assert "security.W001" in result.stderr
