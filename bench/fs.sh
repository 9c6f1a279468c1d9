#!/bin/bash
# commit of a container that wrote 50 MB, and cp of a 100 MB directory out of a container, through the docker CLI,
# against berthd and (with --compare) against Docker itself in the same run, interleaved run by run.
#
#   bench/fs.sh                        # berthd on unix:///run/berth/berth.sock
#   bench/fs.sh --compare              # also Docker (../shared/anchor-docker.sh)
#   RUNS=9 BERTH_HOST=unix:///tmp/x/berth.sock bench/fs.sh --compare
#
# Each figure is the median wall time of RUNS runs (after one warm-up) around the docker CLI process, and the median
# CPU time the daemon side spent on it (berthd; dockerd + containerd and the helpers they reaped), which a busy
# machine does not inflate as it does wall time. The image a commit made and the directory a cp wrote are removed
# between runs, outside the measurement.
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${RUNS:-9}
BERTH_HOST=${BERTH_HOST:-unix:///run/berth/berth.sock}
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

source bench/lib.sh  # hosts, pids, ticks, tick_ms, median (the working directory is the repository now)

# bench-commit writes 50 MB in one file, bench-cp 100 files of 1 MB under /d; random data, which nothing compresses
commit_script='dd if=/dev/urandom of=/big bs=1M count=50 2>/dev/null; touch /ready; sleep 100000'
cp_script='mkdir /d; for i in $(seq 100); do dd if=/dev/urandom of=/d/f$i bs=1M count=1 2>/dev/null; done;
  touch /ready; sleep 100000'
for h in "${hosts[@]}"; do
  export DOCKER_HOST=${h#*=}
  docker rm -f bench-commit bench-cp >/dev/null 2>&1 || true
  docker run -d --name bench-commit busybox sh -c "$commit_script" >/dev/null
  docker run -d --name bench-cp busybox sh -c "$cp_script" >/dev/null
  for c in bench-commit bench-cp; do
    for _ in $(seq 300); do docker cp $c:/ready - >/dev/null 2>&1 && break; sleep 0.2; done
  done
done

ms() { echo $(( ($2 - $1) / 1000000 )); }
declare -A commit cp commitcpu cpcpu
for run in $(seq 0 "$RUNS"); do
  for h in "${hosts[@]}"; do
    name=${h%%=*}; export DOCKER_HOST=${h#*=}
    c0=$(ticks "$name"); t0=$(date +%s%N); docker commit bench-commit bench-fs-img:$run >/dev/null; t1=$(date +%s%N); c1=$(ticks "$name")
    docker rmi bench-fs-img:$run >/dev/null
    c2=$(ticks "$name"); t2=$(date +%s%N); docker cp bench-cp:/d "$out/d" >/dev/null; t3=$(date +%s%N); c3=$(ticks "$name")
    [ "$(du -sm "$out/d" | cut -f1)" -ge 100 ] || { echo "cp from $name copied too little" >&2; exit 1; }
    rm -rf "$out/d"
    if [ "$run" -gt 0 ]; then  # run 0 warms up
      commit[$name]+="$(ms "$t0" "$t1") "; cp[$name]+="$(ms "$t2" "$t3") "
      commitcpu[$name]+="$(( (c1 - c0) * tick_ms )) "; cpcpu[$name]+="$(( (c3 - c2) * tick_ms )) "
    fi
  done
done
for h in "${hosts[@]}"; do DOCKER_HOST=${h#*=} docker rm -f bench-commit bench-cp >/dev/null; done

echo "# $(date -u +%FT%TZ) $(nproc) CPUs, load $(cut -d' ' -f1-3 /proc/loadavg), medians of $RUNS"
for h in "${hosts[@]}"; do
  name=${h%%=*}
  printf '%-8s docker commit (50 MB written)   median %5d ms, daemon CPU %5d ms   [%s]\n' "$name" \
    "$(median "${commit[$name]}")" "$(median "${commitcpu[$name]}")" "${commit[$name]% }"
  printf '%-8s docker cp out (100 MB dir)      median %5d ms, daemon CPU %5d ms   [%s]\n' "$name" \
    "$(median "${cp[$name]}")" "$(median "${cpcpu[$name]}")" "${cp[$name]% }"
done
if [ "$compare" = --compare ]; then
  awk -v bc="$(median "${commit[berthd]}")" -v dc="$(median "${commit[Docker]}")" \
      -v bp="$(median "${cp[berthd]}")" -v dp="$(median "${cp[Docker]}")" \
      'BEGIN {printf "ratio berthd / Docker, wall: commit %.2f, cp %.2f\n", bc/dc, bp/dp}'
  awk -v bc="$(median "${commitcpu[berthd]}")" -v dc="$(median "${commitcpu[Docker]}")" \
      -v bp="$(median "${cpcpu[berthd]}")" -v dp="$(median "${cpcpu[Docker]}")" \
      'BEGIN {printf "ratio berthd / Docker, daemon CPU: commit %.2f, cp %.2f\n", bc/dc, bp/dp}'
fi
