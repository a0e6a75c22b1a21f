"""An application writing to a SQLite file: one INSERT per transaction at a fixed rate, as
bench/sqlite-read-locks.sh runs it beside Tributary's reads.

    journal_writer.py FILE RATE SECONDS

(into the bench's table events (id INTEGER PRIMARY KEY, payload TEXT, seq INTEGER))

Each transaction is due at start + n / RATE; its latency is from when it was due to its commit
(as pgbench --rate measures), so time spent behind schedule counts. SQLite's own busy handler
waits for locks (timeout 30 s, Python's sqlite3 default busy handler); a transaction that still
fails (SQLITE_BUSY) is counted as failed. Prints one line of JSON.
"""
import json
import sqlite3
import sys
import time


def main():
    path, rate, seconds = sys.argv[1], float(sys.argv[2]), float(sys.argv[3])
    conn = sqlite3.connect(path, isolation_level=None, timeout=30)
    sql = "INSERT INTO events (payload, seq) VALUES (?, ?)"
    start = time.perf_counter()
    latencies, commits, failed, n = [], [], 0, 0
    while True:
        due = start + n / rate
        if due - start >= seconds:
            break
        now = time.perf_counter()
        if now < due:
            time.sleep(due - now)
        began = time.perf_counter()
        try:
            conn.execute("BEGIN IMMEDIATE")
            conn.execute(sql, (f"journal-writer-{n}", -n))
            conn.execute("COMMIT")
        except sqlite3.OperationalError:
            failed += 1
            try:
                conn.execute("ROLLBACK")
            except sqlite3.OperationalError:
                pass
        done = time.perf_counter()
        latencies.append(done - due)
        commits.append(done - began)
        n += 1
    latencies.sort()
    print(json.dumps({
        "transactions": n,
        "failed": failed,
        "latency_p50_ms": round(latencies[len(latencies) // 2] * 1e3, 1),
        "latency_p99_ms": round(latencies[int(len(latencies) * 0.99)] * 1e3, 1),
        "latency_max_ms": round(latencies[-1] * 1e3, 1),
        "longest_commit_ms": round(max(commits) * 1e3, 1),
    }))


if __name__ == "__main__":
    main()
