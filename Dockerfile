# syntax=docker/dockerfile:1

# ---- build: a wheel of mockloop and its dependencies ---------------------------------------
FROM python:3.11-slim AS build
WORKDIR /src
ENV PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1
COPY pyproject.toml README.md ./
COPY bot ./bot
COPY questions ./questions
RUN python -m venv /opt/mockloop \
    && /opt/mockloop/bin/pip install --no-cache-dir .

# ---- runtime: slim, non-root, database on a volume ------------------------------------------
FROM python:3.11-slim
# bubblewrap sandboxes the code a member submits to the judge; libseccomp2 compiles its
# seccomp filter; tini is PID 1, so orphaned processes are reaped and signals reach the bot.
# hadolint ignore=DL3008
RUN apt-get update \
    && apt-get install -y --no-install-recommends bubblewrap libseccomp2 tini \
    && rm -rf /var/lib/apt/lists/* \
    && groupadd --gid 10001 mockloop \
    && useradd --create-home --uid 10001 --gid 10001 --shell /usr/sbin/nologin mockloop \
    && mkdir -p /data \
    && chown mockloop:mockloop /data
COPY --from=build /opt/mockloop /opt/mockloop
ENV PATH="/opt/mockloop/bin:${PATH}" \
    PYTHONUNBUFFERED=1 \
    MOCKLOOP_DB=/data/mockloop.db
VOLUME ["/data"]
WORKDIR /data
USER 10001:10001
HEALTHCHECK --interval=60s --timeout=10s --start-period=60s --retries=3 CMD ["mockloop", "health"]
ENTRYPOINT ["/usr/bin/tini", "--"]
CMD ["mockloop", "run"]
