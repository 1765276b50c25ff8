"""Run every benchmark in this folder and print their numbers as one small table.

Each bench/<name>.py runs in its own process (so memory figures are its own) and
prints lines of the form `metric<TAB>value`.
"""

import os
import platform
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
RESULTS = HERE / "results.md"


def machine_speed() -> str:
    """A fixed pure-Python workload, best of five: runs on machines of one kind
    differ by a third or more, and this says how fast this one was."""
    timings = []
    for _ in range(5):
        started = time.process_time()
        sum(i * i % 7 for i in range(2_000_000))
        timings.append(time.process_time() - started)
    return f"{min(timings) * 1000:.0f} ms (lower is faster)"


def main() -> int:
    rows, failed = [("machine", "reference Python loop", machine_speed())], False
    for script in sorted(HERE.glob("*.py")):
        if script.name == "run.py" or script.name.startswith("_"):
            continue
        done = subprocess.run(
            [sys.executable, str(script)], capture_output=True, text=True
        )
        if done.returncode:
            failed = True
            sys.stderr.write(done.stdout + done.stderr)
            rows.append((script.stem, "FAILED", f"exit {done.returncode}"))
            continue
        for line in done.stdout.splitlines():
            if "\t" in line:
                metric, value = line.split("\t", 1)
                rows.append((script.stem, metric, value))
    header = ("bench", "metric", "value")
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(3)]
    for row in [header, tuple("-" * width for width in widths), *rows]:
        cells = (cell.ljust(width) for cell, width in zip(row, widths, strict=True))
        print("  ".join(cells).rstrip())  # noqa: T201
    write_results(rows)
    return 1 if failed else 0


def write_results(rows) -> None:
    """The same table as Markdown, for the README to link to."""
    machine = f"{os.cpu_count()} cores, {platform.python_implementation()} "
    machine += platform.python_version()
    lines = [
        "# Benchmark results",
        "",
        f"Written by `make bench` on {time.strftime('%Y-%m-%d')} ({machine}; the load "
        "generator runs on the same machine).",
        "",
        "| bench | metric | value |",
        "| --- | --- | --- |",
        *(f"| {bench} | {metric} | {value} |" for bench, metric, value in rows),
        "",
    ]
    RESULTS.write_text("\n".join(lines), encoding="utf-8")


if __name__ == "__main__":
    sys.exit(main())
