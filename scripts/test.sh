#!/bin/sh
# The README's second command: set up and run every test (unit tests, then integration tests that start their own
# berthd and registry). Needs root.
set -eu
cd "$(dirname "$0")/.."
./scripts/install-deps.sh
export JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64
# Maven's own Guava touches sun.misc.Unsafe; JDK 25 warns about it on every run
export MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow"
# -T 2: modules that do not depend on each other build side by side (the dashboard's npm build and the CLI with the
# engine's unit tests); the integration tests, which need every module, still run alone and one class at a time
mvn -B -T 2 verify "$@"
