"""Read replicas: with ``DATABASE_REPLICA_URL`` set, reads go to the ``replica`` database and
writes to ``default`` (the primary). Requests that may write, and everything an editor does in
the admin, read from the primary too, so an editor never sees a replica that lags behind their
own change. Enabled by ``DATABASE_ROUTERS`` in archive/settings.py only when a replica is set."""

import contextvars

from django.conf import settings

# Set per request by ReplicaRouterMiddleware. Outside a request (management commands, imports)
# everything stays on the primary.
_use_replica = contextvars.ContextVar("use_replica", default=False)

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def replica_allowed(request):
    """May this request read from the replica? Only safe methods outside the admin, for a
    visitor who is not signed in (the session cookie is the cheap, query-free sign of one)."""
    if request.method not in SAFE_METHODS:
        return False
    if request.path.startswith("/admin/"):
        return False
    return settings.SESSION_COOKIE_NAME not in request.COOKIES


class ReplicaRouterMiddleware:
    """Pins the requests that must see the primary (writes, the admin, signed-in editors)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _use_replica.set(replica_allowed(request))
        try:
            return self.get_response(request)
        finally:
            _use_replica.reset(token)


class ReplicaRouter:
    replica = "replica"

    def db_for_read(self, model, **hints):
        if self.replica in settings.DATABASES and _use_replica.get():
            return self.replica
        return "default"

    def db_for_write(self, model, **hints):
        return "default"

    def allow_relation(self, obj1, obj2, **hints):
        # Both aliases hold the same data: relations across them are relations within one database.
        return True

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == "default"
