"""Every route of the site, with sample values for its parameters, for the tests that crawl
all public URLs (security headers, hostile query strings)."""

from django.urls import URLPattern, URLResolver, get_resolver, reverse

# Values for URL parameters, by (route name, parameter) first, then by parameter name. A new
# route whose parameters are not here is still crawled with a value made from its converter.
ROUTE_SAMPLES = {
    ("participant-detail", "slug"): lambda d: d["person"].slug,
    ("topic-detail", "slug"): lambda d: d["topic"].slug,
    ("call-detail-slug", "slug"): lambda d: d["call"].slug,
    ("feed-topic", "slug"): lambda d: d["topic"].slug,
    ("feed-person", "slug"): lambda d: d["person"].slug,
    ("api-person-detail", "pk"): lambda d: d["person"].slug,
    ("api-topic-detail", "pk"): lambda d: d["topic"].slug,
    ("api-country-detail", "pk"): lambda d: "IR",
    ("api-country-detail", "code"): lambda d: "IR",
    ("api-topic-detail", "slug"): lambda d: d["topic"].slug,
}
PARAMETER_SAMPLES = {
    "year": lambda d: 2024,
    "month": lambda d: 12,
    "day": lambda d: 2,
    "identifier": lambda d: d["call"].identifier,
    "code": lambda d: "ir",
    "other": lambda d: "qa",
    "slug": lambda d: d["person"].slug,
    "pk": lambda d: d["call"].identifier,
    "format": lambda d: "json",
    "number": lambda d: 1,
    "extension": lambda d: "bib",
    "statement_identifier": lambda d: d["call"].statements.order_by("order").first().identifier,
}
CONVERTER_SAMPLES = {"IntConverter": 1, "StringConverter": "x", "SlugConverter": "x", "PathConverter": "x"}
# Extra query strings crawled on top of the bare routes.
EXTRA_URLS = [
    "/calls/?country=IR&country=QA&date_after=2024-01-01&date_before=2024-12-31&topic=regional-security",
    "/calls/?medium=telephone&participant=masoud-pezeshkian&page=1",
    "/calls/?date_after=2024-02-31",
    "/search/?q=%D8%A7%D9%84%D8%B9%D9%84%D8%A7%D9%82%D8%A7%D8%AA",
    "/search/?q=stability",
    "/admin/login/",
    "/admin/",
    "/no-such-page/",
]


def parameters(pattern):
    """{name: converter} of a pattern; a regular expression's groups have no converter (None)."""
    converters = dict(getattr(pattern, "converters", {}))
    regex = getattr(pattern, "regex", None)
    for group in regex.groupindex if regex is not None and not converters else ():
        converters[group] = None
    return converters


def public_routes(resolver=None, prefix="", inherited=None):
    """(route name, pattern string, parameters) for every URL pattern outside the admin."""
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        route = prefix + str(entry.pattern)
        converters = {**(inherited or {}), **parameters(entry.pattern)}
        if isinstance(entry, URLResolver):
            if route.startswith("admin/"):
                continue
            yield from public_routes(entry, route, converters)
        elif isinstance(entry, URLPattern):
            yield entry.name, route, converters


def url_for(name, route, converters, data):
    kwargs = {}
    for parameter, converter in converters.items():
        sample = ROUTE_SAMPLES.get((name, parameter)) or PARAMETER_SAMPLES.get(parameter)
        if sample:
            kwargs[parameter] = sample(data)
        elif converter is None:
            kwargs[parameter] = "1"  # a regular expression group: most accept a number
        elif type(converter).__name__ in CONVERTER_SAMPLES:
            kwargs[parameter] = CONVERTER_SAMPLES[type(converter).__name__]
        else:
            raise AssertionError(f"No sample value for parameter {parameter!r} of route {route!r}: add one.")
    if name:
        return reverse(name, kwargs=kwargs)
    assert not kwargs, f"Route {route!r} has parameters but no name: give it a name."
    return "/" + route


def crawl_urls(data):
    urls = [url_for(name, route, conv, data) for name, route, conv in public_routes()]
    return sorted(set(urls)) + EXTRA_URLS


# Routes that only act on POST (a GET of them just redirects).
POST_ONLY = {"set_language"}


def route_urls(data):
    """One URL per public route that answers GET, with sample parameters filled in."""
    urls = {
        url_for(name, route, conv, data) for name, route, conv in public_routes() if name not in POST_ONLY
    }
    return sorted(urls)
