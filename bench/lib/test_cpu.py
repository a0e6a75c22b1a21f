"""Tests of bench/lib/cpu.py (python3 -m unittest discover -s bench/lib)."""
import json
import os
import tempfile
import unittest

import cpu


def stat(pid, ppid, utime, stime, cutime, cstime, start, comm="postgres"):
    # fields 3.. of /proc/PID/stat: state ppid pgrp session tty tpgid flags minflt cminflt majflt
    # cmajflt utime stime cutime cstime priority nice threads itrealvalue starttime
    rest = [ppid, 1, 1, 0, -1, 0, 0, 0, 0, 0, utime, stime, cutime, cstime, 20, 0, 1, 0, start]
    return f"{pid} ({comm}) S " + " ".join(str(v) for v in rest) + " 0 0"


def proc(ppid, ticks, cticks=0, start=100):
    return {"ppid": ppid, "ticks": ticks, "cticks": cticks, "start": start}


class ParseTest(unittest.TestCase):
    def test_stat_fields(self):
        self.assertEqual(cpu.parse_stat(stat(42, 7, 30, 12, 5, 3, 9999)), (7, 42, 8, 9999))

    def test_a_command_with_spaces_and_parentheses(self):
        self.assertEqual(cpu.parse_stat(stat(42, 7, 1, 2, 3, 4, 5, comm="postgres: a (b) c")), (7, 3, 7, 5))

    def test_machine_busy_leaves_out_idle_and_iowait(self):
        text = "cpu  100 5 50 1000 20 3 2 1 0 0\ncpu0 1 2 3 4 5 6 7 8 0 0\n"
        self.assertEqual(cpu.machine_busy(text), 100 + 5 + 50 + 3 + 2 + 1)


class GroupTicksTest(unittest.TestCase):
    def snapshots(self, before, after, busy=(0, 0)):
        return {"procs": before, "machine": busy[0]}, {"procs": after, "machine": busy[1]}

    def test_a_live_process_counts_its_own_and_its_reaped_childrens_time(self):
        b, a = self.snapshots({"10": proc(1, 100, 50)}, {"10": proc(1, 160, 80)})
        self.assertEqual(cpu.group_ticks("10", b, a), 60 + 30)

    def test_a_tree_counts_new_and_ended_backends_through_the_postmaster(self):
        before = {"10": proc(1, 100, 0), "11": proc(10, 40, 0, start=200), "12": proc(10, 5, 0, start=210)}
        # 11 ended after using 70 ticks in all (40 before BEFORE): the postmaster waited for it;
        # 13 started meanwhile and is alive with 25; 12 used 5 more
        after = {"10": proc(1, 101, 70), "12": proc(10, 10, 0, start=210), "13": proc(10, 25, 0, start=300)}
        b, a = self.snapshots(before, after)
        self.assertEqual(cpu.group_ticks("tree:10", b, a), 1 + (70 - 40) + 5 + 25)

    def test_a_reused_pid_is_another_process(self):
        b, a = self.snapshots({"10": proc(1, 0), "11": proc(10, 500, start=1)}, {"10": proc(1, 0, 500), "11": proc(10, 7, start=2)})
        self.assertEqual(cpu.group_ticks("tree:10", b, a), (500 - 500) + 7)

    def test_processes_outside_the_tree_do_not_count(self):
        b, a = self.snapshots({"10": proc(1, 0), "20": proc(1, 0)}, {"10": proc(1, 3), "20": proc(1, 900)})
        self.assertEqual(cpu.group_ticks("tree:10", b, a), 3)

    def test_ticks_file_and_machine(self):
        with tempfile.NamedTemporaryFile("w", suffix=".ticks", delete=False) as f:
            f.write("250\n")
        try:
            b, a = self.snapshots({}, {}, busy=(1000, 1600))
            self.assertEqual(cpu.group_ticks(f"ticks:{f.name},machine", b, a), 250 + 600)
        finally:
            os.unlink(f.name)

    def test_diff_names_the_groups_in_order_in_seconds(self):
        with tempfile.TemporaryDirectory() as d:
            for name, procs in (("b", {"10": proc(1, 0)}), ("a", {"10": proc(1, cpu.TICKS * 2)})):
                with open(os.path.join(d, name), "w") as f:
                    json.dump({"procs": procs, "machine": 0}, f)
            used = cpu.diff(os.path.join(d, "b"), os.path.join(d, "a"), ["x=tree:10", "y=99"])
        self.assertEqual(list(used.items()), [("x", 2.0), ("y", 0.0)])

    def test_snapshot_of_this_machine_sees_this_process(self):
        with tempfile.TemporaryDirectory() as d:
            out = os.path.join(d, "s.json")
            cpu.snapshot(out)
            with open(out) as f:
                snap = json.load(f)
        self.assertIn(str(os.getpid()), snap["procs"])
        self.assertGreater(snap["machine"], 0)


if __name__ == "__main__":
    unittest.main()
