#!/bin/bash
# CPU cost of parsing Dockerfiles (berth.engine.build.dockerfile), first parse in a fresh JVM and warm, from the
# classes of this checkout (build them first: mvn -B -q -DskipTests compile -pl berth-engine -am).
#
#   bench/dockerfile-parse.sh
set -euo pipefail
cd "$(dirname "$0")/.."
JAVA=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}/bin/java
api=berth-api/target/classes
exec "$JAVA" -cp "berth-engine/target/classes:$api" bench/DockerfileParseBench.java
