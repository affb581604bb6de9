#!/usr/bin/env bash
# Builds the benchmarks and runs JMH, then writes bench/RESULTS.md (machine, JDK, command, date,
# ms per iteration, images/s, GFLOP/s). Arguments go to JMH: a benchmark regex and options, e.g.
#   scripts/bench.sh TrainingStep -p batch=64
#   scripts/bench.sh TrainingStep -p backend=cuda      (on a machine with a GPU)
# Defaults to every benchmark at the settings written on each class (stable on 2 cores).
set -euo pipefail
cd "$(dirname "$0")/.."

JAVA_HOME=$(scripts/find-jdk.sh) || exit 1
export JAVA_HOME
if "$JAVA_HOME/bin/java" --sun-misc-unsafe-memory-access=allow -version >/dev/null 2>&1; then
    export MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow"
fi
mvn -B -ntp -q package -DskipTests -pl bench -am >&2

exec "$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED \
    -Dpanagan.native.dir="$PWD/native/build" \
    -cp "bench/target/classes:bench/target/lib/*" org.panagan.bench.RunBenchmarks \
    bench/RESULTS.md "$@"
