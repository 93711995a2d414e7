#!/bin/sh
# benchmarks/gpu.py on a bare copy of the working tree (no editable install, no network): installs the carried
# wheels from .whl/ into a target folder, puts it and the repository root on the import path, runs the benchmark.
#     sh benchmarks/gpu_machine.sh                         # on the GPU machine, .whl carried: every figure
#     sh benchmarks/gpu_machine.sh --device cpu --quick    # tiny sizes (tests/test_gpu_benchmark.py does this)
# Environment: PYTHON (default python3), SITE (default /tmp/site), WHEEL_DIR (default .whl).
set -eu
ROOT=$(cd "$(dirname "$0")/.." && pwd)
PYTHON=${PYTHON:-python3}
SITE=${SITE:-/tmp/site}
WHEEL_DIR=${WHEEL_DIR:-$ROOT/.whl}
if ! ls "$WHEEL_DIR"/*.whl >/dev/null 2>&1; then
    echo "error: no wheels in $WHEEL_DIR: run 'sh benchmarks/fetch_gpu_wheels.sh' where there is a network and carry .whl/ with the tree" >&2
    exit 2
fi
$PYTHON -m pip install -q --no-index --no-deps --no-compile --no-cache-dir --upgrade --target "$SITE" \
    "$WHEEL_DIR"/*.whl
export PYTHONPATH="$SITE:$ROOT${PYTHONPATH:+:$PYTHONPATH}"
export PYTHONUNBUFFERED=1
exec $PYTHON "$ROOT/benchmarks/gpu.py" "$@"
