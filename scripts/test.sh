#!/bin/sh
# Set up a virtual environment and run the whole test suite (tests/ and the
# doctests in src/). This is the test command the README states; CI runs it too.
#
#   sh scripts/test.sh                 # install this checkout into .venv and test it
#   WHEEL=dist/x.whl sh scripts/test.sh   # test a built wheel instead (what CI does)
#   VENV=/tmp/v sh scripts/test.sh -k nps # another venv; extra args go to pytest
#
# The [test] extra brings every engine (Polars, DuckDB, Dask, PySpark). The Spark
# tests also need a Java 17+ runtime ('java' on PATH): without one they are skipped,
# except under CI=true (.ci/run), where they fail.
set -eu
cd "$(dirname "$0")/.."
VENV="${VENV:-.venv}"
PYTHON="${PYTHON:-python3}"
TARGET="${WHEEL:-.}"

[ -x "$VENV/bin/python" ] || "$PYTHON" -m venv "$VENV"
"$VENV/bin/python" -m pip install --quiet --upgrade pip
"$VENV/bin/python" -m pip install --quiet "${TARGET}[test]"

status=0
# --pyargs collects the doctests from the installed package itself, so a wheel
# is tested as users get it (and no second copy is imported from src/).
"$VENV/bin/python" -m pytest --pyargs expectations tests "$@" || status=$?
if [ "$status" -eq 5 ]; then
    # pytest exits 5 when it collected nothing: for this project that means the
    # suite was not found, which must fail loudly rather than pass quietly.
    echo "scripts/test.sh: pytest collected no tests (exit 5); failing." >&2
    exit 1
fi
exit "$status"
