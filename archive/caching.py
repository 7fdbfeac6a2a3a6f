"""HTTP caching of public pages, so that a CDN or a caching proxy can carry read traffic.

Anonymous GET and HEAD requests for public pages get ``Cache-Control: public, max-age=N``
(``PUBLIC_CACHE_SECONDS``) and ``Vary: Cookie`` (the language cookie changes the page);
ConditionalGetMiddleware adds an ETag and answers ``If-None-Match`` with 304. Nothing is
cached publicly for signed-in users (editors preview drafts at the public permalinks), for the
admin, or for a response that sets a cookie."""

from django.conf import settings
from django.utils.cache import add_never_cache_headers, patch_cache_control, patch_vary_headers


class PublicCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.method not in ("GET", "HEAD"):
            return response
        if any(request.path.startswith(prefix) for prefix in settings.PUBLIC_CACHE_EXCLUDE):
            return response
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            add_never_cache_headers(response)
            return response
        if response.status_code != 200 or response.cookies or response.has_header("Cache-Control"):
            return response
        patch_cache_control(response, public=True, max_age=settings.PUBLIC_CACHE_SECONDS)
        patch_vary_headers(response, ("Cookie",))
        return response
