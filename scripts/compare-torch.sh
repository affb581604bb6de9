#!/usr/bin/env bash
# Our cpu backend and PyTorch's CPU build (the peer harness in ../shared/peers/torch-cpu) on the
# same DCGAN iteration, batch 64 and 128, with the same protocol on both sides (3 warm-up
# iterations, then the median of 10 iterations that other processes did not disturb) and taken in
# alternating rounds, ours then theirs, so that both see the same machine. This machine is a
# shared VM whose speed drifts by 20% within minutes; one back-to-back pair is not enough.
# Writes bench/TORCH.md: per batch the median over rounds of each side's median, and the ratio.
# Ours runs with OpenBLAS's fastest kernels for the processor, whatever OPENBLAS_CORETYPE the
# environment exports (-Dpanagan.openblas.coretype=fastest).
# The peer must be built first (its README: mvn -q package in its folder).
# Usage: scripts/compare-torch.sh [rounds] [peer folder]   (defaults 3, ../shared/peers/torch-cpu)
set -euo pipefail
cd "$(dirname "$0")/.."
ROUNDS=${1:-3}
PEER=${2:-../shared/peers/torch-cpu}
if [ ! -d "$PEER/target/lib" ]; then
    echo "compare-torch.sh: no built peer at $PEER (target/lib is missing)." >&2
    echo "hint: (cd $PEER && JAVA_HOME=<JDK 22+> mvn -q package), or pass its folder." >&2
    exit 1
fi
JAVA_HOME=$(scripts/find-jdk.sh) || exit 1
export JAVA_HOME
if "$JAVA_HOME/bin/java" --sun-misc-unsafe-memory-access=allow -version >/dev/null 2>&1; then
    export MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow"
fi
mvn -B -ntp -q package -DskipTests -pl bench -am >&2

log=$(mktemp)
trap 'rm -f "$log"' EXIT
for round in $(seq 1 "$ROUNDS"); do
    echo "round $round of $ROUNDS: panagan" >&2
    "$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED -Dpanagan.openblas.coretype=fastest \
        -cp "bench/target/classes:bench/target/lib/*" org.panagan.bench.IterationTimes \
        64 128 --warmup 3 --iters 10 2>/dev/null | grep '^RESULT' | sed "s/^/panagan round=$round /" >>"$log"
    echo "round $round of $ROUNDS: PyTorch" >&2
    (cd "$PEER" && "$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED \
        -cp "target/classes:target/lib/*" peers.DcganBench 64 128 \
        --warmup 3 --iters 10 --threads 2 --data random) 2>/dev/null \
        | grep -E '^RESULT train ' | sed "s/^/pytorch round=$round /" >>"$log"
done

# The median over rounds of one side's per-round medians at one batch size.
median_of() {
    grep "^$1 round=[0-9]* RESULT train batch=$2 median_ms=" "$log" \
        | sed 's/.*median_ms=\([0-9.]*\).*/\1/' | sort -n \
        | awk '{v[NR] = $1} END {if (NR == 0) print "nan"; else if (NR % 2) print v[(NR + 1) / 2];
               else print (v[NR / 2] + v[NR / 2 + 1]) / 2}'
}

{
    echo "# panagan cpu backend against PyTorch's CPU build"
    echo
    echo "Taken on $(date -u +%F) by \`scripts/compare-torch.sh $ROUNDS\` on"
    echo "$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //'), $(nproc) cores,"
    echo "$("$JAVA_HOME/bin/java" -XshowSettings:properties -version 2>&1 \
        | sed -n 's/^ *java.runtime.version = //p') ($("$JAVA_HOME/bin/java" -XshowSettings:properties \
        -version 2>&1 | sed -n 's/^ *java.vendor = //p')): $ROUNDS rounds, each panagan"
    echo "(\`org.panagan.bench.IterationTimes 64 128 --warmup 3 --iters 10\`, OpenBLAS kernels"
    echo "\`-Dpanagan.openblas.coretype=fastest\`) then PyTorch"
    echo "(\`peers.DcganBench 64 128 --warmup 3 --iters 10 --threads 2 --data random\`). Both time"
    echo "whole iterations in main.py's order on random images and keep the iterations that other"
    echo "processes left alone (at most 3% of the CPUs)."
    echo
    echo "| batch | panagan cpu, median of round medians | PyTorch, median of round medians | PyTorch time / ours |"
    echo "|---:|---:|---:|---:|"
    for batch in 64 128; do
        ours=$(median_of panagan "$batch")
        theirs=$(median_of pytorch "$batch")
        awk -v b="$batch" -v o="$ours" -v t="$theirs" 'BEGIN {
            printf "| %d | %.0f ms (%.1f images/s) | %.0f ms (%.1f images/s) | %.2fx |\n",
                b, o, b / (o / 1000), t, b / (t / 1000), t / o }'
    done
    echo
    echo "Every round's results:"
    echo
    echo '```'
    cat "$log"
    echo '```'
} >bench/TORCH.md
cat bench/TORCH.md
