#!/usr/bin/python3
"""The soak's writer for a SQLite file or a PostgreSQL database (bench/soak.sh, bench/lib/soak.py).

Runs Debian's /usr/bin/python3 (its sqlite3 module loads extensions: sqlite-vec's vec0.so) with
python3-psycopg2 (deploy/local/setup.sh --soak).

  soak_writer.py seed   --kind sqlite|postgres --db PATH|DSN --rows N --seed S [--vec0 SO]
  soak_writer.py write  --kind ... --db ... --seed S --incarnation I --rate R --log FILE
                        --summary FILE [--vec0 SO]

`seed` creates the tables and their first rows. `write` commits mixed changes at R changes/s
(open loop, transactions of about 24 changes; up to a minute behind is made up) until SIGTERM, then sets the heartbeat
to its final mark, writes a JSON summary and exits 0. Every transaction it committed is one line
of the log: `<epoch ms> <changes> <op>:<table>:<key> ...` (for the keyless table the row itself,
kind/n/payload).
The writer can be killed (-9) and started again at any moment: it rebuilds what it knows (keys,
keyless rows) from the database at every start and after every error, so a transaction whose
commit it never saw confirmed is simply read back. Its random choices come from a generator
seeded by (seed, kind, incarnation): a run with the same seed makes the same choices in each
incarnation (what the database holds when an incarnation starts depends on where faults fell).

Tables (both kinds unless said):
  items       keyed (integer key): inserts, updates, deletes, key changes
  events      no key at all: rows identified by all their values (duplicates on purpose):
              inserts (new and copies of existing rows), updates and deletes of one copy
  docs        keyed, `body` of 2-6 kB (PostgreSQL: TOASTed out of line); most updates leave the
              body as it is (an unchanged TOASTed value), some change it; key changes
  embeddings  keyed, a float32 vector of 64 (SQLite: a BLOB named `embedding`, PostgreSQL:
              pgvector's vector(64)); vector updates, key changes
  vecs        SQLite only, a sqlite-vec vec0 table written through the extension: inserts,
              deletes, auxiliary-column updates; vectors and metadata are changed by DELETE +
              INSERT, not by UPDATE in place (vec0 in-place updates are not captured yet, issue 44)
  heartbeat   one row, its `at_ms` set to the wall clock every 200 ms (the soak's recovery probe)
"""

import argparse
import base64
import json
import os
import random
import signal
import sqlite3
import string
import struct
import sys
import time

DIM = 64
VEC0_DIM = 16
KINDS = ("red", "green", "blue", "amber", "violet")
FINAL_MARK = -1  # heartbeat at_ms once the writer stopped for good


def f32(rng, n):
    """n float32 values (as Python floats that are exactly float32)."""
    raw = struct.pack(f"<{n}f", *(rng.uniform(-1.0, 1.0) for _ in range(n)))
    return list(struct.unpack(f"<{n}f", raw))


def blob(values):
    return struct.pack(f"<{len(values)}f", *values)


def pg_vector(values):
    return "[" + ",".join(repr(v) for v in values) + "]"


def words(rng, n):
    return " ".join("".join(rng.choice(string.ascii_lowercase) for _ in range(rng.randint(3, 9))) for _ in range(n))


def rowtag(row):
    """A keyless row in the log: kind/n/payload, spaces as underscores."""
    return "/".join(str(v).replace(" ", "_") for v in row)


def body(rng):
    # base64 of random bytes: compresses to about 75 %, so 2.6-6 kB stays above PostgreSQL's 2 kB
    # TOAST limit
    return base64.b64encode(rng.randbytes(rng.randint(1950, 4500))).decode()


class Db:
    """The statements of one kind."""

    def __init__(self, kind, target, vec0):
        self.kind = kind
        self.target = target
        self.vec0 = vec0
        self.conn = None

    @property
    def sqlite(self):
        return self.kind == "sqlite"

    def p(self, sql):
        return sql if self.sqlite else sql.replace("?", "%s")

    def connect(self):
        if self.sqlite:
            c = sqlite3.connect(self.target, timeout=30, isolation_level=None)
            if self.vec0:
                c.enable_load_extension(True)
                c.load_extension(self.vec0)
                c.enable_load_extension(False)
            c.execute("PRAGMA busy_timeout = 30000")
            # WAL's usual setting: a commit is durable against the application's crash (a kill -9)
            # without an fsync of its own; FULL held the writer at ~26 commits/s on a loaded disk
            c.execute("PRAGMA synchronous = NORMAL")
        else:
            import psycopg2

            c = psycopg2.connect(self.target, connect_timeout=5)
            c.autocommit = False
        self.conn = c
        return c

    def close(self):
        try:
            if self.conn is not None:
                self.conn.close()
        except Exception:
            pass
        self.conn = None

    def cur(self):
        return self.conn.cursor()

    def begin(self):
        if self.sqlite:
            self.conn.execute("BEGIN IMMEDIATE")

    def commit(self):
        if self.sqlite:
            self.conn.execute("COMMIT")
        else:
            self.conn.commit()

    def rollback(self):
        try:
            if self.sqlite:
                self.conn.execute("ROLLBACK")
            else:
                self.conn.rollback()
        except Exception:
            pass

    def vec(self, values):
        return blob(values) if self.sqlite else pg_vector(values)

    def create(self):
        c = self.cur()
        if self.sqlite:
            c.execute("CREATE TABLE items (id INTEGER PRIMARY KEY, name TEXT NOT NULL, qty INTEGER, price REAL, note TEXT)")
            c.execute("CREATE TABLE events (kind TEXT NOT NULL, n INTEGER NOT NULL, payload TEXT)")
            c.execute("CREATE TABLE docs (id INTEGER PRIMARY KEY, title TEXT NOT NULL, body TEXT NOT NULL, version INTEGER NOT NULL)")
            c.execute("CREATE TABLE embeddings (id INTEGER PRIMARY KEY, label TEXT NOT NULL, embedding BLOB NOT NULL)")
            c.execute("CREATE TABLE heartbeat (id INTEGER PRIMARY KEY, at_ms INTEGER NOT NULL)")
            if self.vec0:
                c.execute(
                    f"CREATE VIRTUAL TABLE vecs USING vec0(id integer primary key, embedding float[{VEC0_DIM}],"
                    " category integer, +note text)"
                )
        else:
            c.execute("CREATE EXTENSION IF NOT EXISTS vector")
            c.execute("CREATE TABLE items (id bigint PRIMARY KEY, name text NOT NULL, qty integer, price numeric(12,2), note text)")
            c.execute("CREATE TABLE events (kind text NOT NULL, n integer NOT NULL, payload text)")
            c.execute("CREATE TABLE docs (id bigint PRIMARY KEY, title text NOT NULL, body text NOT NULL, version integer NOT NULL)")
            c.execute(f"CREATE TABLE embeddings (id bigint PRIMARY KEY, label text NOT NULL, embedding vector({DIM}) NOT NULL)")
            c.execute("CREATE TABLE heartbeat (id bigint PRIMARY KEY, at_ms bigint NOT NULL)")
        c.execute(self.p("INSERT INTO heartbeat (id, at_ms) VALUES (1, ?)"), (int(time.time() * 1000),))

    def has_vecs(self):
        return self.sqlite and self.vec0 is not None

    def keyed_tables(self):
        return ["items", "docs", "embeddings"] + (["vecs"] if self.has_vecs() else [])

    def load_model(self):
        """What the database holds now: keys of the keyed tables, rows of the keyless one."""
        c = self.cur()
        keys = {}
        for t in self.keyed_tables():
            c.execute(f"SELECT id FROM {t}")
            keys[t] = [r[0] for r in c.fetchall()]
        c.execute("SELECT kind, n, payload FROM events")
        events = [tuple(r) for r in c.fetchall()]
        if not self.sqlite:
            self.conn.rollback()
        return keys, events


class Model:
    def __init__(self, keys, events):
        self.keys = {t: list(v) for t, v in keys.items()}
        self.pos = {t: {k: i for i, k in enumerate(v)} for t, v in self.keys.items()}
        self.events = list(events)
        self.next_id = max([max(v) for v in self.keys.values() if v] + [0]) + 1

    def new_id(self):
        i = self.next_id
        self.next_id += 1
        return i

    def add(self, t, k):
        self.pos[t][k] = len(self.keys[t])
        self.keys[t].append(k)

    def remove(self, t, k):
        i = self.pos[t].pop(k)
        last = self.keys[t].pop()
        if last != k:
            self.keys[t][i] = last
            self.pos[t][last] = i

    def pick(self, rng, t):
        v = self.keys[t]
        return v[rng.randrange(len(v))] if v else None


def insert_row(db, c, rng, t, k):
    if t == "items":
        c.execute(db.p("INSERT INTO items (id, name, qty, price, note) VALUES (?, ?, ?, ?, ?)"),
                  (k, words(rng, 2), rng.randint(0, 10000), round(rng.uniform(0, 5000), 2), words(rng, rng.randint(0, 12)) or None))
    elif t == "docs":
        c.execute(db.p("INSERT INTO docs (id, title, body, version) VALUES (?, ?, ?, 1)"), (k, words(rng, 4), body(rng)))
    elif t == "embeddings":
        c.execute(db.p("INSERT INTO embeddings (id, label, embedding) VALUES (?, ?, ?)"), (k, words(rng, 1), db.vec(f32(rng, DIM))))
    elif t == "vecs":
        c.execute("INSERT INTO vecs (id, embedding, category, note) VALUES (?, ?, ?, ?)",
                  (k, blob(f32(rng, VEC0_DIM)), rng.randint(0, 20), words(rng, 3)))


def seed(db, rows, rng):
    db.connect()
    if db.sqlite:
        # WAL, as capture.md advises for files written while they are captured (outside any
        # transaction: SQLite ignores a journal mode set inside one)
        mode = db.conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
        if mode != "wal":
            raise SystemExit(f"{db.target}: journal mode is {mode}, not wal")
    db.begin()
    db.create()
    db.commit()
    sizes = {"items": rows, "docs": rows // 25, "embeddings": rows // 5, "vecs": rows // 10}
    c = db.cur()
    k = 1
    for t, n in sizes.items():
        if t == "vecs" and not db.has_vecs():
            continue
        db.begin()
        for i in range(n):
            insert_row(db, c, rng, t, k)
            k += 1
            if i % 5000 == 4999:
                db.commit()
                db.begin()
        db.commit()
    db.begin()
    for _ in range(rows // 5):
        if rng.random() < 0.1:
            c.execute(db.p("INSERT INTO events (kind, n, payload) VALUES (?, ?, ?)"), (rng.choice(KINDS), rng.randint(0, 50), "dup"))
        else:
            c.execute(db.p("INSERT INTO events (kind, n, payload) VALUES (?, ?, ?)"), (rng.choice(KINDS), rng.randint(0, 999), words(rng, 3)))
    db.commit()
    db.close()
    print(json.dumps({"seeded": sizes, "events": rows // 5}))


class Writer:
    def __init__(self, db, rng, rate, log, summary):
        self.db = db
        self.rng = rng
        self.rate = rate
        self.log = log
        self.summary = summary
        self.stop = False
        self.changes = 0
        self.transactions = 0
        self.errors = 0
        self.ops = {}
        self.uncertain = 0
        self.last_hb = 0.0

    def one_change(self, c, m, ops):
        rng, db = self.rng, self.db
        tables = ["items"] * 35 + ["events"] * 25 + ["docs"] * 12 + ["embeddings"] * 14 + (["vecs"] * 14 if db.has_vecs() else [])
        t = rng.choice(tables)
        r = rng.random()
        if t == "events":
            if r < 0.45 or not m.events:
                if m.events and rng.random() < 0.25:
                    row = m.events[rng.randrange(len(m.events))]  # an exact copy: keyless duplicates
                else:
                    row = (rng.choice(KINDS), rng.randint(0, 999), words(rng, 3))
                c.execute(db.p("INSERT INTO events (kind, n, payload) VALUES (?, ?, ?)"), row)
                m.events.append(row)
                ops.append(f"i:events:{rowtag(row)}")
                return c.rowcount
            i = rng.randrange(len(m.events))
            row = m.events[i]
            where = "rowid = (SELECT rowid FROM events" if db.sqlite else "ctid = (SELECT ctid FROM events"
            where += " WHERE kind = ? AND n = ? AND payload IS NOT DISTINCT FROM ? LIMIT 1)"
            if r < 0.75:
                new = (row[0], row[1], words(rng, 3))
                c.execute(db.p(f"UPDATE events SET payload = ? WHERE {where}"), (new[2],) + row)
                n = c.rowcount
                if n:
                    m.events[i] = new
                ops.append(f"u:events:{rowtag(row)}>{rowtag(new)}")
                return n
            c.execute(db.p(f"DELETE FROM events WHERE {where}"), row)
            n = c.rowcount
            if n:
                m.events[i] = m.events[-1]
                m.events.pop()
            ops.append(f"d:events:{rowtag(row)}")
            return n
        k = m.pick(rng, t)
        if k is None or r < 0.35:  # insert
            k = m.new_id()
            insert_row(db, c, rng, t, k)
            m.add(t, k)
            ops.append(f"i:{t}:{k}")
            return 1
        if r < 0.50:  # delete
            c.execute(db.p(f"DELETE FROM {t} WHERE id = ?"), (k,))
            m.remove(t, k)
            ops.append(f"d:{t}:{k}")
            return c.rowcount
        if r < 0.60 and t != "vecs":  # key change
            nk = m.new_id()
            c.execute(db.p(f"UPDATE {t} SET id = ? WHERE id = ?"), (nk, k))
            if c.rowcount:
                m.remove(t, k)
                m.add(t, nk)
            ops.append(f"k:{t}:{k}>{nk}")
            return c.rowcount
        # update
        if t == "items":
            c.execute(db.p("UPDATE items SET qty = ?, price = ?, note = ? WHERE id = ?"),
                      (rng.randint(0, 10000), round(rng.uniform(0, 5000), 2), words(rng, rng.randint(0, 12)) or None, k))
        elif t == "docs":
            if rng.random() < 0.7:  # the TOASTed body stays unchanged
                c.execute(db.p("UPDATE docs SET title = ?, version = version + 1 WHERE id = ?"), (words(rng, 4), k))
            else:
                c.execute(db.p("UPDATE docs SET body = ?, version = version + 1 WHERE id = ?"), (body(rng), k))
        elif t == "embeddings":
            c.execute(db.p("UPDATE embeddings SET embedding = ?, label = ? WHERE id = ?"), (db.vec(f32(rng, DIM)), words(rng, 1), k))
        elif t == "vecs":
            if rng.random() < 0.5:  # auxiliary column: an UPDATE, captured
                c.execute("UPDATE vecs SET note = ? WHERE id = ?", (words(rng, 3), k))
            else:  # vector and metadata: DELETE + INSERT (in-place UPDATEs of vec0 are not captured yet)
                c.execute("DELETE FROM vecs WHERE id = ?", (k,))
                insert_row(db, c, rng, "vecs", k)
                ops.append(f"r:{t}:{k}")
                return 2
        ops.append(f"u:{t}:{k}")
        return c.rowcount

    def transaction(self, m, size):
        db = self.db
        ops = []
        n = 0
        db.begin()
        c = db.cur()
        for _ in range(size):
            n += self.one_change(c, m, ops)
        now = time.time()
        if now - self.last_hb >= 0.2:
            c.execute(db.p("UPDATE heartbeat SET at_ms = ? WHERE id = 1"), (int(now * 1000),))
            n += c.rowcount
            ops.append("u:heartbeat:1")
            self.last_hb = now
        try:
            db.commit()
        except Exception:
            self.uncertain += 1  # the commit may or may not have happened: the model is read again
            raise
        self.changes += n
        self.transactions += 1
        for o in ops:
            self.ops[o[0]] = self.ops.get(o[0], 0) + 1
        self.log.write(f"{int(time.time() * 1000)} {n} {' '.join(ops)}\n")

    def run(self):
        db = self.db
        m = None
        per_tx = 24
        tx_rate = max(1.0, self.rate / per_tx)
        start = time.time()
        done_tx = 0
        while not self.stop:
            try:
                if db.conn is None:
                    db.connect()
                    m = Model(*db.load_model())
                due = int((time.time() - start) * tx_rate)
                if done_tx >= due:
                    time.sleep(max(0.0, min(0.02, (done_tx + 1) / tx_rate - (time.time() - start))))
                    continue
                if due - done_tx > tx_rate * 60:  # a minute behind (the source was down): do not burst for ever
                    done_tx = due - int(tx_rate * 60)
                self.transaction(m, per_tx)
                done_tx += 1
            except Exception as e:  # the database restarted, a lock timed out: reconnect, read back
                self.errors += 1
                db.rollback()
                db.close()
                m = None
                print(f"writer: {type(e).__name__}: {str(e).strip()[:200]} (reconnecting)", file=sys.stderr, flush=True)
                time.sleep(0.5)
        self.finish()

    def finish(self):
        db = self.db
        for attempt in range(120):
            try:
                if db.conn is None:
                    db.connect()
                db.begin()
                c = db.cur()
                c.execute(db.p("UPDATE heartbeat SET at_ms = ? WHERE id = 1"), (FINAL_MARK,))
                db.commit()
                self.changes += 1
                break
            except Exception as e:
                db.rollback()
                db.close()
                print(f"writer: final mark: {e} (retrying)", file=sys.stderr, flush=True)
                time.sleep(1)
        else:
            raise SystemExit("writer: could not write the final heartbeat mark")
        self.log.write(f"{int(time.time() * 1000)} 1 u:heartbeat:final\n")
        self.log.flush()
        with open(self.summary, "w") as f:
            json.dump({"changes": self.changes, "transactions": self.transactions, "errors": self.errors,
                       "uncertainCommits": self.uncertain, "ops": self.ops}, f)
        db.close()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("mode", choices=["seed", "write"])
    ap.add_argument("--kind", required=True, choices=["sqlite", "postgres"])
    ap.add_argument("--db", required=True)
    ap.add_argument("--seed", required=True)
    ap.add_argument("--rows", type=int, default=100000)
    ap.add_argument("--vec0")
    ap.add_argument("--incarnation", type=int, default=0)
    ap.add_argument("--rate", type=int, default=600)
    ap.add_argument("--log")
    ap.add_argument("--summary")
    a = ap.parse_args()
    db = Db(a.kind, a.db, a.vec0)
    if a.mode == "seed":
        seed(db, a.rows, random.Random(f"{a.seed}/{a.kind}/seed"))
        return
    rng = random.Random(f"{a.seed}/{a.kind}/writer/{a.incarnation}")
    with open(a.log, "a", buffering=1) as log:  # line by line: a kill -9 loses no committed line
        w = Writer(db, rng, a.rate, log, a.summary)

        def on_term(*_):
            w.stop = True

        signal.signal(signal.SIGTERM, on_term)
        signal.signal(signal.SIGINT, on_term)
        w.run()


if __name__ == "__main__":
    main()
