#!/bin/bash
# What durability costs in the store (docs/store.md "Durability"), on the filesystem of $DIR (default /var/tmp):
#  1. making a freshly unpacked ~170 MB layer durable: fsync of every file and directory vs one syncfs(2);
#  2. one SQLite commit in WAL mode with synchronous=NORMAL vs FULL.
#
#   bench/store-durability.sh            # 3 rounds
#   ROUNDS=5 DIR=/var/lib/berth-bench bench/store-durability.sh
set -euo pipefail
ROUNDS=${ROUNDS:-3}
DIR=${DIR:-/var/tmp}/berth-durability.$$
mkdir -p "$DIR"
trap 'rm -rf "$DIR"' EXIT
now_ms() { echo $(( $(date +%s%N) / 1000000 )); }

# A layer-like tree: many small files (python) and some larger ones (docs), ~170 MB.
tar cf "$DIR/layer.tar" /usr/lib/python3* /usr/share/doc 2>/dev/null || true
echo "layer: $(du -h "$DIR/layer.tar" | cut -f1), $(tar tf "$DIR/layer.tar" | wc -l) entries"
for i in $(seq "$ROUNDS"); do
  for mode in fsync-each syncfs; do
    rm -rf "$DIR/l"; mkdir "$DIR/l"; sync
    tar xf "$DIR/layer.tar" -C "$DIR/l"
    s=$(now_ms)
    case $mode in
      fsync-each) find "$DIR/l" \( -type f -o -type d \) -print0 | xargs -0 sync ;;
      syncfs) sync -f "$DIR/l" ;;
    esac
    echo "round $i: $mode $(( $(now_ms) - s )) ms"
  done
done

command -v sqlite3 >/dev/null || { echo "sqlite3 not installed: skipping the commit figures"; exit 0; }
for mode in NORMAL FULL; do
  rm -f "$DIR/t.db"*
  sqlite3 "$DIR/t.db" "PRAGMA journal_mode=WAL; CREATE TABLE t(a);" >/dev/null
  { echo "PRAGMA synchronous=$mode;"; for i in $(seq 200); do echo "INSERT INTO t VALUES($i);"; done; } > "$DIR/ins.sql"
  s=$(date +%s%N)
  sqlite3 "$DIR/t.db" < "$DIR/ins.sql"
  echo "sqlite synchronous=$mode: $(( ($(date +%s%N) - s) / 200000 )) us per commit (200 commits)"
done
