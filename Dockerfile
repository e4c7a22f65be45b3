# Careers Assistant: one image, run as many times as you need (see docker-compose.yml).
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

# The same install as the README: the package with its bundled corpus/ and web/.
WORKDIR /src
COPY pyproject.toml README.md ./
COPY assistant ./assistant
COPY corpus ./corpus
COPY web ./web
RUN pip install . && rm -rf /src/build

# Never run as root; /data holds the SQLite database when no ASSISTANT_DATABASE_URL is given.
RUN useradd --create-home --uid 10001 --shell /usr/sbin/nologin assistant \
    && mkdir -p /data && chown assistant:assistant /data
USER assistant
WORKDIR /home/assistant
VOLUME ["/data"]
ENV ASSISTANT_DATABASE_URL=sqlite:////data/careers-assistant.db

EXPOSE 8000
# slim has no curl: ask /healthz with the standard library.
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
    CMD ["python", "-c", "import sys, urllib.request; sys.exit(0 if urllib.request.urlopen('http://127.0.0.1:8000/healthz', timeout=4).status == 200 else 1)"]
CMD ["careers-assistant", "serve", "--host", "0.0.0.0"]
