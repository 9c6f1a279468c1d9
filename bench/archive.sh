#!/bin/bash
# docker save and docker load of an image of ~150 MB in 5 layers (one import, four commits of random data), through
# the docker CLI, against berthd and (with --compare) against Docker itself in the same run, interleaved run by run.
#
#   bench/archive.sh                        # berthd on unix:///run/berth/berth.sock
#   bench/archive.sh --compare              # also Docker (../shared/anchor-docker.sh)
#   RUNS=5 BERTH_HOST=unix:///tmp/x/berth.sock bench/archive.sh --compare
#
# Each figure is the median wall time of RUNS runs (after one warm-up) around the docker CLI process, and the median
# CPU time the daemon side spent (berthd; dockerd + containerd), which a busy machine does not inflate as it does
# wall time. save writes to a file (-o); before each load the image is removed, so that every layer is new to the
# daemon. Each daemon loads the archive it saved itself.
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${RUNS:-5}
BERTH_HOST=${BERTH_HOST:-unix:///run/berth/berth.sock}
out=$(mktemp -d -p /var/tmp)
trap 'rm -rf "$out"' EXIT
image=bench-archive:1

source bench/lib.sh  # hosts, pids, ticks, tick_ms, median (the working directory is the repository now)

# the image: busybox and 30 MB of random data imported, then four containers each adding 30 MB, committed
root=$out/rootfs
scripts/busybox-rootfs.sh | { mkdir -p "$root"; tar -x -C "$root"; }
head -c 30000000 /dev/urandom > "$root/layer0"
tar -C "$root" -cf "$out/rootfs.tar" .
rm -rf "$root"
for h in "${hosts[@]}"; do
  export DOCKER_HOST=${h#*=}
  docker rmi -f $image bench-archive:base >/dev/null 2>&1 || true
  docker import -c 'CMD ["sh"]' "$out/rootfs.tar" bench-archive:base >/dev/null
  from=bench-archive:base
  for i in 1 2 3 4; do
    docker rm -f bench-archive-c >/dev/null 2>&1 || true
    docker run --name bench-archive-c $from sh -c "head -c 30000000 /dev/urandom > /layer$i" >/dev/null
    docker commit bench-archive-c bench-archive:step$i >/dev/null
    docker rm bench-archive-c >/dev/null
    from=bench-archive:step$i
  done
  docker tag $from $image
  docker rmi bench-archive:base bench-archive:step1 bench-archive:step2 bench-archive:step3 bench-archive:step4 >/dev/null
done

ms() { echo $(( ($2 - $1) / 1000000 )); }
declare -A save load savecpu loadcpu size
for run in $(seq 0 "$RUNS"); do
  for h in "${hosts[@]}"; do
    name=${h%%=*}; export DOCKER_HOST=${h#*=}
    file=$out/$name.tar
    rm -f "$file"
    c0=$(ticks "$name"); t0=$(date +%s%N); docker save -o "$file" $image; t1=$(date +%s%N); c1=$(ticks "$name")
    size[$name]=$(stat -c %s "$file")
    docker rmi $image >/dev/null
    c2=$(ticks "$name"); t2=$(date +%s%N); docker load -q -i "$file" >/dev/null; t3=$(date +%s%N); c3=$(ticks "$name")
    docker run --rm $image sh -c 'test -s /layer4' || { echo "the image $name loaded is incomplete" >&2; exit 1; }
    if [ "$run" -gt 0 ]; then  # run 0 warms up
      save[$name]+="$(ms "$t0" "$t1") "; load[$name]+="$(ms "$t2" "$t3") "
      savecpu[$name]+="$(( (c1 - c0) * tick_ms )) "; loadcpu[$name]+="$(( (c3 - c2) * tick_ms )) "
    fi
  done
done
for h in "${hosts[@]}"; do DOCKER_HOST=${h#*=} docker rmi $image >/dev/null; done

echo "# $(date -u +%FT%TZ) $(nproc) CPUs, load $(cut -d' ' -f1-3 /proc/loadavg), medians of $RUNS"
for h in "${hosts[@]}"; do
  name=${h%%=*}
  printf '%-8s docker save (%3d MB archive)    median %5d ms, daemon CPU %5d ms   [%s]\n' "$name" \
    $((size[$name] / 1000000)) "$(median "${save[$name]}")" "$(median "${savecpu[$name]}")" "${save[$name]% }"
  printf '%-8s docker load                     median %5d ms, daemon CPU %5d ms   [%s]\n' "$name" \
    "$(median "${load[$name]}")" "$(median "${loadcpu[$name]}")" "${load[$name]% }"
done
if [ "$compare" = --compare ]; then
  awk -v bs="$(median "${save[berthd]}")" -v ds="$(median "${save[Docker]}")" \
      -v bl="$(median "${load[berthd]}")" -v dl="$(median "${load[Docker]}")" \
      'BEGIN {printf "ratio berthd / Docker, wall: save %.2f, load %.2f\n", bs/ds, bl/dl}'
  awk -v bs="$(median "${savecpu[berthd]}")" -v ds="$(median "${savecpu[Docker]}")" \
      -v bl="$(median "${loadcpu[berthd]}")" -v dl="$(median "${loadcpu[Docker]}")" \
      'BEGIN {printf "ratio berthd / Docker, daemon CPU: save %.2f, load %.2f\n", bs/ds, bl/dl}'
fi
