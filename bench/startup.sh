#!/bin/bash
# Start-up, memory and CLI latency of Berth beside Docker, in one run on this machine (issue 11):
#   - daemon ready: from exec to the first answered GET /_ping, berthd vs dockerd (with the containerd it starts);
#     for berthd also to the first answered GET /info (the engine has opened the store and finished recovery)
#   - idle PSS (/proc/<pid>/smaps_rollup) 15 s after ready (the JIT has settled): berthd vs dockerd + containerd
#   - `berth` vs the docker CLI against the same berthd: version, ps, run --rm busybox true
# Medians of RUNS runs after WARMUP runs; each daemon gets its own temporary socket, data root and exec root.
#
#   bench/startup.sh                 # RUNS=7 WARMUP=1
#   RUNS=20 bench/startup.sh
#   NO_DOCKER=1 bench/startup.sh     # berthd and berth only (dockerd comes from Debian's docker.io)
#   VERBOSE=1 bench/startup.sh       # also each run's figures, on stderr
#   CLI_ONLY=1 bench/startup.sh      # only the CLI section; BERTH_CLI=<launcher> measures another build's bin/berth
#   BERTHD=<launcher> bench/startup.sh   # another build's bin/berthd (a before/after pair: run both, alternately)
#
# Root only. The machine may be shared: the load average is printed with the figures.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v curl >/dev/null || { echo "bench/startup.sh needs curl" >&2; exit 1; }
RUNS=${RUNS:-7}
WARMUP=${WARMUP:-1}
SETTLE=${SETTLE:-15}
work=$(mktemp -d /tmp/berth-bench.XXXXXX)
daemon_pid=
cleanup() {
  [ -n "$daemon_pid" ] && kill "$daemon_pid" 2>/dev/null && wait "$daemon_pid" 2>/dev/null
  # dockerd leaves its containerd's mounts behind when stopped mid-way
  mount | awk -v w="$work" 'index($3, w) == 1 {print $3}' | sort -r | xargs -r -n1 umount 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT

now_ns() { date +%s%N; }
median() { sort -n | awk '{a[NR]=$1} END {if (NR%2) print a[(NR+1)/2]; else print int((a[NR/2]+a[NR/2+1])/2)}'; }
pss_kb() { awk '/^Pss:/ {print $2}' "/proc/$1/smaps_rollup" 2>/dev/null || echo 0; }
# answers <socket> <path>: true once the daemon answers 200 there
answers() { curl -sf -o /dev/null --max-time 5 --unix-socket "$1" "http://local$2"; }

# start_berthd <dir>: starts berthd, sets daemon_pid and READY (ms to /_ping) and INFO (ms to /info)
start_berthd() {
  local dir=$1 t0 t1 t2
  mkdir -p "$dir"
  t0=$(now_ns)
  "${BERTHD:-bin/berthd}" --data-root "$dir/data" --exec-root "$dir/exec" -H "unix://$dir/berth.sock" >>"$dir/berthd.log" 2>&1 &
  daemon_pid=$!
  until answers "$dir/berth.sock" /_ping; do kill -0 "$daemon_pid" || return 1; sleep 0.002; done
  t1=$(now_ns)
  until answers "$dir/berth.sock" /info; do sleep 0.002; done
  t2=$(now_ns)
  READY=$(( (t1 - t0) / 1000000 )); INFO=$(( (t2 - t0) / 1000000 ))
}

# start_dockerd <dir>: dockerd with its own containerd, no bridge (Berth sets up no network at start either);
# sets daemon_pid and READY
start_dockerd() {
  local dir=$1 t0 t1
  mkdir -p "$dir"
  t0=$(now_ns)
  dockerd -H "unix://$dir/docker.sock" --data-root "$dir/data" --exec-root "$dir/exec" --pidfile "$dir/docker.pid" \
    --bridge none --iptables=false --ip6tables=false >>"$dir/dockerd.log" 2>&1 &
  daemon_pid=$!
  until answers "$dir/docker.sock" /_ping; do kill -0 "$daemon_pid" || return 1; sleep 0.002; done
  t1=$(now_ns)
  READY=$(( (t1 - t0) / 1000000 ))
}

stop_daemon() {
  kill "$daemon_pid" 2>/dev/null || true
  wait "$daemon_pid" 2>/dev/null || true
  daemon_pid=
}

# The daemon's PSS plus its children's (dockerd's containerd; berthd has none while idle)
tree_pss_kb() {
  local total kids
  total=$(pss_kb "$1")
  kids=$(pgrep -P "$1" || true)
  for k in $kids; do total=$(( total + $(pss_kb "$k") )); done
  echo "$total"
}

echo "# $(date -u +%FT%TZ) $(nproc) CPUs, load $(cut -d' ' -f1-3 /proc/loadavg); RUNS=$RUNS WARMUP=$WARMUP"

# ---- daemons: ready time and idle PSS, alternating berthd and dockerd ----
b_ready=(); b_info=(); b_pss=(); d_ready=(); d_pss=()
with_docker=1
{ [ -n "${NO_DOCKER:-}" ] || ! command -v dockerd >/dev/null; } && with_docker=
daemon_runs=$((WARMUP + RUNS))
[ -n "${CLI_ONLY:-}" ] && daemon_runs=0
for i in $(seq $daemon_runs); do
  start_berthd "$work/berthd"
  sleep "$SETTLE"; pss=$(tree_pss_kb "$daemon_pid"); stop_daemon
  if [ "$i" -gt "$WARMUP" ]; then b_ready+=("$READY"); b_info+=("$INFO"); b_pss+=("$pss"); fi
  [ -n "${VERBOSE:-}" ] && echo "  run $i berthd: ready $READY ms, /info $INFO ms, PSS $((pss / 1024)) MB" >&2
  if [ -n "$with_docker" ]; then
    start_dockerd "$work/dockerd"
    sleep "$SETTLE"; pss=$(tree_pss_kb "$daemon_pid"); stop_daemon
    if [ "$i" -gt "$WARMUP" ]; then d_ready+=("$READY"); d_pss+=("$pss"); fi
    [ -n "${VERBOSE:-}" ] && echo "  run $i dockerd: ready $READY ms, PSS $((pss / 1024)) MB" >&2
  fi
done
if [ "$daemon_runs" -gt 0 ]; then
br=$(printf '%s\n' "${b_ready[@]}" | median); bi=$(printf '%s\n' "${b_info[@]}" | median)
bp=$(printf '%s\n' "${b_pss[@]}" | median)
printf '%-44s %6d ms\n' "berthd ready (/_ping answered)" "$br"
printf '%-44s %6d ms\n' "berthd engine ready (/info answered)" "$bi"
printf '%-44s %6.1f MB\n' "berthd idle PSS" "$(awk -v k="$bp" 'BEGIN {print k / 1024}')"
fi
if [ -n "$with_docker" ] && [ "$daemon_runs" -gt 0 ]; then
  dr=$(printf '%s\n' "${d_ready[@]}" | median); dp=$(printf '%s\n' "${d_pss[@]}" | median)
  printf '%-44s %6d ms\n' "dockerd + containerd ready (/_ping answered)" "$dr"
  printf '%-44s %6.1f MB\n' "dockerd + containerd idle PSS" "$(awk -v k="$dp" 'BEGIN {print k / 1024}')"
  awk -v b="$br" -v d="$dr" -v bp="$bp" -v dp="$dp" \
    'BEGIN {printf "ratio berthd / dockerd: ready %.2f, idle PSS %.2f\n", b/d, bp/dp}'
fi

# ---- CLIs against one berthd ----
start_berthd "$work/cli"
host="unix://$work/cli/berth.sock"
scripts/busybox-rootfs.sh | DOCKER_HOST=$host docker import -c 'CMD ["sh"]' - busybox:latest >/dev/null
measure() { # measure <command...>: median ms of RUNS runs after WARMUP runs
  local times=() t0
  for _ in $(seq "$WARMUP"); do "$@" >/dev/null 2>&1 || { echo "failed: $*" >&2; return 1; }; done
  for _ in $(seq "$RUNS"); do t0=$(now_ns); "$@" >/dev/null 2>&1; times+=($(( ($(now_ns) - t0) / 1000000 ))); done
  printf '%s\n' "${times[@]}" | median
}
for verb in "version" "ps" "run --rm busybox true"; do
  # shellcheck disable=SC2086
  d=$(DOCKER_HOST=$host measure docker $verb)
  # shellcheck disable=SC2086
  b=$(BERTH_HOST=$host measure "${BERTH_CLI:-bin/berth}" $verb)
  awk -v v="$verb" -v b="$b" -v d="$d" 'BEGIN {printf "%-26s berth %5d ms   docker CLI %5d ms   ratio %.2f\n", v, b, d, b/d}'
done
# the floor of any Java CLI: a class that prints one line, on the same JVM with the launcher's start-up flags and an
# AOT cache of its own; when this alone is slower than the docker CLI's `version`, so is every JVM verb
java_bin=${BERTH_JAVA:-/usr/lib/jvm/temurin-25-jdk-amd64/bin/java}
jdk_bin=${java_bin%/java}
mkdir -p "$work/floor"
printf 'public class Floor { public static void main(String[] a) { System.out.println("berth"); } }\n' >"$work/floor/Floor.java"
"$jdk_bin/javac" -d "$work/floor" "$work/floor/Floor.java"
"$jdk_bin/jar" cfe "$work/floor/floor.jar" Floor -C "$work/floor" Floor.class
floor_flags=(-XX:TieredStopAtLevel=1 -XX:+UseSerialGC -XX:-UsePerfData -cp "$work/floor/floor.jar")
"$java_bin" -XX:AOTCacheOutput="$work/floor/floor.aot" "${floor_flags[@]}" Floor >"$work/floor/aot.log" 2>&1 \
  || { echo "the JVM floor's AOT cache was not made: $(tail -1 "$work/floor/aot.log")" >&2; }
f=$(measure "$java_bin" -XX:AOTCache="$work/floor/floor.aot" -Xlog:aot=off -Xlog:cds=off "${floor_flags[@]}" Floor)
d=$(DOCKER_HOST=$host measure docker version)
awk -v f="$f" -v d="$d" 'BEGIN {printf "%-26s java   %5d ms   docker CLI %5d ms   ratio %.2f (JVM start, prints one line)\n", "JVM floor vs version", f, d, f/d}'
stop_daemon
echo "# load at the end $(cut -d' ' -f1-3 /proc/loadavg)"
