#!/usr/bin/env python3
"""The measurements of a benchmark's repeated runs, and the markdown tables that report them: every
run, the median of the runs, and the targets' verdicts on the medians (bench/run.sh,
bench/pg-source.sh, bench/catchup.sh with --runs N).

    runs.py record FILE TOOL RUN KEY=VALUE...
        adds one run's measurements of a tool (or pipeline, or CDC rate) to FILE (JSON lines);
        a KEY given again for the same TOOL and RUN replaces the earlier value
    runs.py rows FILE [--col LABEL=KEY:FMT]... TOOL=LABEL...
        a markdown row per tool with the median of its runs (bold), then one row per run; a value a
        tool does not have is "–", a text column shows its value when every run agrees
    runs.py cpu FILE ROWS_KEY TOOL=LABEL...
        a markdown row per tool and process group (the tool's cpu.<group> keys, CPU seconds): CPU
        microseconds per row (the tool's ROWS_KEY), the median, then every run
    runs.py check FILE [--void-if TOOL.KEY>LIMIT] LABEL EXPR OP TARGET FMT
        a markdown row: the label, EXPR on the medians, the target, met/NOT met, and every run's value
        with its own verdict. EXPR is TOOL.KEY, or TOOL.KEY/TOOL.KEY (a ratio of the medians; each
        run: the ratio of that run's values); OP is <= or >=. With --void-if, a run whose KEY exceeds
        LIMIT counts as not met (for the median too: its value counts as the worst possible)
    runs.py ratio FILE LABEL TOOL.KEY/TOOL.KEY FMT
        a markdown row: the label, the ratio of the medians, every run's ratio (no target)
    runs.py runs FILE
        the number of runs recorded (the highest RUN)

FMT: s (seconds), ms, mb, int (thousands separated), x (a ratio, 2 decimals), f1 (1 decimal), text.
"""
import json
import math
import statistics
import sys

FORMATS = {
    "s": lambda v: f"{v:.1f} s",
    "ms": lambda v: f"{v:.1f} ms",
    "mb": lambda v: f"{v:,.0f} MB",
    "int": lambda v: f"{v:,.0f}",
    "x": lambda v: f"{v:.2f}",
    "f1": lambda v: f"{v:.1f}",
    "text": str,
}


def load(path):
    """{tool: {run: {key: value}}} from the JSON lines of FILE (missing file: nothing recorded)."""
    data = {}
    try:
        with open(path) as f:
            for line in f:
                if line.strip():
                    r = json.loads(line)
                    data.setdefault(r["tool"], {}).setdefault(int(r["run"]), {}).update(r["values"])
    except FileNotFoundError:
        pass
    return data


def parse_value(text):
    """A number when the text is one (int or float), else the text."""
    try:
        return int(text)
    except ValueError:
        pass
    try:
        v = float(text)
        return v if math.isfinite(v) or text.strip().lower() in ("inf", "-inf") else text
    except ValueError:
        return text


def record(path, tool, run, pairs):
    values = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep:
            raise SystemExit(f"runs.py record: {pair!r} is not KEY=VALUE")
        values[key] = parse_value(value)
    with open(path, "a") as f:
        f.write(json.dumps({"tool": tool, "run": int(run), "values": values}) + "\n")


def number(v):
    return isinstance(v, (int, float)) and not isinstance(v, bool)


def median(values):
    """The median of the numbers among VALUES (None when there is none)."""
    nums = [v for v in values if number(v)]
    return statistics.median(nums) if nums else None


def fmt(v, kind):
    if v is None:
        return "–"
    if number(v) and math.isinf(v):
        return "∞"
    if kind != "text" and not number(v):
        return str(v)
    return FORMATS[kind](v)


def summary(values, kind):
    """The median cell: the median of numbers; for text, the value when every run agrees."""
    if kind == "text":
        distinct = {str(v) for v in values}
        return distinct.pop() if len(distinct) == 1 else ("see the runs" if distinct else "–")
    return fmt(median(values), kind)


def parse_labelled(arg):
    label, sep, rest = arg.partition("=")
    if not sep:
        raise SystemExit(f"runs.py: {arg!r} is not LABEL=...")
    return label, rest


def rows(data, cols, tools):
    out = ["| | " + " | ".join(label for label, _ in cols) + " |",
           "|---|" + "|".join("---" if spec.endswith(":text") or ":" not in spec else "---:" for _, spec in cols) + "|"]
    for tool, label in tools:
        runs = data.get(tool, {})
        if not runs:
            continue
        n = len(runs)
        cells = []
        for _, spec in cols:
            key, _, kind = spec.partition(":")
            cells.append(summary([r.get(key) for r in runs.values() if key in r], kind or "text"))
        what = "median" if n > 1 else "1 run"
        out.append(f"| **{label}** ({what}) | " + " | ".join(f"**{c}**" if c != "–" else c for c in cells) + " |")
        if n > 1:
            for run in sorted(runs):
                cells = []
                for _, spec in cols:
                    key, _, kind = spec.partition(":")
                    cells.append(fmt(runs[run].get(key), kind or "text"))
                out.append(f"| — run {run} | " + " | ".join(cells) + " |")
    return out


def cpu(data, rows_key, tools):
    n = max((run for tool, _ in tools for run in data.get(tool, {})), default=0)
    out = ["| tool | process group | median | " + " | ".join(f"run {i}" for i in range(1, n + 1)) + " |",
           "|---|---|---:|" + "---:|" * n]
    for tool, label in tools:
        runs = data.get(tool, {})
        groups = []
        for r in runs.values():
            for key in r:
                if key.startswith("cpu.") and key[4:] not in groups:
                    groups.append(key[4:])
        for g in groups:
            per_row = []
            for run in range(1, n + 1):
                r = runs.get(run, {})
                seconds, count = r.get("cpu." + g), r.get(rows_key)
                per_row.append(seconds * 1e6 / count if number(seconds) and number(count) and count > 0 else None)
            cells = [fmt(median(per_row), "f1")] + [fmt(v, "f1") for v in per_row]
            out.append(f"| {label} | {g} | **{cells[0]}** | " + " | ".join(cells[1:]) + " |")
    return out


def value_of(data, expr, run):
    """EXPR (TOOL.KEY or TOOL.KEY/TOOL.KEY) for one run (None when a value is missing)."""
    parts = expr.split("/")
    vals = []
    for p in parts:
        tool, _, key = p.partition(".")
        v = data.get(tool, {}).get(run, {}).get(key)
        if not number(v):
            return None
        vals.append(v)
    if len(vals) == 2:
        return vals[0] / vals[1] if vals[1] else None
    return vals[0]


def median_of(data, expr, per_run):
    """EXPR on the medians: each TOOL.KEY's median across runs (a ratio: of the two medians); the
    runs counted as not met (per_run value math.inf/-inf) take part as such."""
    parts = expr.split("/")
    if len(parts) == 1 or any(v is not None and math.isinf(v) for v in per_run.values()):
        return median([v for v in per_run.values() if v is not None])
    meds = []
    for p in parts:
        tool, _, key = p.partition(".")
        meds.append(median([r.get(key) for r in data.get(tool, {}).values()]))
    if None in meds or not meds[1]:
        return None
    return meds[0] / meds[1]


def met(v, op, target):
    if v is None:
        return None
    return v <= target if op == "<=" else v >= target


def check(data, label, expr, op, target, kind, void_if=None):
    if op not in ("<=", ">="):
        raise SystemExit(f"runs.py check: OP must be <= or >=, not {op!r}")
    worst = math.inf if op == "<=" else -math.inf
    runs = sorted({run for p in expr.split("/") for run in data.get(p.partition(".")[0], {})})
    shown, counted = [], {}
    for run in runs:
        v = value_of(data, expr, run)
        note = ""
        if void_if is not None:
            vtool, vkey, limit = void_if
            w = data.get(vtool, {}).get(run, {}).get(vkey)
            if number(w) and w > limit:
                note = f"; {vkey} {w:g} > {limit:g}"
                counted[run] = worst
        if run not in counted:
            counted[run] = v
        verdict = met(counted[run], op, target)
        word = "?" if verdict is None else ("met" if verdict else "NOT met")
        shown.append(f"run {run}: {fmt(v, kind)} ({word}{note})")
    m = median_of(data, expr, counted)
    verdict = met(m, op, target)
    word = "–" if verdict is None else ("met" if verdict else "NOT met")
    tgt = fmt(target, kind)
    return f"| {label} | **{fmt(m, kind)}** | {op.replace('<=', '≤').replace('>=', '≥')} {tgt} | {word} | {'; '.join(shown) or '–'} |"


def ratio(data, label, expr, kind):
    runs = sorted({run for p in expr.split("/") for run in data.get(p.partition(".")[0], {})})
    per_run = {run: value_of(data, expr, run) for run in runs}
    shown = "; ".join(f"run {run}: {fmt(v, kind)}" for run, v in per_run.items())
    return f"| {label} | **{fmt(median_of(data, expr, per_run), kind)}** | {shown or '–'} |"


def main(argv):
    if len(argv) < 3:
        sys.exit(__doc__)
    cmd, path, args = argv[1], argv[2], argv[3:]
    if cmd == "record" and len(args) >= 2:
        record(path, args[0], args[1], args[2:])
    elif cmd == "rows":
        cols, tools = [], []
        i = 0
        while i < len(args):
            if args[i] == "--col":
                label, _, spec = args[i + 1].rpartition("=")  # a label may hold "=", KEY:FMT not
                cols.append((label, spec))
                i += 2
            else:
                tools.append(parse_labelled(args[i]))
                i += 1
        print("\n".join(rows(load(path), cols, tools)))
    elif cmd == "cpu" and args:
        print("\n".join(cpu(load(path), args[0], [parse_labelled(a) for a in args[1:]])))
    elif cmd == "check":
        void_if = None
        if args[:1] == ["--void-if"]:
            spec, args = args[1], args[2:]
            left, _, limit = spec.partition(">")
            tool, _, key = left.partition(".")
            void_if = (tool, key, float(limit))
        if len(args) != 5:
            sys.exit(__doc__)
        label, expr, op, target, kind = args
        print(check(load(path), label, expr, op, float(target), kind, void_if))
    elif cmd == "ratio" and len(args) == 3:
        print(ratio(load(path), *args))
    elif cmd == "runs":
        print(max((run for runs in load(path).values() for run in runs), default=0))
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main(sys.argv)
