#!/bin/bash
# commit of a container that wrote 50 MB, and cp of a 100 MB directory out of a container, through the docker CLI,
# against berthd and (with --compare) against Docker itself in the same run, interleaved run by run.
#
#   bench/fs.sh                        # berthd on unix:///run/berth/berth.sock
#   bench/fs.sh --compare              # also Docker (../shared/anchor-docker.sh)
#   RUNS=9 BERTH_HOST=unix:///tmp/x/berth.sock bench/fs.sh --compare
#
# Each figure is the median wall time of RUNS runs (after one warm-up) around the docker CLI process; the image a
# commit made and the directory a cp wrote are removed between runs, outside the measurement.
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${RUNS:-9}
BERTH_HOST=${BERTH_HOST:-unix:///run/berth/berth.sock}
compare=${1:-}
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

hosts=("berthd=$BERTH_HOST")
if [ "$compare" = --compare ]; then
  hosts+=("Docker=$(../shared/anchor-docker.sh | sed -n 's/^DOCKER_HOST=//p')")
fi

# 50 MB in one file for commit, 100 files of 1 MB under /d for cp; random data, so nothing compresses it away
script='dd if=/dev/urandom of=/big bs=1M count=50 2>/dev/null; mkdir /d;
  for i in $(seq 100); do dd if=/dev/urandom of=/d/f$i bs=1M count=1 2>/dev/null; done; touch /ready; sleep 100000'
for h in "${hosts[@]}"; do
  DOCKER_HOST=${h#*=} docker rm -f bench-fs >/dev/null 2>&1 || true
  DOCKER_HOST=${h#*=} docker run -d --name bench-fs busybox sh -c "$script" >/dev/null
  for _ in $(seq 300); do DOCKER_HOST=${h#*=} docker cp bench-fs:/ready - >/dev/null 2>&1 && break; sleep 0.2; done
done

ms() { echo $(( ($2 - $1) / 1000000 )); }
declare -A commit cp
for run in $(seq 0 "$RUNS"); do
  for h in "${hosts[@]}"; do
    name=${h%%=*}; export DOCKER_HOST=${h#*=}
    t0=$(date +%s%N); docker commit bench-fs bench-fs-img:$run >/dev/null; t1=$(date +%s%N)
    docker rmi bench-fs-img:$run >/dev/null
    t2=$(date +%s%N); docker cp bench-fs:/d "$out/d" >/dev/null; t3=$(date +%s%N)
    [ "$(du -sm "$out/d" | cut -f1)" -ge 100 ] || { echo "cp from $name copied too little" >&2; exit 1; }
    rm -rf "$out/d"
    if [ "$run" -gt 0 ]; then  # run 0 warms up
      commit[$name]+="$(ms "$t0" "$t1") "; cp[$name]+="$(ms "$t2" "$t3") "
    fi
  done
done
for h in "${hosts[@]}"; do DOCKER_HOST=${h#*=} docker rm -f bench-fs >/dev/null; done

median() { printf '%s\n' $1 | sort -n | awk '{a[NR]=$1} END {if (NR%2) print a[(NR+1)/2]; else print int((a[NR/2]+a[NR/2+1])/2)}'; }
echo "# $(date -u +%FT%TZ) $(nproc) CPUs, load $(cut -d' ' -f1-3 /proc/loadavg), medians of $RUNS"
for h in "${hosts[@]}"; do
  name=${h%%=*}
  printf '%-8s docker commit (50 MB written)   median %5d ms   [%s]\n' "$name" "$(median "${commit[$name]}")" "${commit[$name]% }"
  printf '%-8s docker cp out (100 MB dir)      median %5d ms   [%s]\n' "$name" "$(median "${cp[$name]}")" "${cp[$name]% }"
done
if [ "$compare" = --compare ]; then
  awk -v bc="$(median "${commit[berthd]}")" -v dc="$(median "${commit[Docker]}")" \
      -v bp="$(median "${cp[berthd]}")" -v dp="$(median "${cp[Docker]}")" \
      'BEGIN {printf "ratio berthd / Docker: commit %.2f, cp %.2f\n", bc/dc, bp/dp}'
fi
