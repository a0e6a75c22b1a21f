#!/usr/bin/env bash
# What an application writing to a rollback-journal SQLite file sees while validation reads it:
# the writer's latency from each transaction's due time to its commit, with and without the reads.
#
#   bench/sqlite-read-locks.sh [--rows N] [--rate N] [--runs N] [--no-build]
#
#   --rows N    rows in the table (default 2,300,000, the cutover bench's full size); the file is
#               made once under deploy/local/.run/bench/ (journal_mode=delete, SQLite's default)
#   --rate N    the writer's transactions per second (default 200: one every 5 ms)
#   --runs N    checksums and counts of the table, one after another (default 2)
#
# First the writer alone for 15 s (the baseline), then the writer again while
# io.tributary.source.sqlite.validate.ReadLockBench (sources/sqlite's tests) checksums and counts
# the table as continuous, deep and precutover validation do (short read transactions:
# docs/validation.md). Prints both writers' JSON lines (p50/p99/max latency from due time,
# longest commit, failed transactions) and the reads' times and longest lock holds. No runtime,
# no Kafka, no PostgreSQL; the machine is shared: run it on a quiet one.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
rows=2300000 rate=200 runs=2 build=true
usage="usage: bench/sqlite-read-locks.sh [--rows N] [--rate N] [--runs N] [--no-build]"
while (($#)); do
  case "$1" in
    --rows) rows="${2:?$usage}"; shift 2 ;;
    --rate) rate="${2:?$usage}"; shift 2 ;;
    --runs) runs="${2:?$usage}"; shift 2 ;;
    --no-build) build=false; shift ;;
    *) echo "$usage" >&2; exit 2 ;;
  esac
done
for v in rows rate runs; do
  [[ "${!v}" =~ ^[1-9][0-9]*$ ]] || { echo "--$v must be a positive integer, not '${!v}'" >&2; exit 2; }
done

cd "$root"
# shellcheck source=lib/sqlite_classpath.sh
source bench/lib/sqlite_classpath.sh
cp="$(sqlite_test_classpath read-locks "$build")"

file="$root/deploy/local/.run/bench/read-locks-$rows.db"
if [[ ! -f "$file" ]]; then
  mkdir -p "$(dirname "$file")"
  echo "making $file ($rows rows, rollback journal)" >&2
  python3 - "$file" "$rows" <<'PY'
import sqlite3, sys
conn = sqlite3.connect(sys.argv[1] + ".tmp", isolation_level=None)
conn.execute("PRAGMA journal_mode=DELETE")
conn.execute("CREATE TABLE events (id INTEGER PRIMARY KEY, payload TEXT, seq INTEGER)")
conn.execute("BEGIN")
conn.executemany("INSERT INTO events (payload, seq) VALUES (?, ?)",
                 ((f"payload-{i}-abcdefghijklmnopqrstuvwxyz", i) for i in range(int(sys.argv[2]))))
conn.execute("COMMIT")
conn.close()
PY
  mv "$file.tmp" "$file"
fi

echo "writer alone, $rate tx/s for 15 s:"
python3 bench/lib/journal_writer.py "$file" "$rate" 15
echo "writer, $rate tx/s, while validation reads the table $runs times:"
seconds=$((30 * runs))
python3 bench/lib/journal_writer.py "$file" "$rate" "$seconds" > "$file.writer" &
writer=$!
sleep 2
java -Xmx1g -cp "$cp" io.tributary.source.sqlite.validate.ReadLockBench "$file" events "$runs"
wait "$writer"
cat "$file.writer"
rm -f "$file.writer"
