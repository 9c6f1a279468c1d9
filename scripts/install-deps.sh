#!/bin/sh
# Installs the Debian packages Berth needs, once: runc and conmon run containers; netavark, aardvark-dns and iptables
# connect them to networks (bridges, published ports, DNS by name); busybox-static makes the embedded
# busybox image; tini is the init of `run --init`; docker-registry, skopeo, sqlite3 and apache2-utils (htpasswd, for a
# registry that wants a login) are used by the integration tests; procps gives `top` the host's ps; curl talks to the
# socket in tests and benchmarks; libisal2 (ISA-L) decodes gzip layers with less CPU than zlib (pull, load, import;
# without it berthd uses java.util.zip); gcc and libc6-dev build berth-exec, the helper that starts exec'd processes;
# chromium is the headless browser the dashboard's end-to-end test and bench/dashboard.sh drive (through npm's
# playwright-core, which never downloads a browser of its own here).
set -eu
[ "$(id -u)" = 0 ] || { echo "run as root" >&2; exit 1; }
need=""
for p in gcc libc6-dev runc conmon busybox-static tini netavark aardvark-dns iptables procps curl docker-registry skopeo sqlite3 apache2-utils ca-certificates libisal2 chromium; do
  dpkg -s "$p" >/dev/null 2>&1 || need="$need $p"
done
# the dashboard page (berth-dashboard) is built with npm; Debian's nodejs and npm only where the machine has none
command -v npm >/dev/null || need="$need nodejs npm"
if [ -n "$need" ]; then
  echo "installing:$need"
  apt-get update -qq
  # shellcheck disable=SC2086
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $need >/dev/null
fi
[ -x /usr/lib/jvm/temurin-25-jdk-amd64/bin/java ] || { echo "Temurin JDK 25 is missing at /usr/lib/jvm/temurin-25-jdk-amd64" >&2; exit 1; }
command -v mvn >/dev/null || { echo "Maven is missing" >&2; exit 1; }
