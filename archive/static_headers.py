"""Cache headers for static files (imported by the settings, so it imports nothing)."""


def static_file_headers(headers, path, url):
    """Whitenoise's headers for static files: files with a content hash in their name never
    change, so they are cached for a year (the longest lifetime HTTP caches honour) and marked
    immutable; the others keep WHITENOISE_MAX_AGE."""
    if "immutable" in headers.get("Cache-Control", ""):
        headers["Cache-Control"] = "max-age=31536000, public, immutable"
