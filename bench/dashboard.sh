#!/bin/bash
# The dashboard's cost: first paint from a warm berthd, the size of its assets as sent (gzipped), and berthd's CPU
# while one page stays open and idle.
#
#   bench/dashboard.sh                   # after `mvn -B -q -DskipTests package`
#   RUNS=21 IDLE=60 PAGE=/containers bench/dashboard.sh
#
# Starts its own berthd (temporary data and exec roots, the dashboard on a free loopback port) with one running
# busybox container, and drives Debian's headless Chromium (scripts/install-deps.sh) through playwright-core.
# First paint is navigation start to first contentful paint from Chromium's performance timeline, the median of RUNS
# page loads after one warm-up load, once with the HTTP cache disabled (a first visit) and once with it warm. The CPU
# figure is berthd's utime+stime from /proc/<pid>/stat over IDLE seconds, first with no page open (the engine's own
# idle cost, e.g. its stats sampler) and then with PAGE open.
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${RUNS:-11}
IDLE=${IDLE:-60}
PAGE=${PAGE:-/containers}
assets=berth-dashboard/target/classes/berth/dashboard
[ -f berth-daemon/target/berthd.jar ] && [ -d "$assets" ] || { echo "build first: mvn -B -q -DskipTests package" >&2; exit 1; }
[ -d berth-dashboard/node_modules/playwright-core ] || { echo "berth-dashboard/node_modules is missing (the build runs npm ci)" >&2; exit 1; }

tmp=$(mktemp -d /tmp/berth-bench-dashboard.XXXXXX)
sock=$tmp/exec/berth.sock
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
# a bridge and addresses of its own (a 10.x.0.0/16 no route uses), so that it never meets the machine's own berthd
for second in $(shuf -i 200-250); do grep -q "$(printf '%02X0A' "$second")\b" /proc/net/route || break; done
printf '{"bridge": "bdbench%s", "bip": "10.%s.0.1/24", "default-address-pools": [{"base": "10.%s.0.0/16", "size": 24}]}\n' \
  "$second" "$second" "$second" >"$tmp/daemon.json"
mkdir -p "$tmp/exec"
bin/berthd --data-root "$tmp/data" --exec-root "$tmp/exec" -H "unix://$sock" --config-file "$tmp/daemon.json" \
  --dashboard-port "$port" >"$tmp/berthd.log" 2>&1 &
berthd=$!
cleanup() {
  DOCKER_HOST=unix://$sock docker rm -f bench-dashboard >/dev/null 2>&1 || true
  kill "$berthd" 2>/dev/null && wait "$berthd" 2>/dev/null || true
  rm -rf "$tmp"
}
trap cleanup EXIT
for _ in $(seq 100); do [ -S "$sock" ] && curl -sf --unix-socket "$sock" http://d/_ping >/dev/null && break; sleep 0.1; done
export DOCKER_HOST=unix://$sock
scripts/busybox-rootfs.sh | docker import -c 'CMD ["sh"]' - busybox:latest >/dev/null
docker run -d --name bench-dashboard --network none busybox sleep 3600 >/dev/null
url=$(bin/berth -H "unix://$sock" dashboard)
[ -n "$url" ] || { echo "berthd serves no dashboard:"; tail -20 "$tmp/berthd.log"; exit 1; } >&2

# what a browser downloads: each text asset's .gz sibling where there is one, else the file itself
total=0 files=0
while IFS= read -r f; do
  if [ -f "$f.gz" ]; then n=$(stat -c %s "$f.gz"); else n=$(stat -c %s "$f"); fi
  total=$((total + n)) files=$((files + 1))
done < <(find "$assets" -type f ! -name '*.gz')

echo "# $(date -u +%FT%TZ) $(nproc) CPUs, load $(cut -d' ' -f1-3 /proc/loadavg), $(/usr/bin/chromium --version 2>/dev/null)"
printf 'assets as sent (gzipped where precompressed): %d files, %d KB (budget 500 KB)\n' "$files" $(((total + 1023) / 1024))
(cd berth-dashboard && node e2e/bench.mjs --url "$url" --runs "$RUNS" --pid "$berthd" --idle "$IDLE" --path "$PAGE")
