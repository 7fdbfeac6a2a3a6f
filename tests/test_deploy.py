"""Production deployment: HTTP caching of public pages, the read-replica router, and the
backup/restore drill (pg_dump, restore into a fresh database, compare an ordered export)."""

import glob
import os
import secrets
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.core.management import call_command, get_commands
from django.db import connection
from django.test import RequestFactory

from archive.db_routers import ReplicaRouter, ReplicaRouterMiddleware
from archive.models import Call
from tests.factories import make_sample_archive

ROOT = Path(__file__).resolve().parent.parent


def cache_control(response):
    return {part.strip() for part in response.get("Cache-Control", "").split(",") if part.strip()}


@pytest.mark.django_db
def test_public_pages_are_cacheable_for_anonymous_visitors(client, settings):
    data = make_sample_archive()
    for url in ["/", "/calls/?country=IR", data["call"].get_absolute_url(), "/countries/ir/", "/topics/"]:
        response = client.get(url)
        assert response.status_code == 200, url
        assert cache_control(response) == {"public", f"max-age={settings.PUBLIC_CACHE_SECONDS}"}, url
        assert "Cookie" in response["Vary"], url
        assert not response.cookies, (url, response.cookies)
        etag = response["ETag"]
        again = client.get(url, HTTP_IF_NONE_MATCH=etag)
        assert again.status_code == 304, url
        assert again.content == b""
        assert "public" in cache_control(again)


@pytest.mark.django_db
def test_nothing_is_cached_publicly_for_editors_or_the_admin(staff_client, client):
    make_sample_archive()
    for url in ["/", "/calls/", "/admin/", "/admin/archive/call/"]:
        response = staff_client.get(url)
        assert response.status_code == 200, url
        directives = cache_control(response)
        assert "public" not in directives, url
        assert {"private", "no-store", "no-cache"} <= directives, url
    login = client.get("/admin/login/")
    assert "public" not in cache_control(login)
    assert {"private", "no-store"} <= cache_control(login)


@pytest.mark.django_db
def test_errors_and_posts_are_not_cached_publicly(client):
    assert "public" not in cache_control(client.get("/calls/?date_after=not-a-date"))
    assert "public" not in cache_control(client.get("/no-such-page/"))
    response = client.post("/i18n/setlang/", {"language": "ar", "next": "/"})
    assert response.status_code == 302
    assert "public" not in cache_control(response)
    # The language chosen is a cookie, so the cached page varies by cookie.
    arabic = client.get("/")
    assert arabic.status_code == 200
    assert b'lang="ar"' in arabic.content
    assert "Cookie" in arabic["Vary"]


def route(request, settings):
    """The database a read of a Call goes to while ``request`` is being served."""
    seen = {}
    router = ReplicaRouter()

    def view(request):
        seen["read"] = router.db_for_read(Call)
        seen["write"] = router.db_for_write(Call)
        return None

    ReplicaRouterMiddleware(view)(request)
    return seen


def test_replica_router_sends_public_reads_to_the_replica(settings):
    with pytest.warns(UserWarning, match="Overriding setting DATABASES"):
        settings.DATABASES = {**settings.DATABASES, "replica": dict(settings.DATABASES["default"])}
    factory = RequestFactory()
    assert route(factory.get("/calls/?country=IR"), settings) == {"read": "replica", "write": "default"}
    assert route(factory.head("/"), settings) == {"read": "replica", "write": "default"}
    # Writes, the admin and signed-in editors stay on the primary.
    assert route(factory.post("/i18n/setlang/"), settings)["read"] == "default"
    assert route(factory.get("/admin/archive/call/"), settings)["read"] == "default"
    signed_in = factory.get("/calls/")
    signed_in.COOKIES[settings.SESSION_COOKIE_NAME] = "abc"
    assert route(signed_in, settings)["read"] == "default"
    # Outside a request (management commands, imports) reads stay on the primary.
    assert ReplicaRouter().db_for_read(Call) == "default"
    assert ReplicaRouter().allow_migrate("replica", "archive") is False
    assert ReplicaRouter().allow_migrate("default", "archive") is True


def test_replica_router_without_a_replica_uses_the_primary(settings):
    assert "replica" not in settings.DATABASES
    assert route(RequestFactory().get("/"), settings) == {"read": "default", "write": "default"}


def test_replica_settings_come_from_the_environment(tmp_path):
    env = {key: value for key, value in os.environ.items()}
    env.update(
        DEBUG="1",
        DATABASE_REPLICA_URL="postgres://reader@replica.internal:5432/archive",
        SECRET_KEY=secrets.token_urlsafe(50),
    )
    script = (
        "import django; django.setup(); from django.conf import settings as s; "
        "print(s.DATABASES['replica']['HOST'], s.DATABASE_ROUTERS, "
        "'archive.db_routers.ReplicaRouterMiddleware' in s.MIDDLEWARE)"
    )
    result = subprocess.run(  # noqa: S603 (our own fixed script)
        [sys.executable, "-c", script],
        cwd=ROOT,
        env=env | {"DJANGO_SETTINGS_MODULE": "archive.settings"},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["replica.internal", "['archive.db_routers.ReplicaRouter']", "True"]


# The backup/restore drill ------------------------------------------------------------------


def postgres_bindir():
    candidates = [os.environ.get("PGTEST_BINDIR", "")] + sorted(
        glob.glob("/usr/lib/postgresql/*/bin"), reverse=True
    )
    for directory in candidates:
        if directory and os.access(os.path.join(directory, "pg_dump"), os.X_OK):
            return directory
    pytest.fail("pg_dump not found: set PGTEST_BINDIR or install the PostgreSQL client (postgresql-client).")


def database_url(name):
    db = connection.settings_dict
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    return f"postgres://{db['USER']}{password}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{name}"


DUMPDATA = ["dumpdata", "archive", "--natural-foreign", "--indent", "1"]
EXPORT_CALLS = ["export_calls"]


def ordered_export(url, command=DUMPDATA):
    """Every archive record (with ``dumpdata``: all tables of the archive app, history included,
    ordered by key; with ``export_calls``: the interchange document, ordered by date and
    identifier), as JSON: the same bytes for the same content."""
    result = subprocess.run(  # noqa: S603 (our own management command)
        [sys.executable, "manage.py", *command],
        cwd=ROOT,
        env={**os.environ, "DEBUG": "1", "DATABASE_URL": url},
        capture_output=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr.decode()
    return result.stdout


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_backup_and_restore_drill(tmp_path, measured):
    if "load_seed" in get_commands():
        call_command("load_seed", verbosity=0)
    make_sample_archive()
    assert connection.vendor == "postgresql"
    bindir = postgres_bindir()
    source = database_url(connection.settings_dict["NAME"])
    env = {**os.environ, "PG_BINDIR": bindir, "DATABASE_URL": source}
    dump = tmp_path / "archive.dump"
    backup = subprocess.run(  # noqa: S603
        [str(ROOT / "scripts" / "backup"), str(dump)], env=env, capture_output=True, text=True, timeout=300
    )
    assert backup.returncode == 0, backup.stderr
    assert dump.stat().st_size > 0

    restored_name = f"restore_drill_{secrets.token_hex(4)}"
    db = connection.settings_dict
    where = ["-h", db["HOST"] or "127.0.0.1", "-p", str(db["PORT"] or 5432), "-U", db["USER"]]
    subprocess.run([f"{bindir}/createdb", *where, restored_name], check=True, env=env, timeout=60)  # noqa: S603
    try:
        restore = subprocess.run(  # noqa: S603
            [str(ROOT / "scripts" / "restore"), str(dump), database_url(restored_name)],
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert restore.returncode == 0, restore.stderr
        original = ordered_export(source)
        copy = ordered_export(database_url(restored_name))
        if "export_calls" in get_commands():
            interchange = ordered_export(source, EXPORT_CALLS)
            assert ordered_export(database_url(restored_name), EXPORT_CALLS) == interchange
            assert "أَكَّدَ الجانبان".encode() in interchange
    finally:
        subprocess.run([f"{bindir}/dropdb", *where, restored_name], env=env, timeout=60)  # noqa: S603
    assert "أَكَّدَ الجانبان".encode() in original
    assert copy == original
    records = original.count(b'"model": ')
    assert records > 10
    measured(
        f"backup/restore drill: {dump.stat().st_size} byte dump, {records} records identical after restore"
    )


# gunicorn and the database connection settings ----------------------------------------------


@pytest.mark.django_db
def test_planner_cost_is_set_on_every_postgresql_connection():
    with connection.cursor() as cursor:
        cursor.execute("SHOW random_page_cost")
        assert cursor.fetchone()[0] == "1.1"


@pytest.mark.django_db
def test_gunicorn_serves_the_archive_with_its_settings_module(tmp_path):
    """gunicorn with ``-c python:archive.gunicorn_conf``, as docs/deploy.md runs it after
    ``collectstatic``: the worker starts, freezes what it loaded and answers real HTTP. (The
    server reads the test database as committed, with no calls: it only needs the schema.)"""
    import socket
    import urllib.error
    import urllib.request

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    env = {
        **os.environ,
        "DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "0",
        "STATIC_ROOT": str(tmp_path / "static"),
        "DATABASE_URL": database_url(connection.settings_dict["NAME"]),
    }
    collect = subprocess.run(  # noqa: S603 (our own management command)
        [sys.executable, "manage.py", "collectstatic", "--no-input", "-v0"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert collect.returncode == 0, collect.stderr
    log_path = tmp_path / "gunicorn.log"
    with open(log_path, "w") as log_file:
        server = subprocess.Popen(  # noqa: S603 (our own server, fixed arguments)
            [
                os.path.join(os.path.dirname(sys.executable), "gunicorn"),
                "archive.wsgi",
                "-c",
                "python:archive.gunicorn_conf",
                f"--bind=127.0.0.1:{port}",
                "--workers=1",
                "--log-level=info",
            ],
            cwd=ROOT,
            env=env,
            stdout=log_file,
            stderr=subprocess.STDOUT,
        )
    try:
        status, body = None, ""
        for _attempt in range(150):
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/calls/", timeout=10) as response:  # noqa: S310
                    status, body = response.status, response.read().decode()
            except urllib.error.HTTPError as error:  # the server answered: no point asking again
                status = error.code
            except OSError:  # not listening yet
                time.sleep(0.2)
                continue
            break
        log = log_path.read_text()
        assert status == 200, log[-3000:]
        assert "<h1>Calls</h1>" in body
    finally:
        server.terminate()
        server.wait(timeout=30)
    assert "objects kept out of garbage collection" in log_path.read_text()
