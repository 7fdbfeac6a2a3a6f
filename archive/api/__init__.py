"""The read-only JSON API: published calls, people, topics and countries, with the call
list's filters (``CallFilter``). Schema at /api/schema/, documentation at /api/docs/."""
