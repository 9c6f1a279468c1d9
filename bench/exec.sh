#!/bin/bash
# Latency of `docker exec <c> true` against berthd and, beside it in the same run, Docker itself; with medians.
#
#   bench/exec.sh                      # berthd on unix:///run/berth/berth.sock and ../shared/anchor-docker.sh
#   BERTH_HOST=unix:///tmp/x/berth.sock RUNS=30 bench/exec.sh
#
# One long-running busybox container per daemon; the runs alternate between the daemons so that both see the same
# load. Each figure is the median wall time of RUNS runs after WARMUP runs, around the whole docker CLI process; then
# the CPU the daemon side spent per exec over all runs (berthd with the helpers it reaped; dockerd, containerd and the
# container's shim with the runc it reaped), which a loaded machine inflates far less than wall time.
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${RUNS:-20}
WARMUP=${WARMUP:-3}
BERTH_HOST=${BERTH_HOST:-unix:///run/berth/berth.sock}
ANCHOR_HOST=$(../shared/anchor-docker.sh | sed -n 's/^DOCKER_HOST=//p')
name=bench-exec-$$

cleanup() {
  DOCKER_HOST=$BERTH_HOST docker rm -f "$name" >/dev/null 2>&1 || true
  DOCKER_HOST=$ANCHOR_HOST docker rm -f "$name" >/dev/null 2>&1 || true
}
trap cleanup EXIT
for host in "$BERTH_HOST" "$ANCHOR_HOST"; do
  DOCKER_HOST=$host docker run -d --name "$name" busybox sleep 3600 >/dev/null
  for _ in $(seq "$WARMUP"); do DOCKER_HOST=$host docker exec "$name" true; done
done

berthd_pid=$(cat "$(dirname "${BERTH_HOST#unix://}")/berthd.pid")
dockerd_pid=$(cat /run/anchor-docker.pid)
anchor_id=$(DOCKER_HOST=$ANCHOR_HOST docker inspect -f '{{.Id}}' "$name")
docker_pids="$dockerd_pid $(pgrep -P "$dockerd_pid" containerd | tr '\n' ' ') $(pgrep -f "containerd-shim.*$anchor_id" | tr '\n' ' ')"
ticks() { local s=0 p; for p in $1; do s=$((s + $(awk '{print $14+$15+$16+$17}' "/proc/$p/stat"))); done; echo "$s"; }
bcpu=0 dcpu=0
ms() { local t0 t1; t0=$(date +%s%N); DOCKER_HOST=$1 docker exec "$name" true; t1=$(date +%s%N); echo $(( (t1 - t0) / 1000000 )); }
median() { sort -n | awk '{a[NR]=$1} END {if (NR%2) print a[(NR+1)/2]; else print int((a[NR/2]+a[NR/2+1])/2)}'; }

berth=() anchor=()
for _ in $(seq "$RUNS"); do
  c0=$(ticks "$berthd_pid"); berth+=("$(ms "$BERTH_HOST")"); c1=$(ticks "$berthd_pid"); bcpu=$((bcpu + c1 - c0))
  c0=$(ticks "$docker_pids"); anchor+=("$(ms "$ANCHOR_HOST")"); c1=$(ticks "$docker_pids"); dcpu=$((dcpu + c1 - c0))
done
tick_ms=$((1000 / $(getconf CLK_TCK)))
b=$(printf '%s\n' "${berth[@]}" | median)
d=$(printf '%s\n' "${anchor[@]}" | median)
echo "# $(date -u +%FT%TZ) $(nproc) CPUs, load $(cut -d' ' -f1-3 /proc/loadavg), n=$RUNS"
printf 'docker exec <c> true   berthd  median %4d ms   (min %d, max %d)\n' "$b" \
  "$(printf '%s\n' "${berth[@]}" | sort -n | head -1)" "$(printf '%s\n' "${berth[@]}" | sort -n | tail -1)"
printf 'docker exec <c> true   Docker  median %4d ms   (min %d, max %d)\n' "$d" \
  "$(printf '%s\n' "${anchor[@]}" | sort -n | head -1)" "$(printf '%s\n' "${anchor[@]}" | sort -n | tail -1)"
awk -v b="$b" -v d="$d" 'BEGIN {printf "ratio berthd / Docker: %.2f (target <= 0.50)\n", b/d}'
awk -v b="$bcpu" -v d="$dcpu" -v n="$RUNS" -v t="$tick_ms" \
  'BEGIN {printf "daemon CPU per exec: berthd %.0f ms, Docker %.0f ms, ratio %.2f\n", b*t/n, d*t/n, (d ? b/d : 0)}'
