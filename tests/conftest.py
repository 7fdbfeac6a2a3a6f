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
