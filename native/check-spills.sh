#!/usr/bin/env bash
# Fails when ptxas reported spill stores or loads for any kernel at any architecture: a spilling
# kernel goes to local memory in its inner loop, which is a performance bug we do not ship.
set -euo pipefail
report=$1
spills=$(grep -E '[1-9][0-9]* bytes spill (stores|loads)' "$report" || true)
if [ -n "$spills" ]; then
    echo "check-spills: ptxas reported spills (full report: $report):" >&2
    grep -B2 -E '[1-9][0-9]* bytes spill (stores|loads)' "$report" >&2
    exit 1
fi
kernels=$(grep -c 'Compiling entry function' "$report" || true)
echo "check-spills: $kernels kernel builds, no spills"
