#!/usr/bin/env python3
"""Counters bench/run.sh reads before and after each phase, from /proc and ss (no agent in the processes).

  procstat.py cpu SERVICE_PID PG_DATA_DIR   -> "service_ms postgres_ms": CPU time (user + system) so far of
                                               the service, and of the whole PostgreSQL cluster: the postmaster,
                                               every live child (backends, walwriter, ...) and the children it
                                               has already reaped (cutime/cstime).
  procstat.py segs PG_PORT                  -> TCP segments carrying data sent so far to 127.0.0.1:PG_PORT by
                                               all open connections (ss -ti data_segs_out): with only the
                                               service connected, its round trips to PostgreSQL.
"""
import os
import re
import subprocess
import sys

TICK_MS = 1000.0 / os.sysconf("SC_CLK_TCK")


def stat(pid):
    with open(f"/proc/{pid}/stat") as f:
        text = f.read()
    fields = text[text.rindex(")") + 2:].split()  # after "pid (comm) "
    # fields[0] is state (field 3); utime is field 14, stime 15, cutime 16, cstime 17; ppid field 4
    return int(fields[1]), [int(x) for x in fields[11:15]]


def cpu(service_pid, data_dir):
    _, s = stat(service_pid)
    service = (s[0] + s[1] + s[2] + s[3]) * TICK_MS
    with open(os.path.join(data_dir, "postmaster.pid")) as f:
        postmaster = int(f.readline())
    _, p = stat(postmaster)
    pg = (p[0] + p[1] + p[2] + p[3]) * TICK_MS
    for entry in os.listdir("/proc"):
        if not entry.isdigit() or int(entry) == postmaster:
            continue
        try:
            ppid, c = stat(entry)
        except (FileNotFoundError, ProcessLookupError, ValueError):
            continue
        if ppid == postmaster:
            pg += (c[0] + c[1]) * TICK_MS
    print(f"{service:.0f} {pg:.0f}")


def segs(port):
    out = subprocess.run(["ss", "-tniH", "state", "established", "dst", f"127.0.0.1:{port}"],
                         capture_output=True, text=True, check=True).stdout
    print(sum(int(n) for n in re.findall(r"\bdata_segs_out:(\d+)", out)))


if __name__ == "__main__":
    if sys.argv[1] == "cpu":
        cpu(int(sys.argv[2]), sys.argv[3])
    elif sys.argv[1] == "segs":
        segs(int(sys.argv[2]))
    else:
        sys.exit("usage: procstat.py cpu SERVICE_PID PG_DATA_DIR | segs PG_PORT")
