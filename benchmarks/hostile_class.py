"""A class of 80 hostile submissions plus one honest student, graded with ``derivax grade --jobs 2``.

Prints the exit status, the wall time, the peak memory of the main process and of the largest worker,
whether a traceback reached the terminal, and the honest student's marks. The hostile rows are those
of tests/test_hostile.py (huge numbers and exponents, deep nesting, alias bombs, binary files, TeX
primitives, megabyte answers, wrong YAML shapes), cycled to 80 files, plus code-injection payloads.

Run: ``PYTHONPATH=. python benchmarks/hostile_class.py``.
"""

from __future__ import annotations

import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

from tests.test_hostile import CONTROL, RIGHT, ROWS, RUBRIC

PAYLOADS = [
    r"F_{a}^{(0 if 0 else exec)}(G_{a}^{(0 if 0 else 'open\x28\"PWNED\",\"w\"\x29#'+str)}(x))",
    r"x_{a}^{(\openin1 /etc/passwd \readline1to\x \x)}",
    r"\scantokens{^^5cinput /etc/passwd}",
]


def main() -> int:
    folder = Path(tempfile.mkdtemp(prefix="derivax-hostile-"))
    paths = [folder / "honest.yaml"]
    paths[0].write_text(yaml.safe_dump({"student": CONTROL, "answers": RIGHT}), encoding="utf-8")
    rows = list(ROWS.items())
    for n in range(80):
        path = folder / f"s{n:02d}.yaml"
        if n % 10 == 9:  # a code or TeX payload as the answer
            path.write_text(yaml.safe_dump({"student": f"s{n}", "answers": {"init-variance": PAYLOADS[n % 3]}}), encoding="utf-8")
            paths.append(path)
            continue
        _, (content, _, _) = rows[n % len(rows)]
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            if isinstance(content, dict) and content.get("student") == "placeholder":
                content = {**content, "student": f"s{n}"}
            path.write_text(yaml.safe_dump(content, allow_unicode=True), encoding="utf-8")
        paths.append(path)
    out = folder / "out"
    command = [sys.executable, "-m", "derivax.cli", "grade", *map(str, paths), "--problems", RUBRIC, "--out", str(out), "--json"]
    command += ["--jobs", "2"]
    start = time.monotonic()
    run = subprocess.run(command, capture_output=True, text=True, cwd=folder)
    seconds = time.monotonic() - start
    children_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    data = json.loads(run.stdout)
    honest = next(s for s in data["students"] if s["student"] == CONTROL)
    graded = len(data["students"])
    refused = len(data["errors"])
    print(f"exit {run.returncode}; {graded} students graded of 81 files ({refused} files refused with a message) in {seconds:.1f} s")
    print(f"largest process (main or a worker): {children_kb / 1024:.0f} MB peak resident memory")
    print(f"traceback on the terminal: {'Traceback' in run.stderr}; canary created: {(folder / 'PWNED').exists()}")
    print(f"honest student: {[(a['problem'], a['status']) for a in honest['answers']]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
