#!/bin/bash
# Cold pull and push of two images of five gzip layers (~150 MB unpacked each) through the docker CLI, from and to
# Debian's docker-registry on loopback, with medians:
#   random  base64 of random bytes, gzip -1: 113 MiB compressed, the worst case (little to gain from compression,
#           few large files);
#   usr     real files of this machine's /usr (libraries, binaries, docs, Python modules, headers: thousands of small
#           files besides large ones, as a distribution's image has), gzip -6 as Docker compresses a layer.
#
#   bench/distribution.sh              # berthd on unix:///run/berth/berth.sock
#   bench/distribution.sh --compare    # also Docker itself (../shared/anchor-docker.sh), same run, interleaved
#   RUNS=7 LAYER_MB=30 IMAGES="usr" bench/distribution.sh
#
# Cold pull: the image and its layers removed before each run. Push: to a repository the target registry has never
# seen (a registry of its own, so nothing can be mounted from elsewhere).
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${RUNS:-5}
LAYER_MB=${LAYER_MB:-30}
IMAGES=${IMAGES:-random usr}
BERTH_HOST=${BERTH_HOST:-unix:///run/berth/berth.sock}
compare=${1:-}
work=$(mktemp -d /tmp/berth-bench-dist.XXXXXX)
cleanup() { for p in "$work"/*/pid; do [ -f "$p" ] && { kill "$(cat "$p")" 2>/dev/null || true; }; done; rm -rf "$work"; }
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

# registry <name>: starts docker-registry with its own storage (its pid in $work/<name>/pid); prints host:port
registry() {
  local port dir
  port=$(free_port); dir=$work/$1; mkdir -p "$dir"
  cat >"$dir/config.yml" <<EOF
version: 0.1
log: {level: error}
storage: {filesystem: {rootdirectory: $dir/storage}, delete: {enabled: true}}
http: {addr: 127.0.0.1:$port}
EOF
  /usr/bin/docker-registry serve "$dir/config.yml" >"$dir/log" 2>&1 &
  echo $! >"$dir/pid"
  for _ in $(seq 100); do curl -sf "http://127.0.0.1:$port/v2/" >/dev/null && break; sleep 0.05; done
  echo "127.0.0.1:$port"
}

# layer_random <dir> <i>: LAYER_MB of base64 text of random bytes (compresses about as well as binaries do)
layer_random() {
  mkdir -p "$1/data$2"
  head -c $((LAYER_MB * 3 / 4 * 1024 * 1024)) /dev/urandom | base64 -w 4096 | split -b 4M - "$1/data$2/part"
}

# The /usr directories the usr image's layers copy from, in layer order: files in name order as long as they fit in
# LAYER_MB, with every directory and symbolic link.
USR_DIRS=(usr/lib/x86_64-linux-gnu usr/bin usr/share/doc usr/lib/python3.11 usr/include)
layer_usr() {
  local src=${USR_DIRS[$(($2 - 1))]}
  (cd / && find "$src" -printf '%y %s %p\n' | sort -t' ' -k3 |
    awk -v max=$((LAYER_MB * 1000 * 1000)) '$1 == "f" { if (total + $2 > max) next; total += $2 } { sub(/^[^ ]+ [^ ]+ /, ""); print }') >"$1.list"
  tar -C / --no-recursion -T "$1.list" -cf - | tar -C "$1" -xf -
  rm -f "$1.list"
}

# make_image <registry> <kind> <gzip level>: an OCI layout of five gzip layers made by layer_<kind>, pushed with skopeo
# as bench/<kind>:1; prints the compressed bytes and the unpacked bytes
make_image() {
  local kind=$2 level=$3 oci=$work/oci-$2 diff_ids=() layers=() unpacked=0
  mkdir -p "$oci/blobs/sha256"
  for i in 1 2 3 4 5; do
    mkdir -p "$work/l$i"
    "layer_$kind" "$work/l$i" "$i"
    tar --sort=name --owner=0 --group=0 --numeric-owner --mtime=@0 -C "$work/l$i" -cf "$work/l$i.tar" .
    unpacked=$((unpacked + $(stat -c %s "$work/l$i.tar")))
    diff_ids+=("sha256:$(sha256sum "$work/l$i.tar" | cut -d' ' -f1)")
    gzip "-$level" -n -c "$work/l$i.tar" >"$work/l$i.tgz"
    local d; d=$(sha256sum "$work/l$i.tgz" | cut -d' ' -f1)
    mv "$work/l$i.tgz" "$oci/blobs/sha256/$d"
    layers+=("{\"mediaType\":\"application/vnd.oci.image.layer.v1.tar+gzip\",\"digest\":\"sha256:$d\",\"size\":$(stat -c %s "$oci/blobs/sha256/$d")}")
    rm -rf "$work/l$i" "$work/l$i.tar"
  done
  local ids; ids=$(printf '"%s",' "${diff_ids[@]}"); ids=${ids%,}
  printf '{"architecture":"amd64","os":"linux","config":{"Cmd":["sh"]},"rootfs":{"type":"layers","diff_ids":[%s]}}' "$ids" >"$work/config.json"
  local c; c=$(sha256sum "$work/config.json" | cut -d' ' -f1); mv "$work/config.json" "$oci/blobs/sha256/$c"
  local ls; ls=$(printf '%s,' "${layers[@]}"); ls=${ls%,}
  printf '{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","config":{"mediaType":"application/vnd.oci.image.config.v1+json","digest":"sha256:%s","size":%s},"layers":[%s]}' \
    "$c" "$(stat -c %s "$oci/blobs/sha256/$c")" "$ls" >"$work/manifest.json"
  local m; m=$(sha256sum "$work/manifest.json" | cut -d' ' -f1); local ms; ms=$(stat -c %s "$work/manifest.json")
  mv "$work/manifest.json" "$oci/blobs/sha256/$m"
  printf '{"imageLayoutVersion":"1.0.0"}' >"$oci/oci-layout"
  printf '{"schemaVersion":2,"manifests":[{"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"sha256:%s","size":%s,"annotations":{"org.opencontainers.image.ref.name":"1"}}]}' "$m" "$ms" >"$oci/index.json"
  skopeo copy -q --dest-tls-verify=false "oci:$oci:1" "docker://$1/bench/$kind:1" >/dev/null
  echo "$(du -sb "$oci/blobs" | cut -f1) $unpacked sha256:$c"
  rm -rf "$oci"
}

median() { sort -n | awk '{a[NR]=$1} END {if (NR%2) print a[(NR+1)/2]; else print int((a[NR/2]+a[NR/2+1])/2)}'; }
ms_of() { local t0 t1; t0=$(date +%s%N); "$@" >/dev/null 2>&1 || { echo "failed: $*" >&2; "$@"; exit 1; }; t1=$(date +%s%N); echo $(( (t1 - t0) / 1000000 )); }

# bench <label> <DOCKER_HOST> <image>: RUNS cold pulls and pushes; sets PULL and PUSH (median ms)
bench() {
  local label=$1 host=$2 image=$3 kind=${3##*/bench/} pulls=() pushes=()
  kind=${kind%:*}
  export DOCKER_HOST=$host
  # the usr image is the same at every run of the bench: an image left with its layers would make every pull warm
  if docker images -q --no-trunc | grep -qx "$config"; then
    echo "$label already has an image with the layers of $kind ($config): remove it first" >&2; exit 1
  fi
  for i in $(seq "$RUNS"); do
    docker rmi -f "$image" >/dev/null 2>&1 || true
    pulls+=($(ms_of docker pull -q "$image"))
    local dst; dst=$(registry "dst-$label-$i-$kind")
    docker tag "$image" "$dst/bench/pushed:1"
    pushes+=($(ms_of docker push -q "$dst/bench/pushed:1"))
    docker rmi "$dst/bench/pushed:1" >/dev/null
    kill "$(cat "$work/dst-$label-$i-$kind/pid")" 2>/dev/null || true
    rm -rf "$work/dst-$label-$i-$kind"
  done
  docker rmi -f "$image" >/dev/null 2>&1 || true
  PULL=$(printf '%s\n' "${pulls[@]}" | median); PUSH=$(printf '%s\n' "${pushes[@]}" | median)
  printf '%-7s %-7s cold pull median %5d ms (%s)   push median %5d ms (%s)\n' "$kind" "$label" "$PULL" "${pulls[*]}" "$PUSH" "${pushes[*]}"
  unset DOCKER_HOST
}

echo "# $(date -u +%FT%TZ) $(nproc) CPUs, load $(cut -d' ' -f1-3 /proc/loadavg)"
src=$(registry src)
[ "$compare" = --compare ] && anchor=$(../shared/anchor-docker.sh | sed -n 's/^DOCKER_HOST=//p')
for kind in $IMAGES; do
  case $kind in random) level=1 ;; usr) level=6 ;; *) echo "unknown image $kind (random, usr)" >&2; exit 2 ;; esac
  read -r bytes unpacked config < <(make_image "$src" "$kind" "$level")
  echo "image $kind: 5 gzip -$level layers, $((bytes / 1024 / 1024)) MiB compressed, $((unpacked / 1000 / 1000)) MB unpacked; $RUNS runs each"
  bench berthd "$BERTH_HOST" "$src/bench/$kind:1"
  berth_pull=$PULL berth_push=$PUSH
  if [ "$compare" = --compare ]; then
    bench Docker "$anchor" "$src/bench/$kind:1"
    awk -v k="$kind" -v bp="$berth_pull" -v dp="$PULL" -v bu="$berth_push" -v du="$PUSH" \
      'BEGIN {printf "%-7s ratio berthd / Docker: pull %.2f, push %.2f\n", k, bp/dp, bu/du}'
  fi
done
echo "# end $(date -u +%FT%TZ), load $(cut -d' ' -f1-3 /proc/loadavg)"
