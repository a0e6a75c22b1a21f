#!/usr/bin/env python3
"""CPU time of named groups of processes between two moments: the benchmarks' "where did the cores
go" meter (bench/run.sh, bench/pg-source.sh, bench/catchup.sh).

    cpu.py snapshot OUT
        writes every process's CPU time (user + system, in clock ticks), the CPU time of the children
        it has waited for, its parent and its start time to OUT (JSON), with the machine's busy time
    cpu.py diff [--json] BEFORE AFTER NAME=SPEC...
        prints the CPU seconds each named group used between the two snapshots, in the order given,
        as "name<TAB>seconds" lines (--json: one JSON object)

SPEC is a comma-separated list of
    PID          one process
    tree:PID     the process and every descendant (a PostgreSQL postmaster: the whole cluster)
    ticks:FILE   clock ticks written to FILE by the process that ran a tool and waited for it
                 (bench/lib/common.sh's `counted`: a tool that ends before AFTER is not in it)
    machine      every core's busy time (/proc/stat), whoever used it
A group counts its processes' own time and the time of their children that ended meanwhile (the
kernel adds a child's time, and its own children's, to its parent's when the parent waits for it:
a PostgreSQL backend that served one COPY and exited counts in its postmaster's group). A process
that ended before AFTER counts through its parent, minus what it had used before BEFORE; one whose
parent did not wait for it is lost. A pid is the same process in both snapshots only with the same
start time.
"""
import json
import os
import sys

TICKS = os.sysconf("SC_CLK_TCK")


def parse_stat(stat):
    """(ppid, own ticks, waited-for children's ticks, start time) from a /proc/PID/stat line."""
    fields = stat[stat.rindex(")") + 2 :].split()
    # fields[0] is field 3 (state): utime 14, stime 15, cutime 16, cstime 17, starttime 22
    return int(fields[1]), int(fields[11]) + int(fields[12]), int(fields[13]) + int(fields[14]), int(fields[19])


def machine_busy(proc_stat_text):
    """Every core's busy ticks: the first line of /proc/stat minus idle and iowait."""
    first = proc_stat_text.splitlines()[0].split()
    values = [int(v) for v in first[1:9]]
    return sum(values) - values[3] - values[4]


def snapshot(out, proc="/proc"):
    procs = {}
    for entry in os.listdir(proc):
        if entry.isdigit():
            try:
                with open(f"{proc}/{entry}/stat") as f:
                    ppid, ticks, cticks, start = parse_stat(f.read())
            except (OSError, ValueError, IndexError):
                continue
            procs[entry] = {"ppid": ppid, "ticks": ticks, "cticks": cticks, "start": start}
    with open(f"{proc}/stat") as f:
        busy = machine_busy(f.read())
    with open(out, "w") as f:
        json.dump({"procs": procs, "machine": busy}, f)


def descendants(roots, procs):
    """ROOTS and every process below them in one snapshot's parent links."""
    kids = {}
    for pid, p in procs.items():
        kids.setdefault(str(p["ppid"]), []).append(pid)
    found, stack = set(), [r for r in roots if r in procs]
    while stack:
        pid = stack.pop()
        if pid not in found:
            found.add(pid)
            stack.extend(kids.get(pid, []))
    return found


def same(before, after):
    return before is not None and before["start"] == after["start"]


def group_ticks(spec, before, after):
    """The clock ticks a SPEC's processes used between the snapshots BEFORE and AFTER."""
    bp, ap = before["procs"], after["procs"]
    total = 0
    single, roots = set(), []
    for part in filter(None, spec.split(",")):
        if part == "machine":
            total += after["machine"] - before["machine"]
        elif part.startswith("ticks:"):
            with open(part[6:]) as f:
                total += int(f.read().split()[0])
        elif part.startswith("tree:"):
            roots.append(part[5:])
        else:
            single.add(part)
    alive = (descendants(roots, ap) | single) & ap.keys()
    for pid in alive:
        a, b = ap[pid], bp.get(pid)
        total += a["ticks"] + a["cticks"]
        if same(b, a):
            total -= b["ticks"] + b["cticks"]
    # ended meanwhile: their whole time reached a live ancestor's cticks; what they had used before
    # BEFORE is not the interval's (counted only for processes of the group: trees)
    for pid in descendants(roots, bp):
        b = bp[pid]
        if not same(b, ap.get(pid, {"start": None})):
            total -= b["ticks"] + b["cticks"]
    return total


def diff(before_path, after_path, specs):
    with open(before_path) as f:
        before = json.load(f)
    with open(after_path) as f:
        after = json.load(f)
    used = {}
    for arg in specs:
        name, sep, spec = arg.partition("=")
        if not sep:
            raise SystemExit(f"cpu.py diff: {arg!r} is not NAME=SPEC")
        used[name] = round(max(group_ticks(spec, before, after), 0) / TICKS, 2)
    return used


def main(argv):
    args = argv[1:]
    as_json = "--json" in args
    args = [a for a in args if a != "--json"]
    if len(args) == 2 and args[0] == "snapshot":
        snapshot(args[1])
    elif len(args) >= 3 and args[0] == "diff":
        used = diff(args[1], args[2], args[3:])
        if as_json:
            print(json.dumps(used))
        else:
            for name, seconds in used.items():
                print(f"{name}\t{seconds:.2f}")
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main(sys.argv)
