"""What the Python sides of the benchmarks share: the machine's description
for the printed figures, and a warm page cache before a reader is timed.
Imported by the scripts beside it (their folder is on sys.path when they run)."""

import platform


def cpu_model():
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown CPU"


def warm(path):
    # Read the whole file once so that every reader starts from the same,
    # warm page cache: this measures parsing, not the disk.
    with open(path, "rb") as f:
        while f.read(1 << 24):
            pass
