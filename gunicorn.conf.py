"""gunicorn settings for Klimapakete (docs/deployment.md; the capacity benchmark uses them).

    .venv/bin/gunicorn klimapakete.wsgi          # reads this file from the working directory

Sized for the machine it runs on, by default two processes per core with four threads each
(measured on two cores: BENCHMARKS.md, "Capacity"). Why:

- Pages are CPU-bound Python: rendering templates and building query objects takes most of
  a request, the database little. Python runs one thread per process at a time, so the
  cores are used by *processes*: at least one per core.
- A second process per core keeps a core busy while the other waits for the database
  (SQLite reads the file, PostgreSQL answers over a socket) or for SQLite's write lock, and
  a slow page (a cold analysis) never holds up every other request.
- *Threads* (the ``gthread`` worker) make the waits cheap: a process serves other requests
  while one waits, and keeps browsers' connections open (keep-alive) without a process
  each. More than four threads per process only queue for the same core.
- More processes than that add memory (about 100 MB each) and no throughput.

Override with the environment: ``WEB_CONCURRENCY`` (processes), ``GUNICORN_THREADS``,
``GUNICORN_BIND`` (default 127.0.0.1:8000 behind the TLS proxy), ``GUNICORN_TIMEOUT``.
"""

import os

_cores = os.cpu_count() or 1

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("WEB_CONCURRENCY", 2 * _cores))
threads = int(os.environ.get("GUNICORN_THREADS", 4))
worker_class = "gthread"
# A request that runs longer than this is killed (the longest pages take a few seconds; the
# breakout solver is bounded by BREAKOUT_SOLVER_SECONDS).
timeout = int(os.environ.get("GUNICORN_TIMEOUT", 60))
graceful_timeout = 30
keepalive = 5  # seconds an idle browser connection stays open
# Restart a process now and then, so slowly growing memory is given back; the jitter keeps
# the processes from restarting at the same moment.
max_requests = 5000
max_requests_jitter = 500
# The application writes one log line per request itself (core/logs.py); gunicorn's access
# log would repeat it.
accesslog = None
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
