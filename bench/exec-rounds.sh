#!/bin/bash
# `docker exec <container> true` against several daemons in turn, round after round, and the median per daemon: the
# same moment of a noisy machine for each, which a run per daemon does not give. Each daemon needs a running
# container of that name (default ex1); a stand-in that answers at once measures the docker CLI alone:
#
#   python3 bench/exec-floor.py --serve /tmp/null.sock 1.50 &
#   C=ex1 N=31 bench/exec-rounds.sh unix:///tmp/null.sock unix:///run/berth/berth.sock unix:///run/anchor-docker.sock
set -euo pipefail
N=${N:-21}
C=${C:-ex1}
declare -A times
ms() {
  local t0 t1
  t0=$(date +%s%N)
  DOCKER_HOST=$1 docker exec "$C" true >/dev/null
  t1=$(date +%s%N)
  echo $(( (t1 - t0) / 100000 ))
}
for _ in $(seq "$N"); do
  for h in "$@"; do times[$h]+="$(ms "$h") "; done
done
echo "# $(date -u +%FT%TZ) $(nproc) CPUs, load $(cut -d' ' -f1-3 /proc/loadavg), $N rounds"
for h in "$@"; do
  printf '%s\n' ${times[$h]} | sort -n | awk -v h="$h" '{a[NR]=$1} END {printf "%-40s median %6.1f ms  min %6.1f\n", h, a[int((NR+1)/2)]/10, a[1]/10}'
done
