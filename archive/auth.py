"""Login protection: failed admin logins are counted per client address (django-axes) and,
past the limit, refused for a cool-off period even with the right password."""

from axes.backends import AxesStandaloneBackend
from django.conf import settings


class LockoutBackend(AxesStandaloneBackend):
    """Refuses logins from a locked-out address. Sign-ins made in code without a request
    (management commands, the test client's ``login``) are not web logins and are left to the
    next backend."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)


def client_address(request):
    """The address of the client. Behind ``TRUSTED_PROXY_COUNT`` reverse proxies that append to
    X-Forwarded-For (nginx's ``$proxy_add_x_forwarded_for``), the client is the entry that the
    outermost trusted proxy added; entries further left are the client's own claim and ignored."""
    count = settings.TRUSTED_PROXY_COUNT
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if count > 0 and forwarded:
        hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
        if len(hops) >= count:
            return hops[-count]
    return request.META.get("REMOTE_ADDR")
