"""Settings read from a production-like environment, checked in a fresh interpreter."""

from __future__ import annotations

import json
import os
import secrets
import string
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def production_env(**extra: str) -> dict[str, str]:
    alphabet = string.ascii_letters + string.digits + "!@#%^&*(-_=+)"
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "ALLIED_", "DATABASE_", "REDIS_"))
    }
    env.update(
        DJANGO_ENV="production",
        DJANGO_SECRET_KEY="".join(secrets.choice(alphabet) for _ in range(50)),
        DJANGO_ALLOWED_HOSTS="allied.example.nhs.uk",
        ALLIED_HTTPS="1",
        DATABASE_URL="postgres://postgres@127.0.0.1:5432/test",
        DJANGO_SETTINGS_MODULE="config.settings",
        **extra,
    )
    return env


def run_python(code: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(  # noqa: S603 - a fixed command: this interpreter and our code
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )


def test_deploy_check_passes_with_a_production_environment():
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=production_env(),
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert result.returncode == 0, result.stdout + result.stderr


def test_production_settings_are_secure_by_default():
    code = (
        "import json; from django.conf import settings as s; print(json.dumps({"
        "'debug': s.DEBUG, 'ssl': s.SECURE_SSL_REDIRECT, 'session': s.SESSION_COOKIE_SECURE,"
        "'csrf': s.CSRF_COOKIE_SECURE, 'hsts': s.SECURE_HSTS_SECONDS,"
        "'idle': s.SESSION_COOKIE_AGE, 'every': s.SESSION_SAVE_EVERY_REQUEST,"
        "'absolute': s.ALLIED_SESSION_ABSOLUTE_SECONDS,"
        "'verification': s.ACCOUNT_EMAIL_VERIFICATION, 'proxy': s.SECURE_PROXY_SSL_HEADER,"
        "'links': s.ACCOUNT_DEFAULT_HTTP_PROTOCOL}))"
    )

    result = run_python(code, production_env())

    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == {
        "debug": False,
        "ssl": True,
        "session": True,
        "csrf": True,
        "hsts": 31_536_000,
        "idle": 1800,
        "every": False,  # the idle clock is kept by SessionLifetimeMiddleware
        "absolute": 43_200,
        "verification": "mandatory",
        "proxy": ["HTTP_X_FORWARDED_PROTO", "https"],
        "links": "https",
    }


def test_entra_settings_come_from_the_environment_and_open_form_action_to_it():
    env = production_env(
        ALLIED_OIDC_CLIENT_ID="11111111-2222-3333-4444-555555555555",
        ALLIED_OIDC_CLIENT_SECRET="not-a-real-secret",
        ALLIED_OIDC_SERVER_URL="https://login.microsoftonline.com/tenant-id/v2.0",
        ALLIED_OIDC_PROVIDER_ID="northfield",
        ALLIED_OIDC_NAME="Northfield NHS account",
        ALLIED_OIDC_VERIFIED_EMAIL_DOMAINS="northfield.nhs.uk, Northfield.NHS.net",
    )
    code = (
        "import json; from django.conf import settings as s; print(json.dumps({"
        "'app': s.SOCIALACCOUNT_PROVIDERS['openid_connect']['APPS'][0],"
        "'form_action': s.CONTENT_SECURITY_POLICY['DIRECTIVES']['form-action']}))"
    )

    result = run_python(code, env)

    assert result.returncode == 0, result.stderr
    found = json.loads(result.stdout)
    app = found["app"]
    assert app["provider_id"] == "northfield"
    assert app["name"] == "Northfield NHS account"
    assert app["client_id"] == "11111111-2222-3333-4444-555555555555"
    assert app["secret"] == "not-a-real-secret"
    assert app["settings"]["server_url"] == "https://login.microsoftonline.com/tenant-id/v2.0"
    assert app["settings"]["verified_email"] == ["northfield.nhs.uk", "Northfield.NHS.net"]
    assert found["form_action"] == ["'self'", "https://login.microsoftonline.com"]


def test_production_refuses_to_start_without_a_secret_key():
    env = production_env()
    del env["DJANGO_SECRET_KEY"]
    result = run_python("import django; django.setup()", env)
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY is not set" in result.stderr


def test_messages_are_kept_in_the_session_not_a_cookie(client, django_user_model):
    user = django_user_model.objects.create_user(email="m@example.org", password="p" * 20)
    client.force_login(user)
    response = client.post("/accounts/logout/")
    assert "messages" not in response.cookies
    assert response.status_code == 302
