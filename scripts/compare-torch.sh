#!/usr/bin/env bash
# Our cpu backend and PyTorch's CPU build (the peer harness in ../shared/peers/torch-cpu) on the
# same DCGAN iteration, batch 64 and 128, taken back to back so both see the same machine. Writes
# bench/TORCH.md. The peer must be built first (its README: mvn -q package in its folder).
# Usage: scripts/compare-torch.sh [peer folder]   (default ../shared/peers/torch-cpu)
set -euo pipefail
cd "$(dirname "$0")/.."
PEER=${1:-../shared/peers/torch-cpu}
if [ ! -d "$PEER/target/lib" ]; then
    echo "compare-torch.sh: no built peer at $PEER (target/lib is missing)." >&2
    echo "hint: (cd $PEER && JAVA_HOME=<JDK 22+> mvn -q package), or pass its folder." >&2
    exit 1
fi
JAVA_HOME=$(scripts/find-jdk.sh) || exit 1

ours=$(mktemp) theirs=$(mktemp)
trap 'rm -f "$ours" "$theirs"' EXIT
scripts/bench.sh TrainingStep -p batch=64,128 >"$ours"
(cd "$PEER" && "$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED \
    -cp "target/classes:target/lib/*" peers.DcganBench 64 128 \
    --warmup 3 --iters 10 --threads 2 --data random) >"$theirs" 2>&1

{
    echo "# panagan cpu backend against PyTorch's CPU build"
    echo
    echo "Taken back to back on $(date -u +%F) by \`scripts/compare-torch.sh\` on"
    echo "$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //'), $(nproc) cores."
    echo
    echo "## panagan (JMH, \`scripts/bench.sh TrainingStep -p batch=64,128\`)"
    echo
    grep -E '^\|' "$ours"
    echo
    echo "## PyTorch (\`peers.DcganBench 64 128 --warmup 3 --iters 10 --threads 2 --data random\`)"
    echo
    echo '```'
    grep -E '^(RESULT|PHASE)' "$theirs" || tail -20 "$theirs"
    echo '```'
} >bench/TORCH.md
cat bench/TORCH.md
