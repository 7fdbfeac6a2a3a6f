"""gunicorn settings for the archive: ``gunicorn archive.wsgi -c python:archive.gunicorn_conf``
(docs/deploy.md). Command-line options given after it take precedence.

After a worker has loaded the application, everything it loaded (Django, the URL patterns,
the compiled templates: a few hundred thousand objects that live as long as the worker) is
moved out of the garbage collector's sight. Otherwise every full collection walks all of them
again, which shows as a request now and then taking tens of milliseconds longer than the rest
(docs/performance.md, "Garbage collection").
"""

import gc


def post_worker_init(worker):
    gc.collect()
    gc.freeze()
    worker.log.info("worker %s: %d objects kept out of garbage collection", worker.pid, gc.get_freeze_count())
