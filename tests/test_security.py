"""Security: the headers on every public URL, login lockout, and the production settings
passing Django's deployment checks (in a subprocess with the production environment)."""

import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

from tests.crawl import crawl_urls, public_routes
from tests.factories import make_sample_archive

ROOT = Path(__file__).resolve().parent.parent


def assert_security_headers(response, url):
    csp = response.get("Content-Security-Policy", "")
    directives = dict((part.strip().split(" ", 1) + [""])[:2] for part in csp.split(";") if part.strip())
    assert directives.get("default-src") == "'self'", (url, csp)
    assert directives.get("script-src") == "'self'", (url, csp)
    assert directives.get("style-src") == "'self'", (url, csp)
    assert directives.get("frame-ancestors") == "'none'", (url, csp)
    assert directives.get("object-src") == "'none'", (url, csp)
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp, (url, csp)
    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload", url
    assert response["X-Content-Type-Options"] == "nosniff", url
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin", url
    assert response["X-Frame-Options"] == "DENY", url
    # Every page, the API's Swagger page included (served as a page and a script file).
    assert response["Cross-Origin-Opener-Policy"] == "same-origin", url


@pytest.mark.django_db
def test_every_public_url_carries_the_security_headers(client, measured):
    data = make_sample_archive()
    urls = crawl_urls(data)
    named = {name for name, _route, _conv in public_routes() if name}
    assert {"home", "call-list", "call-detail", "calls-day", "country-pair", "search"} <= named
    statuses = {}
    for url in urls:
        response = client.get(url, secure=True)
        statuses[url] = response.status_code
        assert response.status_code < 500, url
        assert_security_headers(response, url)
    for url in ["/", "/calls/", data["call"].get_absolute_url(), "/countries/ir/qa/", "/admin/login/"]:
        assert statuses[url] == 200, (url, statuses[url])
    # The language switch answers a POST with the same headers.
    response = client.post("/i18n/setlang/", {"language": "ar", "next": "/"}, secure=True)
    assert response.status_code == 302
    assert_security_headers(response, "/i18n/setlang/")
    measured(f"header crawl: {len(urls) + 1} responses checked")


@pytest.mark.django_db
def test_pages_need_no_inline_script_or_style(client):
    """The CSP allows no inline code, so no page may depend on it."""
    data = make_sample_archive()
    for url in ["/", "/calls/", data["call"].get_absolute_url(), "/search/?q=x", "/admin/login/"]:
        html = client.get(url, secure=True).content.decode()
        assert "<style" not in html, url
        assert " style=" not in html, url
        for chunk in html.split("<script")[1:]:
            tag = chunk.split(">", 1)[0]
            # Data blocks (JSON, JSON-LD) are never executed, so the CSP does not apply to them.
            is_data = 'type="application/json"' in tag or 'type="application/ld+json"' in tag
            assert "src=" in tag or is_data, (url, tag)


@pytest.mark.django_db
def test_admin_login_locks_out_after_repeated_failures(client, django_user_model, settings):
    django_user_model.objects.create_superuser("editor", "editor@example.org", "the-right-password-42")
    limit = settings.AXES_FAILURE_LIMIT
    for _ in range(limit - 1):
        response = client.post("/admin/login/", {"username": "editor", "password": "wrong"}, secure=True)
        assert response.status_code == 200  # the form again, with its error
        assert b"Please enter the correct username and password" in response.content
    response = client.post("/admin/login/", {"username": "editor", "password": "wrong"}, secure=True)
    assert response.status_code == 429
    assert b"Too many failed sign-ins" in response.content
    # Locked: the right password is refused too, and nobody is signed in.
    response = client.post(
        "/admin/login/", {"username": "editor", "password": "the-right-password-42"}, secure=True
    )
    assert response.status_code == 429
    assert b"even with the right password" in response.content
    assert_security_headers(response, "lockout")
    assert client.get("/admin/", secure=True).status_code == 302
    # Another client address is not affected.
    response = client.post(
        "/admin/login/",
        {"username": "editor", "password": "the-right-password-42"},
        secure=True,
        REMOTE_ADDR="192.0.2.7",
    )
    assert response.status_code == 302


@pytest.mark.django_db
def test_lockout_counts_the_proxied_client_address(client, django_user_model, settings):
    """Behind a trusted proxy the client is the address the proxy appended, not one the
    client put in X-Forwarded-For itself."""
    settings.TRUSTED_PROXY_COUNT = 1
    django_user_model.objects.create_superuser("editor", "editor@example.org", "the-right-password-42")
    for attempt in range(settings.AXES_FAILURE_LIMIT):
        client.post(
            "/admin/login/",
            {"username": "editor", "password": "wrong"},
            secure=True,
            HTTP_X_FORWARDED_FOR=f"10.0.0.{attempt}, 198.51.100.9",  # spoofed part varies
        )
    response = client.post(
        "/admin/login/",
        {"username": "editor", "password": "the-right-password-42"},
        secure=True,
        HTTP_X_FORWARDED_FOR="198.51.100.9",
    )
    assert response.status_code == 429


@pytest.mark.django_db
def test_signing_in_without_a_request_still_works(client, django_user_model):
    """Management commands and test helpers authenticate without a request."""
    django_user_model.objects.create_superuser("editor", "editor@example.org", "the-right-password-42")
    assert client.login(username="editor", password="the-right-password-42")


PRODUCTION_PROBE = r"""
import json, sys
import django
django.setup()
from django.conf import settings
from django.core.management import call_command
from django.test import Client
call_command("collectstatic", interactive=False, verbosity=0)
from django.templatetags.static import static
client = Client()
login = client.get("/admin/login/", secure=True, HTTP_HOST="archive.example.org")
css_url = static("css/archive.css")
css = client.get(css_url, secure=True, HTTP_HOST="archive.example.org")
plain = client.get("/admin/login/", HTTP_HOST="archive.example.org")
def cookies(response):
    return {name: dict(morsel.items()) for name, morsel in response.cookies.items()}
json.dump({
    "login": {"status": login.status_code, "headers": dict(login.headers), "cookies": cookies(login)},
    "css": {"url": css_url, "status": css.status_code, "headers": dict(css.headers)},
    "plain": {"status": plain.status_code, "location": plain.get("Location")},
    "session_cookie": [settings.SESSION_COOKIE_NAME, settings.SESSION_COOKIE_SECURE],
}, sys.stdout)
"""


def production_env(tmp_path, **extra):
    # The test run's own switches (DEBUG, the browser tests' async override) are not production's.
    test_only = {"DEBUG", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env = {key: value for key, value in os.environ.items() if key not in test_only}
    env.update(
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="archive.example.org",
        STATIC_ROOT=str(tmp_path / "static"),
        DJANGO_SETTINGS_MODULE="archive.settings",
        **extra,
    )
    return env


def test_production_settings_pass_the_deployment_checks(tmp_path, measured):
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=production_env(tmp_path),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout
    measured(f"check --deploy --fail-level WARNING (production settings): {result.stdout.strip()}")


@pytest.mark.parametrize("missing", ["SECRET_KEY", "ALLOWED_HOSTS"])
def test_production_refuses_to_start_without_its_secrets(tmp_path, missing):
    env = production_env(tmp_path)
    del env[missing]
    result = subprocess.run(
        [sys.executable, "manage.py", "check"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode != 0
    assert f"{missing} must be set when DEBUG is off" in result.stderr


def test_production_cookies_headers_and_static_files(tmp_path):
    result = subprocess.run(  # noqa: S603 (our own fixed script)
        [sys.executable, "-c", PRODUCTION_PROBE],
        cwd=ROOT,
        env=production_env(tmp_path),
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert result.returncode == 0, result.stderr
    probe = json.loads(result.stdout)
    login = probe["login"]
    assert login["status"] == 200
    csrf = login["cookies"]["__Host-csrftoken"]
    assert csrf["secure"] is True and csrf["path"] == "/" and not csrf["domain"], csrf
    assert csrf["samesite"] == "Lax"
    assert probe["session_cookie"] == ["__Host-sessionid", True]
    headers = login["headers"]
    assert headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
    assert "frame-ancestors 'none'" in headers["Content-Security-Policy"]
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["X-Content-Type-Options"] == "nosniff"
    # Plain HTTP is redirected to HTTPS.
    assert probe["plain"]["status"] == 301
    assert probe["plain"]["location"] == "https://archive.example.org/admin/login/"
    # Static files: hashed names, cached for a year and immutable, served by whitenoise.
    css = probe["css"]
    assert css["url"].startswith("/static/css/archive.") and css["url"] != "/static/css/archive.css"
    assert css["status"] == 200
    cache_control = {part.strip() for part in css["headers"]["Cache-Control"].split(",")}
    assert {"max-age=31536000", "public", "immutable"} <= cache_control
    assert "frame-ancestors 'none'" in css["headers"]["Content-Security-Policy"]
