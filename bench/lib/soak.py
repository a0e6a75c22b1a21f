#!/usr/bin/python3
"""bench/soak.sh's driver: per source kind, a writer, random faults, a catch-up and the soak's own
comparison of source and target. Run by bench/soak.sh (which installs, builds and starts the
runtime); Debian's /usr/bin/python3 with python3-psycopg2.

  soak.py --kinds sqlite,postgres,chroma --minutes N --seed S --work DIR --report FILE
          [--rows-sqlite N] [--rows-postgres N] [--rows-chroma N] [--rate N] [--keep]

Environment: TRIBUTARY_ROOT, TRIBUTARY_RUN_DIR and the port variables of deploy/local/lib.sh
(bench/soak.sh exports them).
"""

import argparse
import collections
import datetime
import json
import os
import random
import shutil
import signal
import socket
import struct
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request

import psycopg2

ROOT = os.environ["TRIBUTARY_ROOT"]
RUN = os.environ["TRIBUTARY_RUN_DIR"]
PORTS = {k: int(os.environ[k]) for k in ("TRIBUTARY_LEGACY_PG_PORT", "TRIBUTARY_TARGET_PG_PORT", "TRIBUTARY_API_PORT",
                                          "TRIBUTARY_CDC_PORT", "TRIBUTARY_VALIDATOR_PORT", "TRIBUTARY_KAFKA_PORT")}
API = f"http://127.0.0.1:{PORTS['TRIBUTARY_API_PORT']}"
PG_PASSWORD = open(os.path.join(RUN, "pg-password")).read().strip()
TOKEN = open(os.path.join(RUN, "operator-token")).read().strip()
LIB = os.path.join(ROOT, "bench", "lib")
CHROMA_DIR = os.path.join(RUN, "chroma")
GLIBC = os.path.join(CHROMA_DIR, "glibc", "usr", "lib", "x86_64-linux-gnu")
VEC0 = os.path.join(RUN, "sqlite-vec", "vec0.so")
PY = "/usr/bin/python3"
FINAL_MARK = -1

FAULTS = [
    ("kill-cdc", "kill -9 cdc-service (capture and apply: one process here), restarted by up.sh"),
    ("kill-validator", "kill -9 validator-service, restarted by up.sh"),
    ("kill-orchestrator", "kill -9 orchestrator-service, restarted by up.sh"),
    ("restart-kafka", "Kafka broker stopped (SIGTERM, SIGKILL after 20 s) and started by up.sh"),
    ("restart-source", "the source restarted (see the kind)"),
    ("pause-resume", "POST pause, 2-8 s, POST resume"),
    ("resync", "POST resync of one table"),
]
SOURCE_RESTART = {
    "postgres": "the legacy PostgreSQL cluster crashed (pg_ctl stop -m immediate) and started by up.sh",
    "sqlite": "the writer (the application) killed -9 and started again",
    "chroma": "the Chroma server killed -9 and started again (the writer retries its call)",
}
TABLES = {
    "sqlite": ["items", "events", "docs", "embeddings", "vecs", "heartbeat"],
    "postgres": ["items", "events", "docs", "embeddings", "heartbeat"],
    "chroma": ["soak_docs", "soak_notes", "soak_heartbeat"],
}


def log(msg):
    print(f"soak: {datetime.datetime.now().strftime('%H:%M:%S')} {msg}", flush=True)


# ---------------------------------------------------------------------------------------------
# The runtime
# ---------------------------------------------------------------------------------------------
def api(method, path, body=None, timeout=30):
    data = json.dumps(body).encode() if body is not None else None
    req = urllib.request.Request(API + path, data=data, method=method)
    req.add_header("Authorization", f"Bearer {TOKEN}")
    if data is not None:
        req.add_header("Content-Type", "application/json")
    try:
        with urllib.request.urlopen(req, timeout=timeout) as r:
            raw = r.read()
            return r.status, (json.loads(raw) if raw else None)
    except urllib.error.HTTPError as e:
        raw = e.read()
        try:
            return e.code, json.loads(raw)
        except Exception:
            return e.code, raw.decode(errors="replace")
    except Exception as e:  # the orchestrator is down
        return 0, str(e)


def post_plan(yaml_text, migration, wait=240):
    """POST /migrations; an orchestrator that is down (another kind's fault in a parallel soak
    kills it) is waited for and asked again. A plan recorded before the orchestrator went down
    answers 409 when asked again: the migration exists, as if it had answered 201."""
    deadline = time.time() + wait
    asked = 0
    while True:
        req = urllib.request.Request(API + "/migrations", data=yaml_text.encode(), method="POST")
        req.add_header("Authorization", f"Bearer {TOKEN}")
        req.add_header("Content-Type", "application/yaml")
        asked += 1
        try:
            with urllib.request.urlopen(req, timeout=300) as r:
                return r.status, json.loads(r.read())
        except urllib.error.HTTPError as e:
            body = e.read().decode(errors="replace")
            if e.code == 409 and asked > 1 and api("GET", f"/migrations/{migration}")[0] == 200:
                return 201, {"id": migration, "note": "recorded before the orchestrator went down"}
            return e.code, body
        except (urllib.error.URLError, ConnectionError, TimeoutError) as e:
            if time.time() > deadline:
                return 0, f"the orchestrator did not answer for {wait} s: {e}"
            log(f"POST /migrations for {migration}: {e}; asking again once the orchestrator is up")
            time.sleep(2)


def table_progress(doc):
    """Every table entry (a dict with snapshotDone) in GET /migrations/{id}."""
    out = []

    def walk(x):
        if isinstance(x, dict):
            if "snapshotDone" in x:
                out.append(x)
            else:
                for v in x.values():
                    walk(v)
        elif isinstance(x, list):
            for v in x:
                walk(v)

    walk(doc)
    return out


def pid_of(name):
    try:
        with open(os.path.join(RUN, "pids", f"{name}.pid")) as f:
            return int(f.readline().strip())
    except Exception:
        return None


def alive(pid):
    try:
        os.kill(pid, 0)
        with open(f"/proc/{pid}/stat") as f:
            return f.read().split()[2] != "Z"
    except Exception:
        return False


def wait_dead(pid, timeout):
    end = time.time() + timeout
    while alive(pid) and time.time() < end:
        time.sleep(0.1)
    return not alive(pid)


class Restarter:
    """Runs deploy/local/up.sh (it starts whatever is not running, as it started it first) for
    every caller, one run at a time: a call made while a run is under way is served by the next
    run, which starts everything down by then, so restarts never queue up behind each other."""

    def __init__(self):
        self.cond = threading.Condition()
        self.requested = 0
        self.done = 0
        self.result = (0, 0.0)
        self.log = os.path.join(RUN, "soak", "up.log")
        threading.Thread(target=self.loop, daemon=True).start()

    def loop(self):
        while True:
            with self.cond:
                while self.requested <= self.done:
                    self.cond.wait()
                target = self.requested
            os.makedirs(os.path.dirname(self.log), exist_ok=True)
            with open(self.log, "a") as out:
                out.write(f"--- {datetime.datetime.now().isoformat()}\n")
                out.flush()
                rc = subprocess.call([os.path.join(ROOT, "deploy", "local", "up.sh")], stdout=out, stderr=subprocess.STDOUT)
            if rc != 0:
                log(f"up.sh failed (rc {rc}; a fault may have stopped what it was starting), see {self.log}")
            with self.cond:
                self.done = target
                self.result = (rc, 0.0)
                self.cond.notify_all()

    def up(self):
        t = time.time()
        with self.cond:
            self.requested += 1
            ticket = self.requested
            self.cond.notify_all()
            while self.done < ticket:
                self.cond.wait()
            rc = self.result[0]
        return rc, time.time() - t


restarter = None


def up(work):
    """deploy/local/up.sh through the one Restarter (its output in $TRIBUTARY_RUN_DIR/soak/up.log);
    a run that failed (the service it started was killed meanwhile) is followed by another."""
    global restarter
    if restarter is None:
        restarter = Restarter()
    t = time.time()
    rc, _ = restarter.up()
    if rc != 0:
        rc, _ = restarter.up()
    return rc, time.time() - t


def target_conn():
    return psycopg2.connect(host="127.0.0.1", port=PORTS["TRIBUTARY_TARGET_PG_PORT"], dbname="unified", user="postgres",
                            password=PG_PASSWORD, connect_timeout=5)


def legacy_dsn(db):
    return f"host=127.0.0.1 port={PORTS['TRIBUTARY_LEGACY_PG_PORT']} dbname={db} user=postgres password={PG_PASSWORD}"


def free_port(start):
    p = start
    while True:
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", p)) != 0:
                return p
        p += 1


# ---------------------------------------------------------------------------------------------
# Sources
# ---------------------------------------------------------------------------------------------
class Source:
    """One kind's source: created, seeded, written by its writer, restarted as a fault."""

    def __init__(self, kind, work, seed, rows, rate, stamp):
        self.kind, self.work, self.seed, self.rows, self.rate = kind, work, seed, rows, rate
        self.incarnation = 0
        self.writer = None
        self.chroma = None
        self.writer_log = os.path.join(work, "writer.log")
        self.writer_err = open(os.path.join(work, "writer.err"), "a")
        self.summary = os.path.join(work, "writer-summary.json")
        if kind == "sqlite":
            self.path = os.path.join(work, "source", "soak.db")
            os.makedirs(os.path.dirname(self.path), exist_ok=True)
        elif kind == "postgres":
            self.db = f"soak_{stamp}"
        else:
            self.store = os.path.join(work, "chroma-store")
            self.port = free_port(18990)
            shutil.copy(os.path.join(LIB, "soak_chroma.mjs"), os.path.join(CHROMA_DIR, "soak_chroma.mjs"))

    def node(self, *args):
        return [os.path.join(GLIBC, "ld-linux-x86-64.so.2"), "--library-path", GLIBC, shutil.which("node"), *args]

    def start_chroma(self):
        out = open(os.path.join(self.work, "chroma-server.log"), "a")
        self.chroma = subprocess.Popen(self.node("node_modules/chromadb/dist/cli.mjs", "run", "--path", self.store, "--port", str(self.port)),
                                       cwd=CHROMA_DIR, stdout=out, stderr=subprocess.STDOUT, start_new_session=True)
        end = time.time() + 120
        while time.time() < end:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{self.port}/api/v2/heartbeat", timeout=2):
                    return
            except Exception:
                time.sleep(0.3)
        raise SystemExit(f"the Chroma server did not answer on port {self.port} (log: {self.work}/chroma-server.log)")

    def create(self):
        t = time.time()
        if self.kind == "sqlite":
            cmd = [PY, os.path.join(LIB, "soak_writer.py"), "seed", "--kind", "sqlite", "--db", self.path, "--rows", str(self.rows),
                   "--seed", str(self.seed), "--vec0", VEC0]
        elif self.kind == "postgres":
            c = psycopg2.connect(legacy_dsn("postgres"))
            c.autocommit = True
            c.cursor().execute(f'CREATE DATABASE "{self.db}"')
            c.close()
            cmd = [PY, os.path.join(LIB, "soak_writer.py"), "seed", "--kind", "postgres", "--db", legacy_dsn(self.db), "--rows",
                   str(self.rows), "--seed", str(self.seed)]
        else:
            self.start_chroma()
            cmd = self.node("soak_chroma.mjs", "seed", str(self.port), str(self.seed), str(self.rows))
        out = subprocess.run(cmd, cwd=CHROMA_DIR if self.kind == "chroma" else None, capture_output=True, text=True)
        if out.returncode != 0:
            raise SystemExit(f"seeding the {self.kind} source failed: {out.stderr[-2000:]}")
        log(f"{self.kind}: source seeded in {time.time() - t:.1f} s: {out.stdout.strip()}")

    def plan(self, migration, schema):
        if self.kind == "sqlite":
            where = f"path: {self.path}"
        elif self.kind == "postgres":
            where = f"url: postgresql://postgres:{PG_PASSWORD}@127.0.0.1:{PORTS['TRIBUTARY_LEGACY_PG_PORT']}/{self.db}"
        else:
            where = f"path: {self.store}"
        return f"migration: {migration}\nsources:\n  - name: src\n    kind: {self.kind}\n    {where}\n    schema: {schema}\n"

    def start_writer(self):
        if self.kind == "chroma":
            cmd = self.node("soak_chroma.mjs", "write", str(self.port), str(self.seed), str(self.incarnation), str(self.rate),
                            self.writer_log, self.summary)
        else:
            db = self.path if self.kind == "sqlite" else legacy_dsn(self.db)
            cmd = [PY, os.path.join(LIB, "soak_writer.py"), "write", "--kind", self.kind, "--db", db, "--seed", str(self.seed),
                   "--incarnation", str(self.incarnation), "--rate", str(self.rate), "--log", self.writer_log, "--summary", self.summary]
            if self.kind == "sqlite":
                cmd += ["--vec0", VEC0]
        self.writer = subprocess.Popen(cmd, cwd=CHROMA_DIR if self.kind == "chroma" else None, stdout=self.writer_err,
                                       stderr=self.writer_err, start_new_session=True)

    def restart(self, work):
        """The source-restart fault; returns what was done."""
        if self.kind == "postgres":
            data = os.path.join(RUN, "pg-legacy")
            cmd = [os.path.join(os.environ.get("TRIBUTARY_PG_BIN", "/usr/lib/postgresql/15/bin"), "pg_ctl"), "stop", "-D", data, "-m",
                   "immediate", "-w", "-t", "60"]
            if os.getuid() == 0:
                cmd = ["runuser", "-u", "postgres", "--"] + cmd
            subprocess.call(cmd, cwd=RUN, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            return None  # up.sh starts it again (Soak.restart_async)
        if self.kind == "sqlite":
            pid = self.writer.pid
            os.kill(pid, signal.SIGKILL)
            self.writer.wait()
            self.incarnation += 1
            self.start_writer()
            return f"writer pid {pid} killed -9, incarnation {self.incarnation} started"
        pid = self.chroma.pid
        os.kill(pid, signal.SIGKILL)
        self.chroma.wait()
        self.start_chroma()
        return f"Chroma server pid {pid} killed -9 and started again"

    def stop_writer(self):
        self.writer.send_signal(signal.SIGTERM)
        try:
            self.writer.wait(timeout=300)
        except subprocess.TimeoutExpired:
            self.writer.kill()
            raise SystemExit("the writer did not stop within 300 s")
        return self.writer.returncode

    def changes(self):
        n = 0
        with open(self.writer_log) as f:
            for line in f:
                parts = line.split(" ", 2)
                if len(parts) >= 2 and parts[1].isdigit():
                    n += int(parts[1])
        return n

    def close(self, keep):
        # a soak that failed before it stopped its writer (a harness error) leaves none running
        writer = getattr(self, "writer", None)
        if writer is not None and writer.poll() is None:
            writer.terminate()
            try:
                writer.wait(timeout=20)
            except subprocess.TimeoutExpired:
                writer.kill()
        if self.chroma is not None and self.chroma.poll() is None:
            self.chroma.terminate()
            try:
                self.chroma.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.chroma.kill()
        if self.kind == "postgres" and not keep:
            try:
                c = psycopg2.connect(legacy_dsn("postgres"))
                c.autocommit = True
                cur = c.cursor()
                cur.execute("SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots WHERE database = %s AND NOT active",
                            (self.db,))
                cur.execute(f'DROP DATABASE IF EXISTS "{self.db}" WITH (FORCE)')
                c.close()
            except Exception as e:
                log(f"could not drop the source database {self.db}: {e}")
        self.writer_err.close()


# ---------------------------------------------------------------------------------------------
# Reading both sides, and the soak's own comparison
# ---------------------------------------------------------------------------------------------
def f32(v):
    """A vector as its float32 bytes (little-endian), from a BLOB, pgvector's text or a list."""
    if v is None:
        return None
    if isinstance(v, (bytes, memoryview)):
        return bytes(v)
    if isinstance(v, str):
        v = [float(x) for x in v.strip("[]").split(",")] if v.strip("[]") else []
    return struct.pack(f"<{len(v)}f", *v)


def same(a, b):
    if isinstance(a, float) or isinstance(b, float):
        try:
            return float(a) == float(b)
        except (TypeError, ValueError):
            return False
    return a == b


SPECS = {
    # table: (key column or None, columns, vector columns)
    "items": ("id", ["id", "name", "qty", "price", "note"], []),
    "events": (None, ["kind", "n", "payload"], []),
    "docs": ("id", ["id", "title", "body", "version"], []),
    "embeddings": ("id", ["id", "label", "embedding"], ["embedding"]),
    "vecs": ("id", ["id", "embedding", "category", "note"], ["embedding"]),
    "heartbeat": ("id", ["id", "at_ms"], []),
    "soak_docs": ("id", ["id", "document", "metadata", "embedding"], ["embedding"]),
    "soak_notes": ("id", ["id", "document", "metadata", "embedding"], ["embedding"]),
    "soak_heartbeat": ("id", ["id", "document", "metadata", "embedding"], ["embedding"]),
}


def normalize(table, rows):
    _, cols, vecs = SPECS[table]
    vi = [cols.index(c) for c in vecs]
    out = []
    for r in rows:
        r = list(r)
        for i in vi:
            r[i] = f32(r[i])
        out.append(tuple(r))
    return out


def read_source(src):
    rows = {}
    if src.kind == "sqlite":
        import sqlite3

        c = sqlite3.connect(f"file:{src.path}?mode=ro", uri=True, timeout=60)
        c.enable_load_extension(True)
        c.load_extension(VEC0)
        for t in TABLES["sqlite"]:
            cols = SPECS[t][1]
            rows[t] = normalize(t, c.execute(f"SELECT {', '.join(cols)} FROM {t}").fetchall())
        c.close()
    elif src.kind == "postgres":
        c = psycopg2.connect(legacy_dsn(src.db))
        cur = c.cursor()
        for t in TABLES["postgres"]:
            cur.execute(f"SELECT {', '.join(SPECS[t][1])} FROM {t}")
            rows[t] = normalize(t, cur.fetchall())
        c.close()
    else:
        out = os.path.join(src.work, "chroma-dump.jsonl")
        r = subprocess.run(src.node("soak_chroma.mjs", "dump", str(src.port), out), cwd=CHROMA_DIR, capture_output=True, text=True)
        if r.returncode != 0:
            raise RuntimeError(f"reading the Chroma store through Chroma failed: {r.stderr[-1000:]}")
        for t in TABLES["chroma"]:
            rows[t] = []
        with open(out) as f:
            for line in f:
                d = json.loads(line)
                rows[d["collection"]].append((d["id"], d["document"], d["metadata"], f32(d["embedding"])))
    return rows


def read_target(schema, kind):
    rows = {}
    c = target_conn()
    cur = c.cursor()
    for t in TABLES[kind]:
        cols = SPECS[t][1]
        try:
            cur.execute(f'SELECT {", ".join(chr(34) + x + chr(34) for x in cols)} FROM "{schema}"."{t}"')
            rows[t] = normalize(t, cur.fetchall())
        except psycopg2.Error as e:
            c.rollback()
            rows[t] = None
            log(f"target table {schema}.{t} cannot be read: {e}")
    c.close()
    return rows


def compare(src_rows, tgt_rows):
    """Per table: rows each side, lost, doubled, differing, and the first examples of each."""
    result = {}
    for t, srows in src_rows.items():
        key, cols, _ = SPECS[t]
        trows = tgt_rows.get(t) or []
        r = {"source": len(srows), "target": len(trows), "lost": 0, "doubled": 0, "differing": 0, "examples": []}
        if key is None:
            s, g = collections.Counter(srows), collections.Counter(trows)
            for row in s.keys() | g.keys():
                d = s[row] - g[row]
                if d > 0:
                    r["lost"] += d
                    kind = "lost"
                elif d < 0:
                    r["doubled"] += -d
                    kind = "doubled"
                else:
                    continue
                if len(r["examples"]) < 10:
                    r["examples"].append({"kind": kind, "row": repr(row)[:300], "source copies": s[row], "target copies": g[row]})
        else:
            ki = cols.index(key)
            s = {row[ki]: row for row in srows}
            g = collections.defaultdict(list)
            for row in trows:
                g[row[ki]].append(row)
            for k, row in s.items():
                got = g.get(k)
                if not got:
                    r["lost"] += 1
                    if len(r["examples"]) < 10:
                        r["examples"].append({"kind": "lost", "key": k})
                    continue
                if len(got) > 1:
                    r["doubled"] += len(got) - 1
                if not all(same(a, b) for a, b in zip(row, got[0])):
                    r["differing"] += 1
                    if len(r["examples"]) < 10:
                        diff = [c for c, a, b in zip(cols, row, got[0]) if not same(a, b)]
                        r["examples"].append({"kind": "differing", "key": k, "columns": diff,
                                              "source": repr(row)[:300], "target": repr(got[0])[:300]})
            for k, got in g.items():
                if k not in s:
                    r["doubled"] += len(got)  # a row the source no longer has (a delete or key change lost)
                    if len(r["examples"]) < 10:
                        r["examples"].append({"kind": "extra", "key": k, "target": repr(got[0])[:300]})
        result[t] = r
    return result


# ---------------------------------------------------------------------------------------------
# One kind's soak
# ---------------------------------------------------------------------------------------------
class Soak:
    def __init__(self, kind, args, stamp):
        self.kind, self.args = kind, args
        self.stamp = stamp
        self.work = os.path.join(args.work, kind)
        os.makedirs(self.work, exist_ok=True)
        self.migration = f"soak-{kind}-{stamp}"
        self.schema = f"soak_{kind}_{stamp}"
        rows = {"sqlite": args.rows_sqlite, "postgres": args.rows_postgres, "chroma": args.rows_chroma}[kind]
        rate = args.rate if kind != "chroma" else args.rate_chroma
        self.src = Source(kind, self.work, args.seed, rows, rate, stamp)
        self.faults = []
        self.watchers = []
        self.restarts = []
        self.rng = random.Random(f"{args.seed}/{kind}/faults")
        self.schedule = self.make_schedule()

    def make_schedule(self):
        """Fault types in shuffled rounds (each type once per round), the gap before each (10-30 s)
        and each one's parameters: all drawn from the seed, so a seed gives the same schedule."""
        out = []
        chosen = [f for f, _ in FAULTS if self.args.faults == "all" or f in self.args.faults.split(",")]
        while len(out) < 2000:
            if not chosen:  # --faults none: the writer and the comparison only
                out.append({"type": None, "gap": 10 ** 9, "pause": 0, "table": None})
                continue
            deck = list(chosen)
            self.rng.shuffle(deck)
            for f in deck:
                out.append({"type": f, "gap": round(self.rng.uniform(10, 30), 1), "pause": round(self.rng.uniform(2, 8), 1),
                            "table": self.rng.choice(TABLES[self.kind][:-1])})
        return out

    def status(self):
        code, doc = api("GET", f"/migrations/{self.migration}")
        return doc if code == 200 else None

    def in_snapshot(self, doc):
        if doc is None:
            return None
        tables = table_progress(doc)
        loading = [t.get("sourceTable") or t.get("targetTable") for t in tables if not t.get("snapshotDone")]
        return loading or (["(all)"] if doc.get("state") == "SNAPSHOTTING" else [])

    def heartbeat_sql(self):
        if self.kind == "chroma":
            return f"SELECT (metadata->>'at_ms')::bigint FROM \"{self.schema}\".soak_heartbeat WHERE id = 'hb'"
        return f'SELECT at_ms FROM "{self.schema}".heartbeat WHERE id = 1'

    def target_heartbeat(self, conn_box):
        try:
            if conn_box[0] is None:
                conn_box[0] = target_conn()
                conn_box[0].autocommit = True
            cur = conn_box[0].cursor()
            cur.execute(self.heartbeat_sql())
            r = cur.fetchone()
            return r[0] if r else None
        except Exception:
            try:
                conn_box[0].close()
            except Exception:
                pass
            conn_box[0] = None
            return None

    def watch(self, fault, limit):
        """Recovery: until the target holds a heartbeat the writer wrote after fault["since_ms"]
        (the injection; for a pause, the resume), measured from the injection."""
        box = [None]
        end = time.time() + limit
        while time.time() < end:
            hb = self.target_heartbeat(box)
            if hb is not None and hb >= fault["since_ms"] and fault.get("acted"):
                fault["recovered_s"] = round(time.time() - fault["t0"], 1)
                break
            time.sleep(0.5)
        else:
            fault["recovered_s"] = None
        if fault["type"] == "resync" and fault.get("resync_status") == 202:
            while time.time() < end + 600:
                doc = self.status()
                if doc is not None:
                    t = [x for x in table_progress(doc) if x.get("sourceTable", "").split(".")[-1] == fault["table"]
                         or x.get("targetTable") == fault["table"]]
                    if t and t[0].get("snapshotDone"):
                        fault["resync_done_s"] = round(time.time() - fault["t0"], 1)
                        break
                time.sleep(1)
        if box[0] is not None:
            box[0].close()

    def inject(self, n, plan, t_start):
        f = {"n": n, "type": plan["type"], "t0": time.time(), "at_s": round(time.time() - t_start, 1)}
        f["during_snapshot"] = self.in_snapshot(self.status())
        f["since_ms"] = int(f["t0"] * 1000)
        typ = plan["type"]
        w = threading.Thread(target=self.watch, args=(f, self.args.recovery_limit), daemon=True)
        w.start()
        self.watchers.append(w)
        if typ.startswith("kill-"):
            svc = {"kill-cdc": "cdc-service", "kill-validator": "validator-service", "kill-orchestrator": "orchestrator-service"}[typ]
            pid = pid_of(svc)
            if pid and alive(pid):
                os.kill(pid, signal.SIGKILL)
                wait_dead(pid, 10)
                self.restart_async(f, f"{svc} pid {pid} killed -9; up.sh restarted it")
            else:  # still being started after an earlier fault: killed by nobody, counted all the same
                self.restart_async(f, f"{svc} was not running (an earlier restart under way); up.sh started it")
        elif typ == "restart-kafka":
            pid = pid_of("kafka")
            how = "SIGTERM"
            if pid and alive(pid):
                os.kill(pid, signal.SIGTERM)
                if not wait_dead(pid, 20):
                    os.kill(pid, signal.SIGKILL)
                    wait_dead(pid, 10)
                    how = "SIGTERM, then SIGKILL after 20 s"
            self.restart_async(f, f"kafka pid {pid} stopped ({how}); up.sh started it")
        elif typ == "restart-source":
            done = self.src.restart(self.work)
            if done is None:
                self.restart_async(f, "pg-legacy crashed (pg_ctl stop -m immediate); up.sh started it")
            else:
                f["detail"] = done
        elif typ == "pause-resume":
            c1, b1 = api("POST", f"/migrations/{self.migration}/pause", {"reason": "soak: pause"})
            f["since_ms"] = 1 << 62  # recovered only after the resume
            time.sleep(plan["pause"])
            f["since_ms"] = int(time.time() * 1000)
            c2, b2 = api("POST", f"/migrations/{self.migration}/resume", {"reason": "soak: resume"})
            f["detail"] = f"pause {c1}, {plan['pause']} s, resume {c2}"
            if c1 != 200 or c2 != 200:
                f["detail"] += f" ({str(b1)[:150]} / {str(b2)[:150]})"
        elif typ == "resync":
            f["table"] = plan["table"]
            code, body = api("POST", f"/migrations/{self.migration}/tables/{plan['table']}/resync", {})
            f["resync_status"] = code
            f["detail"] = f"resync {plan['table']}: {code}" + ("" if code == 202 else f" {str(body)[:200]}")
        if "detail" in f:  # done here; a restart by up.sh finishes in its own thread
            f["action_s"] = round(time.time() - f["t0"], 1)
            f["acted"] = True
        self.faults.append(f)
        log(f"{self.kind}: fault {n} at {f['at_s']} s: {typ}: {f.get('detail', 'restarting')}"
            + (f" [during snapshot/resync of {', '.join(map(str, f['during_snapshot']))}]" if f["during_snapshot"] else ""))

    def restart_async(self, f, what):
        """Starts what the fault stopped (up.sh) in a thread of its own, so that the next fault
        comes after its gap even when a restart takes longer (a service's start on a loaded
        machine: 20-60 s); up.sh runs one at a time."""

        def run():
            rc, took = up(self.work)
            f["detail"] = f"{what} in {took:.1f} s (rc {rc})"
            f["action_s"] = round(time.time() - f["t0"], 1)
            f["acted"] = True
            log(f"{self.kind}: fault {f['n']}: {f['detail']}")

        t = threading.Thread(target=run, daemon=True)
        t.start()
        self.restarts.append(t)

    def ensure_running(self):
        up(self.work)
        api("POST", f"/migrations/{self.migration}/resume", {"reason": "soak: end"})  # 409 when not paused
        if self.kind == "chroma" and self.src.chroma.poll() is not None:
            self.src.start_chroma()

    def caught_up(self, box):
        hb = self.target_heartbeat(box)
        if hb != FINAL_MARK:
            return False, f"target heartbeat {hb}"
        doc = self.status()
        if doc is None:
            return False, "orchestrator not answering"
        tables = table_progress(doc)
        loading = [t.get("sourceTable") for t in tables if not t.get("snapshotDone")]
        lag = [t.get("applyLag") for t in tables]
        if loading:
            return False, f"snapshot of {loading}"
        if any(x is None or x > 0 for x in lag):
            return False, f"apply lag {lag}"
        return True, "caught up"

    def run(self):
        a = self.args
        log(f"{self.kind}: creating the source")
        self.src.create()
        self.src.start_writer()
        t_start = time.time()
        code, body = post_plan(self.src.plan(self.migration, self.schema), self.migration)
        if code != 201:
            raise SystemExit(f"POST /migrations answered {code}: {body}")
        log(f"{self.kind}: migration {self.migration} submitted; writer running at {self.src.rate}/s; faults for {a.minutes} min")
        end = t_start + a.minutes * 60
        n = 0
        next_at = t_start + self.schedule[0]["gap"]
        while True:
            now = time.time()
            if next_at >= end:
                break
            if now < next_at:
                time.sleep(min(0.5, next_at - now))
                if self.src.writer.poll() is not None and self.kind != "sqlite":
                    log(f"{self.kind}: the writer exited ({self.src.writer.returncode}): starting it again")
                    self.src.incarnation += 1
                    self.src.start_writer()
                continue
            plan = self.schedule[n]
            n += 1
            self.inject(n, plan, t_start)
            next_at = self.faults[-1]["t0"] + self.schedule[n]["gap"]
        while time.time() < end:
            time.sleep(0.5)
        writing_s = time.time() - t_start
        log(f"{self.kind}: {n} faults injected; waiting for their recoveries, then stopping the writer")
        for t in self.restarts:
            t.join()
        for w in self.watchers:
            w.join(timeout=max(1, a.recovery_limit))
        self.ensure_running()
        rc = self.src.stop_writer()
        stopped = time.time()
        changes = self.src.changes()
        log(f"{self.kind}: writer stopped (rc {rc}): {changes} changes in {writing_s:.0f} s ({changes / writing_s:.0f}/s); catching up")
        box = [None]
        why = ""
        deadline = stopped + a.catchup_timeout
        ok = False
        while time.time() < deadline:
            ok, why = self.caught_up(box)
            if ok:
                break
            time.sleep(2)
        catchup_s = time.time() - stopped
        log(f"{self.kind}: {'caught up' if ok else 'NOT caught up: ' + why} after {catchup_s:.1f} s; comparing")
        src_rows = read_source(self.src)
        cmp = compare(src_rows, read_target(self.schema, self.kind))
        compare_deadline = time.time() + (a.compare_retry if ok else 0)
        while sum(r["lost"] + r["doubled"] + r["differing"] for r in cmp.values()) and time.time() < compare_deadline:
            time.sleep(15)
            cmp = compare(src_rows, read_target(self.schema, self.kind))
        status = self.status() or {}
        rejects = sum(t.get("rejectedRows") or 0 for t in table_progress(status))
        res = {
            "kind": self.kind, "migration": self.migration, "schema": self.schema, "seed": a.seed, "faults": self.faults,
            "changes": changes, "writing_s": round(writing_s, 1), "rate": round(changes / writing_s, 1),
            "writer_incarnations": self.src.incarnation + 1, "caught_up": ok, "catchup_s": round(catchup_s, 1), "catchup_why": why,
            "comparison": cmp, "rejects": rejects, "state": status.get("state"), "rows": self.src.rows,
        }
        if os.path.exists(self.src.summary):
            res["writer_summary"] = json.load(open(self.src.summary))
        with open(os.path.join(self.work, "result.json"), "w") as f:
            json.dump(res, f, indent=1, default=str)
        return res

    def cleanup(self, keep):
        if not keep:
            code, body = api("DELETE", f"/migrations/{self.migration}?dropTarget=true&reason=soak+done", timeout=120)
            if code not in (200, 202):
                log(f"{self.kind}: abandoning {self.migration} answered {code}: {str(body)[:200]}")
        self.src.close(keep)


# ---------------------------------------------------------------------------------------------
# The report
# ---------------------------------------------------------------------------------------------
def totals(res):
    c = res["comparison"]
    return (sum(r["lost"] for r in c.values()), sum(r["doubled"] for r in c.values()), sum(r["differing"] for r in c.values()))


def line(res):
    lost, doubled, differing = totals(res)
    return f"soak {res['kind']}: {len(res['faults'])} faults, {res['changes']} changes, lost {lost}, doubled {doubled}, differing {differing}"


def report(path, results, args, started, commit):
    out = []
    out.append(f"# Soak under random faults, {started.strftime('%Y-%m-%d %H:%M')} UTC\n")
    out.append(f"`bench/soak.sh --minutes {args.minutes} --kinds {args.kinds} --seed {args.seed}"
               f"{' --parallel' if args.parallel else ''}{'' if args.faults == 'all' else ' --faults ' + args.faults}` on commit {commit}; "
               f"{os.cpu_count()} cores, load average at the end {open('/proc/loadavg').read().split()[0]}.\n")
    out.append("```")
    for r in results:
        out.append(line(r))
    out.append("```\n")
    for r in results:
        lost, doubled, differing = totals(r)
        ft = collections.Counter(f["type"] for f in r["faults"])
        during = [f for f in r["faults"] if f.get("during_snapshot")]
        rec = sorted(f["recovered_s"] for f in r["faults"] if f.get("recovered_s") is not None)
        unrec = [f for f in r["faults"] if f.get("recovered_s") is None]
        out.append(f"## {r['kind']}\n")
        out.append(f"Migration `{r['migration']}` (schema `{r['schema']}`), source seeded with {r['rows']} rows in its main table; "
                   f"writer: {r['changes']} changes in {r['writing_s']} s (**{r['rate']}/s**"
                   f"{'' if r['rate'] >= 500 else ': below the 500/s asked'}), {r['writer_incarnations']} incarnation(s)"
                   + (f", summary {json.dumps(r.get('writer_summary'))}" if r.get("writer_summary") else "") + ".\n")
        rs = [f for f in r["faults"] if f["type"] == "resync"]
        rs_ok = [f for f in rs if f.get("resync_status") == 202]
        out.append(f"Faults: {len(r['faults'])} ({', '.join(f'{k} {v}' for k, v in sorted(ft.items()))}); "
                   f"{len(during)} during a snapshot or a resync; resyncs accepted {len(rs_ok)} of {len(rs)} (the others refused: "
                   f"see the fault log). Source restart here: {SOURCE_RESTART[r['kind']]}.\n")
        if rec:
            out.append(f"Recovery (fault to the first heartbeat written after it on the target): median {rec[len(rec) // 2]} s, "
                       f"max {rec[-1]} s; not recovered within {args.recovery_limit} s: {len(unrec)}.\n")
        out.append(f"Catch-up after the writer stopped: {'done' if r['caught_up'] else 'NOT done (' + r['catchup_why'] + ')'} "
                   f"in {r['catchup_s']} s. Migration state at the end: {r['state']}; rejected rows {r['rejects']}.\n")
        out.append("| table | source rows | target rows | lost | doubled | differing |\n|---|---:|---:|---:|---:|---:|")
        for t, c in r["comparison"].items():
            out.append(f"| {t} | {c['source']} | {c['target']} | {c['lost']} | {c['doubled']} | {c['differing']} |")
        out.append(f"| **all** | | | **{lost}** | **{doubled}** | **{differing}** |\n")
        ex = [(t, e) for t, c in r["comparison"].items() for e in c["examples"]]
        if ex:
            out.append("Examples:\n")
            for t, e in ex[:30]:
                out.append(f"- `{t}`: {json.dumps(e, default=str)}")
            out.append("")
        out.append("<details><summary>Fault log</summary>\n")
        out.append("| # | at (s) | fault | what was done | during snapshot/resync | action (s) | recovered (s) |\n|---:|---:|---|---|---|---:|---:|")
        for f in r["faults"]:
            d = ", ".join(map(str, f["during_snapshot"])) if f.get("during_snapshot") else ""
            extra = f"; resync done after {f['resync_done_s']} s" if f.get("resync_done_s") else ""
            out.append(f"| {f['n']} | {f['at_s']} | {f['type']} | {f['detail']}{extra} | {d} | {f['action_s']} | "
                       f"{f['recovered_s'] if f.get('recovered_s') is not None else 'no'} |")
        out.append("\n</details>\n")
    with open(path, "w") as f:
        f.write("\n".join(out) + "\n")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--kinds", default="sqlite,postgres,chroma")
    ap.add_argument("--minutes", type=float, default=30)
    ap.add_argument("--seed", required=True)
    ap.add_argument("--work", required=True)
    ap.add_argument("--report", required=True)
    ap.add_argument("--rows-sqlite", type=int, default=200000)
    ap.add_argument("--rows-postgres", type=int, default=100000)
    ap.add_argument("--rows-chroma", type=int, default=20000)
    ap.add_argument("--rate", type=int, default=700)
    ap.add_argument("--rate-chroma", type=int, default=600)
    ap.add_argument("--recovery-limit", type=int, default=300)
    ap.add_argument("--catchup-timeout", type=int, default=900)
    ap.add_argument("--compare-retry", type=int, default=120)
    ap.add_argument("--keep", action="store_true")
    ap.add_argument("--parallel", action="store_true")
    ap.add_argument("--faults", default="all",
                    help="the fault types to draw from, comma-separated (" + ", ".join(f for f, _ in FAULTS) + "), all or none")
    ap.add_argument("--commit", default="?")
    a = ap.parse_args()
    known = {f for f, _ in FAULTS}
    if a.faults not in ("all", "none") and not set(a.faults.split(",")) <= known:
        ap.error(f"--faults takes {', '.join(sorted(known))}, all or none, not {a.faults}")
    global restarter
    restarter = Restarter()
    started = datetime.datetime.utcnow()
    stamp = started.strftime("%m%d%H%M%S")
    results = []
    failed = False
    kinds = a.kinds.split(",")
    if a.parallel:
        # every kind at once on the one runtime, each with its own writer and fault schedule: a
        # kind also lives through the other kinds' faults of the shared services (not counted)
        soaks = [Soak(kind, a, stamp) for kind in kinds]
        outcome = {}

        def one(soak):
            try:
                outcome[soak.kind] = soak.run()
            except BaseException as e:  # reported below
                outcome[soak.kind] = e

        threads = [threading.Thread(target=one, args=(x,)) for x in soaks]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        for soak in soaks:
            res = outcome.get(soak.kind)
            if isinstance(res, BaseException) or res is None:
                log(f"{soak.kind}: the soak itself failed: {res!r}")
                failed = True
                soak.cleanup(True)
                continue
            results.append(res)
            lost, doubled, differing = totals(res)
            bad = lost or doubled or differing or not res["caught_up"]
            failed = failed or bad
            soak.cleanup(a.keep or bad)
        report(a.report, results, a, started, a.commit)
    for kind in [] if a.parallel else kinds:
        soak = Soak(kind, a, stamp)
        try:
            res = soak.run()
            results.append(res)
            lost, doubled, differing = totals(res)
            bad = lost or doubled or differing or not res["caught_up"]
            failed = failed or bad
            report(a.report, results, a, started, a.commit)
            soak.cleanup(a.keep or bad)
        except BaseException:
            soak.cleanup(True)
            raise
    log(f"seed {a.seed}; report {a.report}")
    for r in results:
        print("fault log " + r["kind"] + ":")
        for f in r["faults"]:
            print(f"  {f['at_s']:>7} s  {f['type']:<18} recovered {f.get('recovered_s')} s  {f['detail']}")
    for r in results:
        print(line(r))
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
