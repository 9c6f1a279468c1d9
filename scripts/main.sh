#!/bin/sh
# The README's first command: set up, build, start berthd, load the embedded busybox image, run a container.
set -eu
cd "$(dirname "$0")/.."
./scripts/install-deps.sh
./scripts/build.sh
sock=/run/berth/berth.sock
if ! berth version >/dev/null 2>&1; then
  mkdir -p /var/log
  nohup berthd >/var/log/berthd.log 2>&1 &
  for _ in $(seq 100); do berth version >/dev/null 2>&1 && break; sleep 0.1; done
  berth version >/dev/null 2>&1 || { echo "berthd did not start; see /var/log/berthd.log" >&2; exit 1; }
fi
if ! berth image inspect busybox:latest >/dev/null 2>&1; then
  ./scripts/busybox-rootfs.sh | berth import -c 'CMD ["sh"]' - busybox:latest >/dev/null
fi
echo "berthd is listening on unix://$sock"
berth run --rm busybox echo hello
# the web dashboard (127.0.0.1 only); its address carries the access token
berth dashboard 2>/dev/null | sed 's/^/dashboard: /' || true
