#!/bin/sh
# Download, here (with a network), the wheels the GPU machine lacks into .whl/ for its Python 3.12 on x86-64 Linux.
#     sh benchmarks/fetch_gpu_wheels.sh            # then: sh benchmarks/gpu_machine.sh there, .whl carried
# PY_VERSION=3.11 fetches for another Python (the CPU test of gpu_machine.sh uses the installed ones instead).
set -eu
ROOT=$(cd "$(dirname "$0")/.." && pwd)
DEST=${WHEEL_DIR:-$ROOT/.whl}
mkdir -p "$DEST"
rm -f "$DEST"/*.whl  # one version of each: two would stop the install there
grep -v '^#' "$ROOT/benchmarks/gpu_wheels.txt" | grep . | xargs python3 -m pip download -q --no-deps \
    --only-binary=:all: --python-version "${PY_VERSION:-3.12}" --implementation cp \
    --platform manylinux_2_28_x86_64 --platform manylinux_2_27_x86_64 --platform manylinux_2_17_x86_64 \
    --platform manylinux2014_x86_64 --platform manylinux1_x86_64 -d "$DEST"
ls "$DEST"/*.whl | wc -l | xargs echo "wheels in $DEST:"
