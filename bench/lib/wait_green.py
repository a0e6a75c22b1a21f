#!/usr/bin/env python3
"""Waits until every table of a migration validates MATCH; bench/run.sh's clock stops when it returns.

    wait_green.py URL TIMEOUT_SECONDS OUT_JSON

Polls GET URL (the migration's status) every 0.25 s in this one process, with the operator token
of $TRIBUTARY_TOKEN (reads need it; from the environment, never on a command line): a curl and a Python start
per poll cost a fifth of a core, taken from the services being measured. Exits 0 once green (the
last answer in OUT_JSON), 1 with the last answer on stderr after the timeout.
"""
import json
import os
import sys
import time
import urllib.error
import urllib.request

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "..", "deploy", "local", "demo"))
from report import all_match  # noqa: E402


def main(argv) -> int:
    url, timeout, out = argv[1], float(argv[2]), argv[3]
    deadline = time.monotonic() + timeout
    last = ""
    request = urllib.request.Request(url)
    token = os.environ.get("TRIBUTARY_TOKEN")
    if token:
        request.add_header("Authorization", f"Bearer {token}")
    while True:
        try:
            with urllib.request.urlopen(request, timeout=10) as response:
                last = response.read().decode("utf-8")
            if all_match(json.loads(last)):
                with open(out, "w") as f:
                    f.write(last)
                return 0
        except (urllib.error.URLError, OSError, ValueError) as e:
            last = f"{last} (last poll failed: {e})"
        if time.monotonic() >= deadline:
            print(last, file=sys.stderr)
            return 1
        time.sleep(0.25)


if __name__ == "__main__":
    sys.exit(main(sys.argv))
