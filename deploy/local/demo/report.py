#!/usr/bin/env python3
"""Reads GET /migrations/{id} JSON on stdin and prints demo progress or the final table.

Usage: report.py progress|final|done
  progress  one line: state and rows per table
  final     the per-table table (source rows, target rows, rejected, validation)
  done      exit 0 when every table's validation is MATCH, 1 otherwise
"""
import json
import sys


def all_match(m) -> bool:
    """True when the migration has tables and every one's latest validation is MATCH."""
    tables = m.get("tables") or []
    return bool(tables) and all((t.get("validation") or {}).get("status") == "MATCH" for t in tables)


def main() -> int:
    mode = sys.argv[1]
    m = json.load(sys.stdin)
    tables = m.get("tables") or []
    if mode == "done":
        return 0 if all_match(m) else 1
    if mode == "progress":
        parts = []
        for t in tables:
            v = (t.get("validation") or {}).get("status") or "-"
            target = t.get("targetRows")
            source = t.get("sourceRows")
            parts.append(f"{t['sourceTable']} {fmt(target)}/{fmt(source)} {v}")
        print(f"  state {m.get('state')}: " + ", ".join(parts), flush=True)
        return 0
    rows = [("table", "source rows", "target rows", "rejected", "validation", "checksums")]
    for t in tables:
        v = t.get("validation") or {}
        same = v.get("sourceChecksum") and v.get("sourceChecksum") == v.get("targetChecksum")
        rows.append((
            f"{t['targetSchema']}.{t['targetTable']}",
            fmt(t.get("sourceRows")),
            fmt(t.get("targetRows")),
            fmt(t.get("rejectedRows")),
            v.get("status") or "-",
            "equal" if same else ("-" if not v.get("sourceChecksum") else "DIFFERENT"),
        ))
    widths = [max(len(str(r[i])) for r in rows) for i in range(len(rows[0]))]
    for n, r in enumerate(rows):
        print("  " + "  ".join(str(c).ljust(widths[i]) if i == 0 else str(c).rjust(widths[i]) for i, c in enumerate(r)))
        if n == 0:
            print("  " + "  ".join("-" * w for w in widths))
    return 0


def fmt(n):
    return "-" if n is None else f"{n:,}"


if __name__ == "__main__":
    sys.exit(main())
