"""Search in any script: one normaliser for indexed text and queries, search documents kept
current as records change, PostgreSQL full-text and trigram search (docs/search.md).

Modules: ``normalise`` (the normaliser), ``models`` (search documents), ``indexing`` and
``signals`` (keeping them current), ``query`` (matching and ranking), ``highlight`` and
``results`` (snippets), ``forms`` (the search form)."""
