#!/bin/bash
# Cost of cgroup limits and of stats, through the docker CLI, berthd and Docker itself in the same run.
#
#   bench/resources.sh                 # berthd on unix:///run/berth/berth.sock, Docker from ../shared/anchor-docker.sh
#   BERTH_HOST=unix:///tmp/x/berth.sock RUNS=30 bench/resources.sh
#   NO_DOCKER=1 bench/resources.sh     # berthd only
#
# The commands are interleaved (one of each per round) so that a change in the machine's load hits them alike;
# each figure is the median wall time of RUNS rounds after WARMUP rounds, around the whole client process.
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${RUNS:-20}
WARMUP=${WARMUP:-3}
BERTH_HOST=${BERTH_HOST:-unix:///run/berth/berth.sock}

labels=(); commands=()
add() { labels+=("$1"); shift; commands+=("$*"); }

berth_sock=${BERTH_HOST#unix://}
berth_ctr=$(DOCKER_HOST=$BERTH_HOST docker run -d busybox sleep 3600)
add "docker stats --no-stream             (berthd)" "DOCKER_HOST=$BERTH_HOST docker stats --no-stream $berth_ctr"
add "GET /containers/{id}/stats?stream=0  (berthd)" "curl -sf --unix-socket $berth_sock http://x/containers/$berth_ctr/stats?stream=0"
add "docker run --rm busybox true         (berthd)" "DOCKER_HOST=$BERTH_HOST docker run --rm busybox true"
add "  ... --memory 64m --cpus 1          (berthd)" "DOCKER_HOST=$BERTH_HOST docker run --rm --memory 64m --cpus 1 busybox true"
if [ -z "${NO_DOCKER:-}" ]; then
  anchor=$(../shared/anchor-docker.sh | sed -n 's/^DOCKER_HOST=//p')
  docker_ctr=$(DOCKER_HOST=$anchor docker run -d busybox sleep 3600)
  add "docker stats --no-stream             (Docker)" "DOCKER_HOST=$anchor docker stats --no-stream $docker_ctr"
  add "GET /containers/{id}/stats?stream=0  (Docker)" "curl -sf --unix-socket ${anchor#unix://} http://x/containers/$docker_ctr/stats?stream=0"
  add "docker run --rm busybox true         (Docker)" "DOCKER_HOST=$anchor docker run --rm busybox true"
  add "  ... --memory 64m --cpus 1          (Docker)" "DOCKER_HOST=$anchor docker run --rm --memory 64m --cpus 1 busybox true"
fi
cleanup() {
  DOCKER_HOST=$BERTH_HOST docker rm -f "$berth_ctr" >/dev/null 2>&1 || true
  [ -n "${docker_ctr:-}" ] && DOCKER_HOST=$anchor docker rm -f "$docker_ctr" >/dev/null 2>&1 || true
}
trap cleanup EXIT

declare -A times
for round in $(seq $((WARMUP + RUNS))); do
  for i in "${!commands[@]}"; do
    t0=$(date +%s%N)
    bash -c "${commands[$i]}" >/dev/null 2>&1 || { echo "failed: ${commands[$i]}" >&2; exit 1; }
    t1=$(date +%s%N)
    [ "$round" -gt "$WARMUP" ] && times[$i]+="$(( (t1 - t0) / 1000000 )) "
  done
done

echo "# $(date -u +%FT%TZ) $(nproc) CPUs, load $(cut -d' ' -f1-3 /proc/loadavg), $RUNS rounds"
for i in "${!commands[@]}"; do
  sorted=$(printf '%s\n' ${times[$i]} | sort -n)
  median=$(echo "$sorted" | awk -v n="$RUNS" '{a[NR]=$1} END {if (n%2) print a[(n+1)/2]; else print int((a[n/2]+a[n/2+1])/2)}')
  printf '%-48s median %5d ms   (min %d, max %d)\n' "${labels[$i]}" "$median" "$(echo "$sorted" | head -1)" "$(echo "$sorted" | tail -1)"
done
