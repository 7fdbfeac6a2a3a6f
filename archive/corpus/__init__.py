"""A deterministic synthetic corpus for measuring the archive at scale.

``generate_corpus`` (the management command) writes fictional calls, statements in Arabic,
Persian and English, people with names in several scripts and a topic hierarchy straight
into PostgreSQL with ``COPY``, in batches of whole calls, one transaction per batch. Every
call, person and topic it writes has ``synthetic=True``, an identifier or slug starting with
``syn-`` and (for calls) an ``external_id`` starting with ``synthetic:``, so the corpus is
never mistaken for real records and can be told apart in every export.

The same arguments and seed give the same records, field for field (only the database ids
depend on what the tables held before).

History: the corpus writes no django-simple-history rows. It records no editorial act, and a
"created" history row per record would double the rows written for no reader; see
docs/performance.md. ``manage.py populate_history --auto`` can add them afterwards.

The generator is ``archive.corpus.generator``; the benchmark ``archive.corpus.benchmark``
(run without Django set up, so this package imports nothing).
"""
