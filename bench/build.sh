#!/bin/bash
# Build times through the docker CLI (classic builder, POST /build): a 10-step Dockerfile that copies ~50 MB in
# 2,000 files, built cold (--no-cache), fully cached, and with one file changed late (only the last COPY and the
# steps after it run again). With --compare, Docker itself (../shared/anchor-docker.sh, classic builder) is built
# beside it in the same run, alternating, and the ratios are printed.
#
#   BERTH_HOST=unix:///tmp/x/berth.sock bench/build.sh [--compare]     # RUNS=5 by default
#
# Each figure is the median wall time of RUNS runs, around the whole docker CLI process (context upload included).
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${RUNS:-5}
BERTH_HOST=${BERTH_HOST:-unix:///run/berth/berth.sock}
COMPARE=0
[ "${1:-}" = --compare ] && COMPARE=1
hosts=("$BERTH_HOST")
if [ $COMPARE = 1 ]; then
  ANCHOR_HOST=$(../shared/anchor-docker.sh | sed -n 's/^DOCKER_HOST=//p')
  hosts+=("$ANCHOR_HOST")
fi
export DOCKER_BUILDKIT=0
ctx=$(mktemp -d /tmp/bench-build.XXXXXX)
tag=bench-build-$$:1
cleanup() {
  rm -rf "$ctx"
  for h in "${hosts[@]}"; do DOCKER_HOST=$h docker rmi -f "$tag" >/dev/null 2>&1 || true; done
}
trap cleanup EXIT

# the context: 2,000 files of 25 kB (random, so nothing compresses or deduplicates), in 20 directories
for d in $(seq -w 1 20); do
  mkdir -p "$ctx/data/d$d"
  for f in $(seq -w 1 100); do head -c 25600 /dev/urandom > "$ctx/data/d$d/f$f.bin"; done
done
mkdir -p "$ctx/late"
echo 1 > "$ctx/late/version.txt"
cat > "$ctx/Dockerfile" <<'DF'
FROM busybox
ENV APP=/app
WORKDIR /app
COPY data/ /app/data/
RUN du -s /app/data > /app/size.txt
LABEL bench=build
COPY late/ /app/late/
RUN cat /app/late/version.txt > /app/version.txt
EXPOSE 8080
CMD ["cat", "/app/version.txt"]
DF

ms() { local t0 t1; t0=$(date +%s%N); DOCKER_HOST=$1 docker build -q "${@:2}" -t "$tag" "$ctx" >/dev/null 2>&1; t1=$(date +%s%N); echo $(( (t1 - t0) / 1000000 )); }
median() { sort -n | awk '{a[NR]=$1} END {if (NR%2) print a[(NR+1)/2]; else print int((a[NR/2]+a[NR/2+1])/2)}'; }

declare -A t
for h in "${hosts[@]}"; do DOCKER_HOST=$h docker build -q -t "$tag" "$ctx" >/dev/null 2>&1; done  # warm-up
for i in $(seq "$RUNS"); do
  for h in "${hosts[@]}"; do
    t[$h,cold]+="$(ms "$h" --no-cache) "
    t[$h,cached]+="$(ms "$h") "
    echo "$i.$RANDOM" > "$ctx/late/version.txt"
    t[$h,late]+="$(ms "$h") "
  done
done
echo "# $(date -u +%FT%TZ) $(nproc) CPUs, load $(cut -d' ' -f1-3 /proc/loadavg), n=$RUNS, context $(du -sh "$ctx" | cut -f1)"
for kind in cold cached late; do
  b=$(printf '%s\n' ${t[$BERTH_HOST,$kind]} | median)
  line=$(printf 'build %-7s berthd median %5d ms' "$kind" "$b")
  if [ $COMPARE = 1 ]; then
    d=$(printf '%s\n' ${t[$ANCHOR_HOST,$kind]} | median)
    line+=$(printf '   Docker median %5d ms   ratio %.2f' "$d" "$(awk -v b="$b" -v d="$d" 'BEGIN {print b/d}')")
  fi
  echo "$line"
done
# The floor: the docker CLI alone, against a daemon that only swallows the context (bench/null-daemon.py)
null=$ctx.null.sock
python3 "$(dirname "$0")/null-daemon.py" "$null" & nullpid=$!
for _ in $(seq 50); do [ -S "$null" ] && break; sleep 0.1; done
floor=""
for i in $(seq "$RUNS"); do floor+="$(ms "unix://$null") "; done
kill "$nullpid" 2>/dev/null; rm -f "$null"
printf 'docker CLI alone (null daemon)   median %5d ms   (the floor under any daemon'"'"'s cached build)\n' \
  "$(printf '%s\n' $floor | median)"
echo "targets: cached <= 300 ms; cold and late <= 0.5x Docker's"
