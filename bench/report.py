#!/usr/bin/env python3
"""Turns the measurements of one bench/run.sh run into its Markdown table (bench/results/*.md)."""
import datetime
import json
import os
import sys

work, out, seconds, warmup, concurrency, tenants, seed, load_start, cores, commit = sys.argv[1:11]
phases = {}
with open(os.path.join(work, "results.jsonl")) as f:
    for line in f:
        row = json.loads(line)
        phases[row["phase"]] = row


def tsv(name):
    path = os.path.join(work, name)
    if not os.path.exists(path):
        return []
    with open(path) as f:
        return [line.rstrip("\n").split("\t", 1) for line in f if line.strip()]


def cpu(p):
    return f"{p['serviceCpuMs']:.2f} / {p['postgresCpuMs']:.2f}"


def ratio(a, b):
    return f"{a / b:.2f}" if b else "n/a"


one, many, read = phases[f"screen-1"], phases[f"screen-{tenants}"], phases["read"]
pg_one, pg_many, pg_read = phases["pgbench-screen-1"], phases[f"pgbench-screen-{tenants}"], phases["pgbench-read"]
bulk, wire, wire_key = phases["bulk"], phases["wire"], phases["wire-key"]
lines = [
    f"# RecruitSignal benchmark, {datetime.datetime.now(datetime.timezone.utc):%Y-%m-%d %H:%M} UTC, commit {commit}",
    "",
    f"Service, PostgreSQL and load generators on one machine with {cores} cores (load average at start {load_start}).",
    f"Every phase: {warmup} s of warm-up with the same load, then {seconds} s measured; closed-loop phases with "
    f"{concurrency} connections; seed {seed}. CPU is milliseconds of CPU time per request (user + system, from /proc), "
    "service / all PostgreSQL processes. Only same-run ratios mean anything: absolute figures move with the machine's load.",
    "",
    "| phase | service | CPU ms/req service / PG | baseline (same run) | CPU ms/tx PG | ratio | goal | load 1 min |",
    "|---|---|---|---|---|---|---|---|",
    f"| POST /v1/screenings, 1 tenant, saturation | {one['throughput']:.0f} req/s, p50 {one['p50Ms']} ms, p99 {one['p99Ms']} ms, "
    f"{one['errors']} errors | {cpu(one)} | {pg_one['throughput']:.0f} tps (pgbench) | {pg_one['postgresCpuMs']:.2f} | "
    f"{ratio(one['throughput'], pg_one['throughput'])} | 0.6 | {one['load']} / {pg_one['load']} |",
    f"| POST /v1/screenings, {tenants} tenants, saturation | {many['throughput']:.0f} req/s, p50 {many['p50Ms']} ms, p99 {many['p99Ms']} ms, "
    f"{many['errors']} errors | {cpu(many)} | {pg_many['throughput']:.0f} tps (pgbench) | {pg_many['postgresCpuMs']:.2f} | "
    f"{ratio(many['throughput'], pg_many['throughput'])} | 0.6 | {many['load']} / {pg_many['load']} |",
]


def versus(title, name, goal, unit="req/s"):
    p, pg = phases[name], phases[f"pgbench-{name}"]
    return (f"| {title} | {p['throughput']:.0f} {unit}, p50 {p['p50Ms']} ms, p99 {p['p99Ms']} ms, {p['errors']} errors | {cpu(p)} | "
            f"{pg['throughput']:.0f} tps (pgbench) | {pg['postgresCpuMs']:.2f} | {ratio(p['throughput'], pg['throughput'])} | {goal} | "
            f"{p['load']} / {pg['load']} |")


lines += [
    versus("POST /v1/screenings with an Idempotency-Key, 1 tenant, saturation", "screen-key-1", "0.8"),
    versus(f"POST /v1/screenings with an Idempotency-Key, {tenants} tenants, saturation", f"screen-key-{tenants}", "0.8"),
    versus("POST /v1/screenings retried: the stored answer replayed", "replay", ""),
]
bare = phases["bare-1"]
lines.append(f"| bare service (bench/Bare), 1 tenant, saturation | {bare['throughput']:.0f} req/s, p50 {bare['p50Ms']} ms, "
             f"p99 {bare['p99Ms']} ms, {bare['errors']} errors | {cpu(bare)} | | | | | |")
lg, bare_lg = phases["loadgen-1"], phases["bare-loadgen-1"]
lines.append(f"| saturation with bench/LoadGen (the open loop's generator), 1 tenant | service {lg['throughput']:.0f} req/s, p99 {lg['p99Ms']} ms, "
             f"{lg['errors']} errors | | bare {bare_lg['throughput']:.0f} req/s, p99 {bare_lg['p99Ms']} ms, {bare_lg['errors']} errors | | "
             f"{ratio(lg['throughput'], bare_lg['throughput'])} of bare | | {lg['load']} / {bare_lg['load']} |")
for share in (50, 80):
    r, b = phases[f"rate-{share}"], phases[f"bare-rate-{share}"]
    goal = "p99 < 25 ms; <= 1.5x bare" if share == 50 else "p99 < 100 ms; <= 1.5x bare"
    lines.append(f"| POST /v1/screenings at {share} % ({r['rate']}/s, open loop) | {r['throughput']:.0f} req/s, p50 {r['p50Ms']} ms, "
                 f"p99 {r['p99Ms']} ms, max {r['maxMs']} ms, {r['errors']} errors | | bare at {share} % of its own ({b['rate']}/s): "
                 f"p50 {b['p50Ms']} ms, p99 {b['p99Ms']} ms, max {b['maxMs']} ms, {b['errors']} errors | | "
                 f"p99 {ratio(r['p99Ms'], b['p99Ms'])}x bare | {goal} | {r['load']} / {b['load']} |")
lines += [
    f"| GET /v1/assessments/{{id}}, saturation | {read['throughput']:.0f} req/s, p50 {read['p50Ms']} ms, p99 {read['p99Ms']} ms, "
    f"{read['errors']} errors | {cpu(read)} | {pg_read['throughput']:.0f} tps (pgbench) | {pg_read['postgresCpuMs']:.2f} | "
    f"{ratio(read['throughput'], pg_read['throughput'])} | 0.8 | {read['load']} / {pg_read['load']} |",
    *([versus("Candidate page answer: GET /c/{token}, then POST /c/{token}/handle with its antiforgery cookie and token", "page", "0.6",
               "answers/s"),
       versus("Greenhouse send_test: a new order (candidate, invitation, queued email, order)", "send-test", "0.6"),
       versus("Greenhouse test_status of an order not yet answered", "test-status", "")] if "page" in phases else []),
    f"| POST /v1/screenings/batch, 1,000 items a batch | {bulk['serviceItemsPerSecond']:.0f} items/s; service RSS {bulk['rssBaseMiB']} MiB "
    f"before, {bulk['rssPeakMiB']} MiB at peak (+{bulk['rssPeakMiB'] - bulk['rssBaseMiB']}), {bulk['rssAfter60MiB']} MiB 60 s after the "
    f"last batch | | {bulk['copyRowsPerSecond']:.0f} rows/s (binary COPY) | | {ratio(bulk['serviceItemsPerSecond'], bulk['copyRowsPerSecond'])} "
    f"| 0.7; batch < +100 MB; < 300 MB 60 s after | |",
    "",
    f"Round trips to PostgreSQL per screening, on the wire: **{wire['roundTripsPerScreening']}** "
    f"({wire['segments']} TCP segments sent to PostgreSQL for {wire['requests']} sequential screenings, less "
    f"{wire['idleSegments']} sent by the idle service in the same time); with an Idempotency-Key: "
    f"**{wire_key['roundTripsPerScreening']}** ({wire_key['segments']} segments for {wire_key['requests']} screenings, less {wire_key['idleSegments']}).",
    "",
]
lines += [
    f"The service's RSS around the bulk phase, MiB every 5 s from 5 s before the first batch ({bulk['rssBatchesSeconds']} s of batches, "
    f"then 60 s without load): {' '.join(str(mib) for mib in bulk['rssCurveMiB'])}.",
    "",
]
if "wire-page" in phases:
    lines += ["Round trips to PostgreSQL per request of the paths integrations take, counted the same way: " + "; ".join(
        f"{title} **{w['roundTripsPerRequest']}** ({w['segments']} segments for {w['requests']} sequential requests, less {w['idleSegments']})"
        for title, w in (("candidate page answer (GET and POST)", phases["wire-page"]), ("send_test", phases["wire-send-test"]),
                         ("test_status", phases["wire-test-status"]))) + ".", ""]


def statements(title, name):
    rows = tsv(f"statements-{name}.tsv")
    if not rows:
        return
    lines.extend([f"### {title}", "", "| calls per request | statement (pg_stat_statements) |", "|---|---|"])
    for calls, query in rows:
        text = query if len(query) <= 300 else query[:300] + " ..."
        lines.append(f"| {calls} | `{text.replace('|', '&#124;')}` |")
    lines.append("")


statements("Statements per screening: the service (screen-1)", "screen-1")
statements("Statements per transaction: pgbench (screen-1)", "pgbench-screen-1")
statements("Statements per screening with an Idempotency-Key: the service (screen-key-1)", "screen-key-1")
statements("Statements per transaction: pgbench (screen-key-1)", "pgbench-screen-key-1")
statements("Statements per replayed retry: the service (its claim fails on purpose, and pg_stat_statements counts no failed statement)", "replay")
statements("Statements per replayed retry: pgbench", "pgbench-replay")
statements("Statements per read: the service", "read")
statements("Statements per read: pgbench", "pgbench-read")
statements("Statements per candidate page answer (GET and POST): the service", "page")
statements("Statements per candidate page answer: pgbench", "pgbench-page")
statements("Statements per Greenhouse send_test: the service", "send-test")
statements("Statements per Greenhouse send_test: pgbench", "pgbench-send-test")
statements("Statements per Greenhouse test_status: the service", "test-status")
statements("Statements per Greenhouse test_status: pgbench", "pgbench-test-status")
lines += ["### PostgreSQL settings", "", "| setting | value |", "|---|---|"]
lines += [f"| {name} | {value} |" for name, value in tsv("settings.tsv")]
text = "\n".join(lines) + "\n"
with open(out, "w") as f:
    f.write(text)
print(text)
