#!/bin/sh
# The README's second command: set up and run every test (unit tests, then integration tests that start their own
# berthd and registry). Needs root.
set -eu
cd "$(dirname "$0")/.."
./scripts/install-deps.sh
export JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64
# Maven's own Guava touches sun.misc.Unsafe; JDK 25 warns about it on every run
export MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow"
mvn -B verify "$@"
