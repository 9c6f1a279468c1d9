#!/bin/sh
# Builds the jars (no tests), trains the berth CLI's AOT cache, and links the launchers into /usr/local/bin.
set -eu
cd "$(dirname "$0")/.."
export JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64
# Maven's own Guava touches sun.misc.Unsafe; JDK 25 warns about it on every run
export MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow"
mvn -q -B -DskipTests install
# One training run records the classes the CLI loads (JEP 483/514); the launcher uses the cache when it exists.
# The training command fails to connect on purpose (no daemon needed): it still loads the client and the JSON mapper.
rm -f berth-cli/target/berth-cli.aot
"$JAVA_HOME/bin/java" -XX:AOTCacheOutput=berth-cli/target/berth-cli.aot -XX:TieredStopAtLevel=1 -XX:+UseSerialGC \
  -XX:-UsePerfData --enable-native-access=ALL-UNNAMED -Dberth.home="$PWD" \
  -jar berth-cli/target/berth-cli.jar -H unix:///nonexistent/berth.sock ps >/dev/null 2>&1 || true
ln -sf "$PWD/bin/berth" /usr/local/bin/berth
ln -sf "$PWD/bin/berthd" /usr/local/bin/berthd
