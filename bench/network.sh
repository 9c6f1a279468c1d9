#!/bin/bash
# Container start-up on the network, through the docker CLI: `run --rm busybox true` with --network none, on the
# default bridge, and with a published port, against berthd and (with --compare) Docker itself in the same run,
# interleaved per round so that both see the same machine load. Medians of RUNS rounds after WARMUP.
#
#   bench/network.sh                   # berthd on $BERTH_HOST (default unix:///run/berth/berth.sock)
#   bench/network.sh --compare         # also Docker (../shared/anchor-docker.sh)
#   RUNS=30 bench/network.sh --compare
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${RUNS:-20}
WARMUP=${WARMUP:-3}
BERTH_HOST=${BERTH_HOST:-unix:///run/berth/berth.sock}
compare=${1:-}

cases=("none:--network none" "bridge:" "publish:-p 127.0.0.1::80")
hosts=("berthd=$BERTH_HOST")
if [ "$compare" = --compare ]; then
  anchor=$(../shared/anchor-docker.sh | sed -n 's/^DOCKER_HOST=//p')
  hosts+=("Docker=$anchor")
fi

declare -A times
run_once() { # host args...
  local host=$1; shift
  local t0 t1
  t0=$(date +%s%N)
  # shellcheck disable=SC2068
  DOCKER_HOST=$host docker run --rm $@ busybox true >/dev/null 2>&1 || { echo "failed: docker run --rm $* busybox true on $host" >&2; exit 1; }
  t1=$(date +%s%N)
  echo $(( (t1 - t0) / 1000000 ))
}

echo "# $(date -u +%FT%TZ) $(nproc) CPUs, load $(cut -d' ' -f1-3 /proc/loadavg), RUNS=$RUNS"
for round in $(seq $((WARMUP + RUNS))); do
  for c in "${cases[@]}"; do
    for h in "${hosts[@]}"; do
      t=$(run_once "${h#*=}" ${c#*:})
      [ "$round" -gt "$WARMUP" ] && times["${h%%=*} ${c%%:*}"]+="$t "
    done
  done
done

median() { printf '%s\n' $1 | sort -n | awk '{a[NR]=$1} END {if (NR%2) print a[(NR+1)/2]; else print int((a[NR/2]+a[NR/2+1])/2)}'; }
declare -A med
for h in "${hosts[@]}"; do
  for c in "${cases[@]}"; do
    k="${h%%=*} ${c%%:*}"
    med[$k]=$(median "${times[$k]}")
    printf '%-8s docker run --rm %-26s busybox true  median %5d ms\n' "${h%%=*}" "${c#*:}" "${med[$k]}"
  done
done
if [ "$compare" = --compare ]; then
  for c in "${cases[@]}"; do
    k=${c%%:*}
    awk -v b="${med[berthd $k]}" -v d="${med[Docker $k]}" -v k="$k" \
      'BEGIN {printf "ratio %-8s berthd / Docker: %.2f\n", k, b/d}'
  done
fi
