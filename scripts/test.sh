#!/usr/bin/env bash
# Sets up everything the test suite needs on a fresh machine, then runs lint and the whole suite.
#   scripts/test.sh [pytest args]          everything (what CI runs, through .ci/run)
#   scripts/test.sh --fast [pytest args]   the inner loop: skips tests marked slow
set -euo pipefail
cd "$(dirname "$0")/.."

PY=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  "$PY" -m venv .venv
fi
.venv/bin/python -m pip install --quiet --upgrade pip
.venv/bin/python -m pip install --quiet -e '.[test]'

# The code judge's sandbox (bubblewrap) comes from Debian; install it when we can.
if ! command -v bwrap >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq bubblewrap >/dev/null) \
      || echo "warning: could not install bubblewrap; sandbox tests will report judging as disabled"
  else
    echo "warning: bubblewrap (bwrap) is not installed; sandbox tests will report judging as disabled"
  fi
fi

.venv/bin/ruff check bot tests bench
.venv/bin/python -m bot bank validate questions
if [ "${1:-}" = "--fast" ]; then
  shift
  set -- -m "not slow" "$@"
fi
.venv/bin/pytest "$@"
