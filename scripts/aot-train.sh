#!/bin/sh
# Trains the AOT caches of the berth CLI (JEP 483/514/515: classes loaded and linked, method profiles) and berthd's
# class archive (a dynamic CDS archive, see below) on real work: a berthd on a temporary data root, exec root and
# socket serves a few requests of the common verbs, made by the berth CLI, whose own training run performs them. Both
# JVMs write their cache or archive when they exit. Root only (berthd runs containers); without root, or if a step
# fails, the launchers simply run without a cache.
#
#   scripts/aot-train.sh        # after `mvn package`; scripts/build.sh runs it
#   AOT_TRAIN_OPTS=... scripts/aot-train.sh   # extra JVM options for the daemon's training run (experiments)
set -u
cd "$(dirname "$0")/.."
java=/usr/lib/jvm/temurin-25-jdk-amd64/bin/java
[ "$(id -u)" = 0 ] || { echo "aot-train: not root, no AOT caches trained" >&2; exit 0; }
tmp=$(mktemp -d /tmp/berth-aot.XXXXXX)
sock=$tmp/exec/berth.sock
daemon_jsa=$PWD/berth-daemon/target/berthd.jsa
cli_aot=$PWD/berth-cli/target/berth-cli.aot
# the quick path's own cache (bin/berth uses it for version, ps and run): only the classes those verbs load, since the
# JVM loads every class of a cache at start
quick_aot=$PWD/berth-cli/target/berth-cli-quick.aot
# (berthd.aot: the AOT cache that earlier builds made for berthd)
rm -f "$daemon_jsa" "$PWD/berth-daemon/target/berthd.aot" "$cli_aot" "$quick_aot"
# berthd's archive is a dynamic CDS archive (-XX:ArchiveClassesAtExit, on top of the JDK's own): its classes parsed and
# verified, loaded from it when first used, and the classes of its lambdas and of the launcher's Add-Exports, made
# ahead instead of spun with the class-file API at each start. An AOT cache of linked classes (JEP 483) makes the JVM
# load all ~4,300 of them before main (the socket answered later, the idle daemon held 13–30 MB more); one without
# linking (-AOTClassLinking) spins ~350 lambda classes at every start and mapped ~36 MB of PSS (issue 11, README
# "Start-up, memory"). Its own bridge (-b): a berthd already running here owns berth0, and two daemons must never
# share one.
BERTH_AOT_TRAINING=1 BERTH_JAVA_OPTS="-XX:ArchiveClassesAtExit=$daemon_jsa ${AOT_TRAIN_OPTS:-}" \
  bin/berthd --data-root "$tmp/data" --exec-root "$tmp/exec" -H "unix://$sock" -b berth-aot0 >"$tmp/berthd.log" 2>&1 &
pid=$!
cleanup() {
  kill "$pid" 2>/dev/null
  # berthd writes its archive on the way out: wait for that
  for _ in $(seq 600); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  ip link del berth-aot0 2>/dev/null
  rm -rf "$tmp"
}
trap cleanup EXIT
cli() { "$java" "$@" -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -XX:-UsePerfData --enable-native-access=ALL-UNNAMED \
  -Dberth.home="$PWD" -jar berth-cli/target/berth-cli.jar; }
for _ in $(seq 300); do [ -S "$sock" ] && cli -Dberth.aot.training="-H unix://$sock version" >/dev/null 2>&1 && break; sleep 0.1; done
scripts/busybox-rootfs.sh | cli -Dberth.aot.training="-H unix://$sock import - busybox:latest" >/dev/null 2>&1 || true
verbs="-H unix://$sock version"
verbs="$verbs; -H unix://$sock ps; -H unix://$sock ps -a; -H unix://$sock images; -H unix://$sock info"
verbs="$verbs; -H unix://$sock run --rm busybox true; -H unix://$sock run --name aot busybox echo trained"
verbs="$verbs; -H unix://$sock logs aot; -H unix://$sock inspect aot; -H unix://$sock rm aot"
cli -XX:AOTCacheOutput="$cli_aot" -Dberth.aot.training="$verbs" >"$tmp/cli.log" 2>&1 || echo "aot-train: the CLI training run failed" >&2
quick="-H unix://$sock version; -H unix://$sock ps; -H unix://$sock ps -a -q; -H unix://$sock run --rm busybox true"
quick="$quick; -H unix://$sock run --rm busybox echo trained"
cli -XX:AOTCacheOutput="$quick_aot" -Dberth.aot.training="$quick" >"$tmp/quick.log" 2>&1 \
  || echo "aot-train: the CLI's quick-path training run failed" >&2
# the daemon also serves the docker CLI's requests, which differ in detail (API version prefix, filters)
if command -v docker >/dev/null; then
  for v in version info ps images; do DOCKER_HOST="unix://$sock" docker $v >/dev/null 2>&1; done
  DOCKER_HOST="unix://$sock" docker run --rm busybox true >/dev/null 2>&1
fi
cleanup
trap - EXIT
[ -f "$daemon_jsa" ] && echo "aot-train: $daemon_jsa"
[ -f "$cli_aot" ] && echo "aot-train: $cli_aot"
[ -f "$quick_aot" ] && echo "aot-train: $quick_aot"
exit 0
