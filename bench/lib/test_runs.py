"""Tests of bench/lib/runs.py (python3 -m unittest discover -s bench/lib)."""
import math
import os
import tempfile
import unittest

import runs


class RunsTest(unittest.TestCase):
    def setUp(self):
        fd, self.path = tempfile.mkstemp(suffix=".jsonl")
        os.close(fd)

    def tearDown(self):
        os.unlink(self.path)

    def rec(self, tool, run, **values):
        runs.record(self.path, tool, run, [f"{k}={v}" for k, v in values.items()])

    def test_median_of_odd_and_even_counts_ignores_text(self):
        self.assertEqual(runs.median([3, 1, 2]), 2)
        self.assertEqual(runs.median([4, 1]), 2.5)
        self.assertEqual(runs.median(["x", 5]), 5)
        self.assertIsNone(runs.median(["x"]))
        self.assertEqual(runs.median([1, math.inf, math.inf]), math.inf)

    def test_record_merges_and_parses_numbers(self):
        self.rec("pgloader", 1, s="65.8")
        self.rec("pgloader", 1, mb=1700, note="a b")
        self.rec("pgloader", 2, s=60)
        self.assertEqual(runs.load(self.path), {"pgloader": {1: {"s": 65.8, "mb": 1700, "note": "a b"}, 2: {"s": 60}}})

    def test_rows_give_the_median_then_every_run(self):
        for run, s in ((1, 10.0), (2, 30.0), (3, 20.0)):
            self.rec("copy", run, s=s, verified="ok")
        out = runs.rows(runs.load(self.path), [("wall", "s:s"), ("verified", "verified:text"), ("mb", "mb:mb")], [("copy", "COPY")])
        self.assertEqual(out[0], "| | wall | verified | mb |")
        self.assertEqual(out[1], "|---|---:|---|---:|")
        self.assertEqual(out[2], "| **COPY** (median) | **20.0 s** | **ok** | – |")
        self.assertEqual(out[3:], ["| — run 1 | 10.0 s | ok | – |", "| — run 2 | 30.0 s | ok | – |", "| — run 3 | 20.0 s | ok | – |"])

    def test_a_column_label_may_hold_an_equals_sign(self):
        self.rec("t", 1, catchup_s=2.5)
        path = self.path
        import contextlib
        import io

        out = io.StringIO()
        with contextlib.redirect_stdout(out):
            runs.main(["runs.py", "rows", path, "--col", "resume → target = source=catchup_s:s", "t=T"])
        self.assertEqual(out.getvalue().splitlines()[0], "| | resume → target = source |")
        self.assertEqual(out.getvalue().splitlines()[2], "| **T** (1 run) | **2.5 s** |")

    def test_cpu_per_row_in_microseconds(self):
        self.rec("pgloader", 1, rows=1000000, **{"cpu.pgloader": 40.0, "cpu.PostgreSQL target": 10.0})
        self.rec("pgloader", 2, rows=1000000, **{"cpu.pgloader": 60.0})
        out = runs.cpu(runs.load(self.path), "rows", [("pgloader", "pgloader")])
        self.assertEqual(out[0], "| tool | process group | median | run 1 | run 2 |")
        self.assertEqual(out[2], "| pgloader | pgloader | **50.0** | 40.0 | 60.0 |")
        self.assertEqual(out[3], "| pgloader | PostgreSQL target | **10.0** | 10.0 | – |")

    def test_check_a_ratio_on_the_medians_with_each_runs_verdict(self):
        for run, (t, p) in enumerate(((90, 60), (100, 50), (120, 100)), start=1):
            self.rec("tributary", run, s=t)
            self.rec("pgloader", run, s=p)
        row = runs.check(runs.load(self.path), "T / p", "tributary.s/pgloader.s", "<=", 1.7, "x")
        self.assertEqual(row, "| T / p | **1.67** | ≤ 1.70 | met | run 1: 1.50 (met); run 2: 2.00 (NOT met); run 3: 1.20 (met) |")

    def test_check_voids_a_run_whose_writer_fell_behind(self):
        for run, (p99, behind) in enumerate(((40, 5), (60, 150), (200, 20)), start=1):
            self.rec("cdc", run, p99=p99, behind=behind)
        row = runs.check(runs.load(self.path), "p99", "cdc.p99", "<=", 100, "ms", void_if=("cdc", "behind", 100))
        # the median of 40, not met (counted as the worst), 200
        self.assertIn("| **200.0 ms** | ≤ 100.0 ms | NOT met |", row)
        self.assertIn("run 2: 60.0 ms (NOT met; behind 150 > 100)", row)
        self.rec("cdc", 3, p99=20, behind=0)
        row = runs.check(runs.load(self.path), "p99", "cdc.p99", "<=", 100, "ms", void_if=("cdc", "behind", 100))
        self.assertIn("| **40.0 ms** | ≤ 100.0 ms | met |", row)
        self.rec("cdc", 3, p99=20, behind=101)
        row = runs.check(runs.load(self.path), "p99", "cdc.p99", "<=", 100, "ms", void_if=("cdc", "behind", 100))
        self.assertIn("| **∞** | ≤ 100.0 ms | NOT met |", row)

    def test_check_at_least(self):
        self.rec("trib", 1, rate=6000)
        self.rec("limit", 1, rate=10000)
        row = runs.check(runs.load(self.path), "r", "trib.rate/limit.rate", ">=", 0.5, "x")
        self.assertEqual(row, "| r | **0.60** | ≥ 0.50 | met | run 1: 0.60 (met) |")

    def test_ratio_of_the_medians_and_of_each_run(self):
        for run, (a, b) in enumerate(((10, 20), (30, 20), (20, 40)), start=1):
            self.rec("pg_dump", run, s=a)
            self.rec("tributary", run, s=b)
        row = runs.ratio(runs.load(self.path), "pg_dump ÷ Tributary", "pg_dump.s/tributary.s", "x")
        self.assertEqual(row, "| pg_dump ÷ Tributary | **1.00** | run 1: 0.50; run 2: 1.50; run 3: 0.50 |")

    def test_runs_counts_the_highest_run(self):
        self.assertEqual(runs.load(self.path), {})
        self.rec("a", 2, s=1)
        self.assertEqual(max(r for t in runs.load(self.path).values() for r in t), 2)


if __name__ == "__main__":
    unittest.main()
