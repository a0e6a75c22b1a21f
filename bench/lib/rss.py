#!/usr/bin/env python3
"""Samples the memory of groups of processes until SIGTERM; bench/run.sh's peak-RSS meter.

    rss.py OUT [--total a,b] NAME=SPEC ...

SPEC is a comma-separated list of pids, each optionally prefixed by `tree:` (the process and all its
descendants, found again every second) and the whole SPEC by `pss:` (proportional set size from
/proc/PID/smaps_rollup instead of RSS: shared memory such as PostgreSQL's shared buffers counted
once across processes). Every 0.25 s it sums each group (PSS groups every second); OUT receives a
JSON object with each group's peak in KiB and, with --total, the peak of the sum of the named
groups (`total`), rewritten whenever a peak rises so that a killed sampler still leaves its last
reading.
"""
import json
import os
import signal
import sys
import time


def children_map():
    kids = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as f:
                stat = f.read()
            ppid = int(stat[stat.rindex(")") + 2:].split()[1])
        except (OSError, ValueError):
            continue
        kids.setdefault(ppid, []).append(int(entry))
    return kids


def expand(spec, kids):
    pids = []
    for part in spec.split(","):
        if not part:
            continue
        if part.startswith("tree:"):
            stack = [int(part[5:])]
            while stack:
                pid = stack.pop()
                pids.append(pid)
                stack.extend(kids.get(pid, []))
        else:
            pids.append(int(part))
    return pids


def memory_kb(pid, pss):
    path = f"/proc/{pid}/smaps_rollup" if pss else f"/proc/{pid}/status"
    key = "Pss:" if pss else "VmRSS:"
    try:
        with open(path) as f:
            for line in f:
                if line.startswith(key):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def main(argv):
    if len(argv) < 3:
        sys.exit("usage: rss.py OUT [--total a,b] NAME=SPEC ...")
    out = argv[1]
    args = argv[2:]
    total_of = []
    if args[0] == "--total":
        total_of = args[1].split(",")
        args = args[2:]
    groups = {}
    for arg in args:
        name, _, spec = arg.partition("=")
        pss = spec.startswith("pss:")
        groups[name] = (spec[4:] if pss else spec, pss)
    peaks = {name: 0 for name in groups}
    if total_of:
        peaks["total"] = 0
    running = True

    def stop(*_):
        nonlocal running
        running = False

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    # The sampler shares the cores with what it measures: the process trees (a scan of /proc) and
    # PSS (smaps_rollup walks every mapping) are read every 4th sample, RSS at every one.
    kids = {}
    now = {name: 0 for name in groups}
    written = None
    sample = 0
    while running:
        slow = sample % 4 == 0
        if slow:
            kids = children_map()
        for name, (spec, pss) in groups.items():
            if slow or not pss:
                now[name] = sum(memory_kb(pid, pss) for pid in set(expand(spec, kids)))
                peaks[name] = max(peaks[name], now[name])
        if total_of:
            peaks["total"] = max(peaks["total"], sum(now.get(n, 0) for n in total_of))
        if peaks != written:
            tmp = out + ".tmp"
            with open(tmp, "w") as f:
                json.dump(peaks, f)
            os.replace(tmp, out)
            written = dict(peaks)
        sample += 1
        time.sleep(0.25)


if __name__ == "__main__":
    main(sys.argv)
