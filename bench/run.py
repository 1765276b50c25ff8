"""Run every benchmark in this folder and print their numbers as one small table.

Each bench/<name>.py runs in its own process (so memory figures are its own) and
prints lines of the form `metric<TAB>value`.
"""

import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent


def main() -> int:
    rows, failed = [], False
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
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
