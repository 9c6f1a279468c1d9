#!/bin/sh
# Builds the jars (no tests) and links the launchers into /usr/local/bin.
set -eu
cd "$(dirname "$0")/.."
export JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64
mvn -q -B -DskipTests package
ln -sf "$PWD/bin/berth" /usr/local/bin/berth
ln -sf "$PWD/bin/berthd" /usr/local/bin/berthd
