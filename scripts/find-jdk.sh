#!/usr/bin/env bash
# Prints the home of a JDK >= 22 (panagan needs the final FFM API), or explains what to install.
# Order: $JAVA_HOME, then java on PATH, then the usual install places. Source it or run it.
set -uo pipefail

java_major() {  # the feature version of the java at $1/bin/java, or nothing
    "$1/bin/java" -XshowSettings:properties -version 2>&1 |
        sed -n 's/^ *java\.specification\.version = \([0-9]*\).*/\1/p'
}

candidates=()
[ -n "${JAVA_HOME:-}" ] && candidates+=("$JAVA_HOME")
if command -v java >/dev/null 2>&1; then
    candidates+=("$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")")
fi
for dir in /usr/lib/jvm/* /opt/java/* /opt/jdk* /usr/local/jdk* "$HOME"/.sdkman/candidates/java/* \
           "$HOME"/.jdks/* /Library/Java/JavaVirtualMachines/*/Contents/Home; do
    [ -x "$dir/bin/java" ] && [ -x "$dir/bin/javac" ] && candidates+=("$dir")
done

best="" best_major=0
for home in "${candidates[@]}"; do
    [ -x "$home/bin/javac" ] || continue
    major=$(java_major "$home")
    if [ -n "$major" ] && [ "$major" -ge 22 ] && [ "$major" -gt "$best_major" ]; then
        best=$home best_major=$major
    fi
done

if [ -z "$best" ]; then
    echo "panagan needs a JDK 22 or newer and found none (looked at JAVA_HOME, PATH, /usr/lib/jvm, /opt)." >&2
    echo "hint: install one (e.g. Temurin 25: apt-get install temurin-25-jdk) or set JAVA_HOME." >&2
    exit 1
fi
echo "$best"
