"""Shared test fixtures. The suite runs on PostgreSQL (scripts/with-postgres sets DATABASE_URL)."""

import pytest


@pytest.fixture
def staff_client(client, django_user_model):
    user = django_user_model.objects.create_superuser("editor", "editor@example.org", "a-long-test-password")
    client.force_login(user)
    return client


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts without cached figures (the home page keeps its counts per process)."""
    from django.core.cache import cache

    cache.clear()


# Figures measured by the tests (case counts, sizes), printed at the end of the run.
MEASURED = []


@pytest.fixture
def measured():
    """Call with a line of text to have it printed in the run's summary."""
    return MEASURED.append


def pytest_terminal_summary(terminalreporter):
    if MEASURED:
        terminalreporter.section("measured")
        for line in MEASURED:
            terminalreporter.write_line(line)


@pytest.fixture(autouse=True)
def _browser_tests_may_use_the_orm(request, monkeypatch):
    """Playwright's sync API runs an event loop in the test's thread; the live server does its
    database work in its own thread, so Django's async-safety guard stands down for browser tests."""
    if request.node.get_closest_marker("browser"):
        monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
