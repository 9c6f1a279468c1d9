#!/bin/bash
# Networking through the docker CLI, against berthd and (with --compare) Docker itself in the same run, interleaved
# per round so that both see the same machine load:
#  - start-up: `run --rm busybox true` with --network none, on the default bridge, and with a published port
#    (medians of RUNS rounds after WARMUP);
#  - throughput: a 100 MB file served by busybox httpd in a container with `-p 127.0.0.1::80`, fetched with curl
#    from 127.0.0.1 (median MB/s of FETCHES downloads, after one warm-up fetch); for reference also from berthd's
#    container by its address on the bridge, without the published port's NAT.
#
#   bench/network.sh                   # berthd on $BERTH_HOST (default unix:///run/berth/berth.sock), both parts
#   bench/network.sh --compare         # also Docker (../shared/anchor-docker.sh)
#   bench/network.sh --compare run     # only start-up; `throughput` for only the download
#   RUNS=30 FETCHES=9 bench/network.sh --compare
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${RUNS:-20}
WARMUP=${WARMUP:-3}
FETCHES=${FETCHES:-7}
BERTH_HOST=${BERTH_HOST:-unix:///run/berth/berth.sock}
compare=
part=all
for a in "$@"; do
  case $a in
    --compare) compare=--compare ;;
    run|throughput|all) part=$a ;;
    *) echo "usage: $0 [--compare] [run|throughput|all]" >&2; exit 2 ;;
  esac
done

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

median() { printf '%s\n' $1 | sort -n | awk '{a[NR]=$1} END {if (NR%2) print a[(NR+1)/2]; else print int((a[NR/2]+a[NR/2+1])/2)}'; }
echo "# $(date -u +%FT%TZ) $(nproc) CPUs, load $(cut -d' ' -f1-3 /proc/loadavg), RUNS=$RUNS FETCHES=$FETCHES"

if [ "$part" != throughput ]; then
for round in $(seq $((WARMUP + RUNS))); do
  for c in "${cases[@]}"; do
    for h in "${hosts[@]}"; do
      t=$(run_once "${h#*=}" ${c#*:})
      [ "$round" -gt "$WARMUP" ] && times["${h%%=*} ${c%%:*}"]+="$t "
    done
  done
done

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
fi

if [ "$part" != run ]; then
  declare -A web port speeds
  cleanup() { for h in "${hosts[@]}"; do [ -n "${web[${h%%=*}]:-}" ] && DOCKER_HOST=${h#*=} docker rm -f "${web[${h%%=*}]}" >/dev/null 2>&1; done; }
  trap cleanup EXIT
  for h in "${hosts[@]}"; do
    name=${h%%=*}
    web[$name]=$(DOCKER_HOST=${h#*=} docker run -d -p 127.0.0.1::80 busybox sh -c \
      'mkdir /www && dd if=/dev/zero of=/www/f bs=1M count=100 2>/dev/null && httpd -f -p 80 -h /www')
    port[$name]=$(DOCKER_HOST=${h#*=} docker port "${web[$name]}" 80/tcp | head -1 | sed 's/.*://')
  done
  direct=$(DOCKER_HOST=$BERTH_HOST docker inspect -f '{{.NetworkSettings.IPAddress}}' "${web[berthd]}"):80
  fetch() { # [address:]port -> MB/s (fails unless all 100 MB arrived)
    local to=$1; [[ $to == *:* ]] || to=127.0.0.1:$to
    curl -sf --max-time 120 -o /dev/null -w '%{size_download} %{speed_download}\n' "http://$to/f" |
      awk '$1 == 104857600 {printf "%d\n", $2 / 1048576; ok = 1} END {exit !ok}'
  }
  for h in "${hosts[@]}"; do # the file is written by the container's start: wait for it, and warm up
    for _ in $(seq 100); do fetch "${port[${h%%=*}]}" >/dev/null 2>&1 && break; sleep 0.2; done
  done
  for round in $(seq "$FETCHES"); do
    for h in "${hosts[@]}"; do
      s=$(fetch "${port[${h%%=*}]}") || { echo "failed: fetching 100 MB from 127.0.0.1:${port[${h%%=*}]} (${h%%=*})" >&2; exit 1; }
      speeds[${h%%=*}]+="$s "
    done
    s=$(fetch "$direct") || { echo "failed: fetching 100 MB from $direct" >&2; exit 1; }
    speeds[direct]+="$s "
  done
  declare -A mbs
  for h in "${hosts[@]}"; do
    mbs[${h%%=*}]=$(median "${speeds[${h%%=*}]}")
    printf '%-8s 100 MB through -p 127.0.0.1::80, curl on 127.0.0.1  median %5d MB/s  (%s)\n' "${h%%=*}" \
      "${mbs[${h%%=*}]}" "${speeds[${h%%=*}]% }"
  done
  printf '%-8s 100 MB from the container at %-21s       median %5d MB/s  (%s)\n' "berthd" "$direct" \
    "$(median "${speeds[direct]}")" "${speeds[direct]% }"
  if [ "$compare" = --compare ]; then
    awk -v b="${mbs[berthd]}" -v d="${mbs[Docker]}" 'BEGIN {printf "ratio throughput berthd / Docker: %.2f\n", b/d}'
  fi
fi
