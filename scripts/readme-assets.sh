#!/usr/bin/env bash
# Regenerates the pictures and numbers README.md shows, with panagan itself: a training run on the
# built-in dataset (cpu backend, so it runs anywhere), its last sample grid and loss plot copied
# to docs/, and the run's quality metric against the built-in data.
#   scripts/readme-assets.sh [epochs]      (default 8; about a minute an epoch on 2 cores)
set -euo pipefail
cd "$(dirname "$0")/.."
epochs=${1:-8}
run=runs/readme-$(date -u +%Y%m%dT%H%M%S)

./panagan train --device cpu --epochs "$epochs" --seed 1 --out "$run" --log-every 47
last=$(printf '%s/samples/epoch_%03d.png' "$run" "$epochs")
cp "$last" docs/samples.png
cp "$run/losses.png" docs/losses.png
./panagan eval "$run" --device cpu --count 500 --nearest 8 | tee docs/eval.txt
cp "$run/nearest.png" docs/nearest.png
echo "readme-assets: docs/samples.png, docs/losses.png, docs/nearest.png, docs/eval.txt from $run"
