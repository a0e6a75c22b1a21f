#!/usr/bin/env python3
"""CPU time per process group between two moments: the benchmarks' "where did the cores go" meter.

    cpu.py snapshot OUT          write every process's CPU time (user + system) to OUT (JSON)
    cpu.py diff BEFORE AFTER     print the CPU seconds each group used between the two snapshots,
                                 most first, as "group<TAB>seconds" lines

Groups: Tributary's services by their jar (cdc-service, validator-service, orchestrator-service),
Kafka's broker, a Kafka Connect worker, pgloader, and PostgreSQL's processes by cluster (the
postmaster's -D directory's last part, e.g. pg-legacy, pg-unified) and role (walsender: logical
decoding for a replication slot; backend: a client's queries; background: checkpointer, WAL
writer, autovacuum, ...). Everything else is "other". A process that started after BEFORE counts
from zero; one that ended before AFTER is not counted (its time is lost: the benchmarks' processes
live through the measured phase).
"""
import json
import os
import sys

TICKS = os.sysconf("SC_CLK_TCK")


def read(pid):
    try:
        with open(f"/proc/{pid}/stat") as f:
            stat = f.read()
        with open(f"/proc/{pid}/cmdline", "rb") as f:
            cmd = f.read().replace(b"\0", b" ").decode(errors="replace").strip()
    except OSError:
        return None
    fields = stat[stat.rindex(")") + 2 :].split()
    ppid = int(fields[1])
    ticks = int(fields[11]) + int(fields[12])
    return {"ppid": ppid, "ticks": ticks, "cmd": cmd}


def snapshot(out):
    procs = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            p = read(entry)
            if p is not None:
                procs[entry] = p
    with open(out, "w") as f:
        json.dump(procs, f)


def postmaster_cluster(cmd):
    parts = cmd.split()
    for i, part in enumerate(parts):
        if part == "-D" and i + 1 < len(parts):
            return os.path.basename(parts[i + 1].rstrip("/"))
    return "postgres"


def group(pid, procs):
    cmd = procs[pid]["cmd"]
    if "cdc-service" in cmd and "java" in cmd:
        return "cdc-service"
    if "validator-service" in cmd and "java" in cmd:
        return "validator-service"
    if "orchestrator-service" in cmd and "java" in cmd:
        return "orchestrator-service"
    if "ConnectDistributed" in cmd:
        return "kafka-connect"
    if "kafka.Kafka" in cmd:
        return "kafka"
    if "pgloader" in cmd:
        return "pgloader"
    if cmd.startswith("postgres:") or "/postgres " in cmd or cmd.endswith("/postgres"):
        parent = procs.get(str(procs[pid]["ppid"]))
        if cmd.startswith("postgres:") and parent is not None:
            cluster = postmaster_cluster(parent["cmd"])
            if "walsender" in cmd:
                role = "walsender"
            elif any(k in cmd for k in ("checkpointer", "writer", "autovacuum", "logical", "stats")):
                role = "background"
            else:
                role = "backend"
            return f"postgres {cluster} {role}"
        return f"postgres {postmaster_cluster(cmd)} background"
    return "other"


def diff(before_path, after_path):
    with open(before_path) as f:
        before = json.load(f)
    with open(after_path) as f:
        after = json.load(f)
    used = {}
    for pid, p in after.items():
        start = before.get(pid)
        base = start["ticks"] if start is not None and start["cmd"] == p["cmd"] else 0
        # a PostgreSQL backend retitles itself (state): same pid and parent is the same process
        if start is not None and start["cmd"] != p["cmd"] and start["ppid"] == p["ppid"]:
            base = start["ticks"]
        seconds = (p["ticks"] - base) / TICKS
        if seconds > 0:
            g = group(pid, after)
            used[g] = used.get(g, 0.0) + seconds
    for g, s in sorted(used.items(), key=lambda kv: -kv[1]):
        print(f"{g}\t{s:.1f}")


def main(argv):
    if len(argv) == 3 and argv[1] == "snapshot":
        snapshot(argv[2])
    elif len(argv) == 4 and argv[1] == "diff":
        diff(argv[2], argv[3])
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main(sys.argv)
