#!/bin/bash
# docker run --rm -v <volume>:/data of an image whose /data holds 20 MB (200 files of 100 kB in 10 directories), with a
# fresh volume each run (so the daemon copies the image's /data into it) and with an existing, filled volume, through
# the docker CLI, against berthd and (with --compare) against Docker itself in the same run, interleaved run by run.
#
#   bench/volumes.sh                        # berthd on unix:///run/berth/berth.sock
#   bench/volumes.sh --compare              # also Docker (../shared/anchor-docker.sh)
#   RUNS=9 BERTH_HOST=unix:///tmp/x/berth.sock bench/volumes.sh --compare
#
# Each figure is the median wall time of RUNS runs (after one warm-up) around the docker CLI process, and the median
# CPU time the daemon side spent on it (berthd; dockerd + containerd and the helpers they reaped). The image is made
# on each daemon by commit; each fresh volume is removed after its run, outside the measurement.
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${RUNS:-9}
BERTH_HOST=${BERTH_HOST:-unix:///run/berth/berth.sock}
source bench/lib.sh  # hosts, pids, ticks, tick_ms, median (the working directory is the repository now)

fill='for d in $(seq 10); do mkdir -p /data/d$d; for f in $(seq 20); do
  dd if=/dev/urandom of=/data/d$d/f$f bs=100k count=1 2>/dev/null; done; done'
for h in "${hosts[@]}"; do
  export DOCKER_HOST=${h#*=}
  docker rm -f bench-vol-src >/dev/null 2>&1 || true
  docker volume rm -f bench-vol-keep >/dev/null 2>&1 || true
  docker run --name bench-vol-src busybox sh -c "$fill" >/dev/null
  docker commit bench-vol-src bench-vol:20m >/dev/null
  docker rm bench-vol-src >/dev/null
  docker run --rm -v bench-vol-keep:/data bench-vol:20m true
  [ "$(du -sm "$(docker volume inspect -f '{{.Mountpoint}}' bench-vol-keep)" | cut -f1)" -ge 20 ] \
    || { echo "copy-up on $h copied too little" >&2; exit 1; }
done

ms() { echo $(( ($2 - $1) / 1000000 )); }
declare -A fresh existing freshcpu existingcpu
for run in $(seq 0 "$RUNS"); do
  for h in "${hosts[@]}"; do
    name=${h%%=*}; export DOCKER_HOST=${h#*=}
    c0=$(ticks "$name"); t0=$(date +%s%N)
    docker run --rm -v bench-vol-$run:/data bench-vol:20m true
    t1=$(date +%s%N); c1=$(ticks "$name")
    docker volume rm bench-vol-$run >/dev/null
    c2=$(ticks "$name"); t2=$(date +%s%N)
    docker run --rm -v bench-vol-keep:/data bench-vol:20m true
    t3=$(date +%s%N); c3=$(ticks "$name")
    if [ "$run" -gt 0 ]; then  # run 0 warms up
      fresh[$name]+="$(ms "$t0" "$t1") "; existing[$name]+="$(ms "$t2" "$t3") "
      freshcpu[$name]+="$(( (c1 - c0) * tick_ms )) "; existingcpu[$name]+="$(( (c3 - c2) * tick_ms )) "
    fi
  done
done
for h in "${hosts[@]}"; do
  DOCKER_HOST=${h#*=} docker volume rm bench-vol-keep >/dev/null
  DOCKER_HOST=${h#*=} docker rmi bench-vol:20m >/dev/null
done

echo "# $(date -u +%FT%TZ) $(nproc) CPUs, load $(cut -d' ' -f1-3 /proc/loadavg), medians of $RUNS"
for h in "${hosts[@]}"; do
  name=${h%%=*}
  printf '%-8s run --rm -v <fresh>:/data (20 MB copy-up)  median %5d ms, daemon CPU %5d ms   [%s]\n' "$name" \
    "$(median "${fresh[$name]}")" "$(median "${freshcpu[$name]}")" "${fresh[$name]% }"
  printf '%-8s run --rm -v <existing>:/data               median %5d ms, daemon CPU %5d ms   [%s]\n' "$name" \
    "$(median "${existing[$name]}")" "$(median "${existingcpu[$name]}")" "${existing[$name]% }"
done
if [ "$compare" = --compare ]; then
  awk -v bf="$(median "${fresh[berthd]}")" -v df="$(median "${fresh[Docker]}")" \
      -v be="$(median "${existing[berthd]}")" -v de="$(median "${existing[Docker]}")" \
      'BEGIN {printf "ratio berthd / Docker, wall: fresh volume %.2f, existing volume %.2f\n", bf/df, be/de}'
  awk -v bf="$(median "${freshcpu[berthd]}")" -v df="$(median "${freshcpu[Docker]}")" \
      -v be="$(median "${existingcpu[berthd]}")" -v de="$(median "${existingcpu[Docker]}")" \
      'BEGIN {if (df > 0 && de > 0) printf "ratio berthd / Docker, daemon CPU: fresh volume %.2f, existing volume %.2f\n", bf/df, be/de}'
fi
