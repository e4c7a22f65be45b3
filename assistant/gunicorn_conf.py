"""gunicorn settings for ``careers-assistant serve``; each may be overridden on the command line."""

import multiprocessing
import os

# Answers are CPU-bound and short: one sync worker per core keeps latency flat.
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count()))
worker_class = "sync"
# Build the index once in the master and share its pages with the forked workers.
preload_app = True
timeout = 30
graceful_timeout = 10
keepalive = 5
accesslog = "-" if os.environ.get("ASSISTANT_ACCESS_LOG", "") not in ("", "0", "off") else None
errorlog = "-"
