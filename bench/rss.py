#!/usr/bin/env python3
"""The service's resident memory around a bench phase (bench/run.sh's bulk phase).

  rss.py sample PID FILE              # appends "<unix time> <VmRSS KiB>" every 100 ms until PID ends or this is killed
  rss.py summary FILE START LAST      # JSON: RSS before START, peak from START to 60 s after LAST, 60 s after LAST,
                                      # and the curve (MiB every 5 s) from 5 s before START to 60 s after LAST
"""
import json
import sys
import time

AFTER = 60.0  # the "back under 300 MB within a minute of the load ending"


def vmrss_kib(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


def sample(pid, path):
    with open(path, "a", buffering=1) as out:
        while True:
            try:
                out.write(f"{time.time():.3f} {vmrss_kib(pid)}\n")
            except FileNotFoundError:
                return
            time.sleep(0.1)


def summary(path, start, last):
    with open(path) as f:
        samples = [(float(t), int(kib) // 1024) for t, kib in (line.split() for line in f if line.strip())]
    before = [mib for t, mib in samples if t < start]
    window = [(t, mib) for t, mib in samples if start <= t <= last + AFTER]
    after = [mib for t, mib in samples if t >= last + AFTER] or [window[-1][1]]
    curve = []
    for step in range(int((last + AFTER - start + 5) // 5) + 1):
        at = start - 5 + 5 * step
        near = min(samples, key=lambda s: abs(s[0] - at))
        curve.append(near[1])
    return {
        "rssBaseMiB": before[-1] if before else window[0][1],
        "rssPeakMiB": max(mib for _, mib in window),
        "rssAfter60MiB": after[0],
        "rssBatchesSeconds": round(last - start, 1),
        "rssCurveMiB": curve,
    }


if __name__ == "__main__":
    if sys.argv[1] == "sample":
        sample(int(sys.argv[2]), sys.argv[3])
    else:
        print(json.dumps(summary(sys.argv[2], float(sys.argv[3]), float(sys.argv[4]))))
