#!/bin/sh
# Builds the jars (no tests), trains the AOT caches of berthd and the berth CLI, and links the launchers into
# /usr/local/bin.
set -eu
cd "$(dirname "$0")/.."
export JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64
# Maven's own Guava touches sun.misc.Unsafe; JDK 25 warns about it on every run
export MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow"
mvn -q -B -DskipTests install
# AOT caches for berthd and the CLI, trained on a temporary berthd serving the common verbs (JEP 483/514/515)
./scripts/aot-train.sh
ln -sf "$PWD/bin/berth" /usr/local/bin/berth
ln -sf "$PWD/bin/berthd" /usr/local/bin/berthd
