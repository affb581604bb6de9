#!/usr/bin/env bash
# The test command: builds the native libraries (simulator always, CUDA where nvcc exists), runs
# the simulator's native tests (plain and under AddressSanitizer), then every Java test: the
# conformance suite runs each kernel on the simulator, and on the GPU where one is present.
# Extra arguments go to Maven (e.g. -pl bindings -Dtest=Conv2dConformanceTest).
set -euo pipefail
cd "$(dirname "$0")/.."

JAVA_HOME=$(scripts/find-jdk.sh) || exit 1
export JAVA_HOME
# Maven from PATH, else the wrapper, which fetches its own from Maven Central.
mvn=mvn
command -v mvn >/dev/null 2>&1 || mvn=./mvnw
# Maven's bundled Guava warns about sun.misc.Unsafe on JDK 24+; the flag that quiets it is
# unknown to older JDKs, so it is passed only where the JDK accepts it.
if "$JAVA_HOME/bin/java" --sun-misc-unsafe-memory-access=allow -version >/dev/null 2>&1; then
    export MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow"
fi
echo "scripts/test.sh: JDK $JAVA_HOME"
exec "$mvn" -B -ntp verify "$@"
