#!/bin/bash
# Start-up latency of a container, through the docker CLI and through berth, with medians.
#
#   bench/run.sh                       # berthd on unix:///run/berth/berth.sock
#   bench/run.sh --compare             # also Docker itself (../shared/anchor-docker.sh), same run, interleaved
#   RUNS=30 bench/run.sh
#
# Each figure is the median wall time of RUNS runs after WARMUP runs, measured around the whole client process.
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${RUNS:-20}
WARMUP=${WARMUP:-3}
BERTH_HOST=${BERTH_HOST:-unix:///run/berth/berth.sock}
compare=${1:-}

now_ms() { echo $(( $(date +%s%N) / 1000000 )); }

# measure <label> <command...>: prints the median and min/max in ms
measure() {
  local label=$1; shift
  local times=()
  for _ in $(seq "$WARMUP"); do "$@" >/dev/null 2>&1 || { echo "$label: command failed: $*" >&2; "$@"; exit 1; }; done
  for _ in $(seq "$RUNS"); do
    local t0 t1
    t0=$(date +%s%N); "$@" >/dev/null 2>&1; t1=$(date +%s%N)
    times+=($(( (t1 - t0) / 1000000 )))
  done
  local sorted
  sorted=$(printf '%s\n' "${times[@]}" | sort -n)
  local median min max
  median=$(echo "$sorted" | awk -v n="$RUNS" '{a[NR]=$1} END {if (n%2) print a[(n+1)/2]; else print int((a[n/2]+a[n/2+1])/2)}')
  min=$(echo "$sorted" | head -1); max=$(echo "$sorted" | tail -1)
  printf '%-52s median %5d ms   (min %d, max %d, n=%d)\n' "$label" "$median" "$min" "$max" "$RUNS"
  LAST=$median
}

echo "# $(date -u +%FT%TZ) $(nproc) CPUs, load $(cut -d' ' -f1-3 /proc/loadavg)"
DOCKER_HOST=$BERTH_HOST measure "docker run --rm busybox true   (berthd)" docker run --rm busybox true
berth_docker=$LAST
BERTH_HOST=$BERTH_HOST measure "berth run --rm busybox true    (berthd)" bin/berth run --rm busybox true
berth_berth=$LAST
DOCKER_HOST=$BERTH_HOST measure "docker version                 (berthd)" docker version
if [ "$compare" = --compare ]; then
  anchor=$(../shared/anchor-docker.sh | sed -n 's/^DOCKER_HOST=//p')
  DOCKER_HOST=$anchor measure "docker run --rm busybox true   (Docker)" docker run --rm busybox true
  docker_docker=$LAST
  DOCKER_HOST=$anchor measure "docker version                 (Docker)" docker version
  awk -v b="$berth_docker" -v d="$docker_docker" 'BEGIN {printf "ratio docker run, berthd / Docker: %.2f (%.1fx faster)\n", b/d, d/b}'
fi
