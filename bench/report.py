#!/usr/bin/env python3
"""The tables of bench/run.sh's report, from the measurements it wrote: medians over the runs, in Markdown.

    report.py scenarios RUNS_TSV GATEWAY_TSV RATE HIGH_RATE MIB CHART_DAT
                                                                  the load scenarios, then every run; writes CHART_DAT,
                                                                  the medians bench/chart.gp draws
    report.py compare RUNS_TSV LABEL_A LABEL_B                    gateway A and its variant B, measured in turn
    report.py startup STARTUP_TSV                                 the start-up comparison (--aot)

Prints to standard output. Python 3 standard library only. From the same files it gives the same numbers as the awk
of bench/run.sh's earlier versions did, so that a report compares with the older ones: printf rounding, %d truncating,
and the medians' quirks below.
"""
import csv
import statistics
import sys

SCENARIOS = {  # name in the runs file: (row of the report, label in the chart)
    "direct": ("backend, direct", "direct"),
    "nginx": ("nginx proxy", "nginx proxy"),
    "gateway-closed": ("gateway, breaker closed", "gateway closed"),
    "gateway-open": ("gateway, breaker open (503)", "gateway open"),
}
TEXT = {"mode", "scenario", "variant"}  # the columns that are not numbers
GATEWAY_COLUMNS = ("startup_ms", "quarkus_started_ms", "rss_kb", "rss_peak_kb")


def read(path):
    """The rows of a TSV file with a header line; numbers as floats, an empty field (a value not found) as None."""
    with open(path, newline="") as file:
        rows = list(csv.DictReader(file, delimiter="\t", quoting=csv.QUOTE_NONE))
    return [{key: text if key in TEXT else float(text) if text else None for key, text in row.items()} for row in rows]


def median(values):
    """The median of the values present; 0 if none is."""
    present = [value for value in values if value is not None]
    return statistics.median(present) if present else 0


def g6(x):
    """x to six significant digits: how awk kept a computed value (a sum, a ratio) in the list it took a median of."""
    return float(f"{x:.6g}")


def ms(us):
    return f"{us / 1000:.2f} ms"


def thousands(x):
    return f"{x:,.0f}"


def mark(ok):
    return "pass" if ok else "**FAIL**"


def scenarios(runs_path, gateway_path, rate, high_rate, mib, chart_path):
    runs, gateway, rate, high_rate, mib = read(runs_path), read(gateway_path), float(rate), float(high_rate), int(mib)
    for row in runs:
        row["cpu"] = row["gateway_cpu_us_per_request"] + row["nginx_cpu_us_per_request"]
        row["cpu_g6"] = g6(row["cpu"])

    def rows(mode, name):
        return [row for row in runs if row["mode"] == mode and row["scenario"] == name]

    def med(mode, name, column):
        return median(row[column] for row in rows(mode, name))

    def total(name, column):  # at full speed and at the steady rates together
        return sum(row[column] for mode in ("full", "steady", "steady-high") for row in rows(mode, name))

    rps = {name: med("full", name, "requests_per_s") for name in SCENARIOS}
    steady_p99 = {name: med("steady", name, "p99_us") for name in SCENARIOS}
    at = f"at {thousands(rate)} req/s"
    print(f"| | requests/s | p50 | p99 | CPU per request | p50 {at} | p99 {at} | p99 added over direct {at} |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    with open(chart_path, "w") as chart:
        for name, (label, short) in SCENARIOS.items():
            full = [med("full", name, column) for column in ("p50_us", "p99_us", "cpu_g6")]
            p50 = med("steady", name, "p50_us")
            added = "" if name == "direct" else f"{(steady_p99[name] - steady_p99['direct']) / 1000:+.2f} ms"
            print(f"| {label} | {thousands(rps[name])} | {ms(full[0])} | {ms(full[1])} | {full[2]:.0f} us | {ms(p50)} "
                  f"| {ms(steady_p99[name])} | {added} |")
            print(f'"{short}"\t{rps[name]:.0f}\t{full[0] / 1000:.3f}\t{full[1] / 1000:.3f}\t{p50 / 1000:.3f}\t'
                  f"{steady_p99[name] / 1000:.3f}\t{full[2]:.1f}", file=chart)

    def cpu(name, process):
        return med("full", name, process + "_cpu_us_per_request")

    def heap(name):  # 0 for a gateway that does not count it (a native executable), or in older runs files
        return med("full", name, "gateway_heap_bytes_per_request") if "gateway_heap_bytes_per_request" in runs[0] else 0

    closed, open_ = rps["gateway-closed"], rps["gateway-open"]
    answers = total("gateway-open", "requests")
    open_calls = total("gateway-open", "backend_calls")
    large = {name: med("full", name, "requests_per_s") * mib for name in ("nginx-large", "gateway-large")}
    rss = median(row["rss_kb"] for row in gateway) * 1024 / 1e6
    peak = median(row["rss_peak_kb"] for row in gateway) * 1024 / 1e6
    others = [row["other_processes_cpu_percent"] for row in runs]
    # socket errors anywhere; non-2xx answers only where a 200 is expected
    errors = sum(row["socket_errors"] for row in runs) + sum(
        total(name, "non_2xx") for name in ("direct", "nginx", "gateway-closed"))
    added = (steady_p99["gateway-closed"] - steady_p99["direct"]) / 1000
    high_p99 = {name: med("steady-high", name, "p99_us") for name in ("direct", "nginx", "gateway-closed")}
    high_added = {name: (high_p99[name] - high_p99["direct"]) / 1000 for name in ("nginx", "gateway-closed")}
    at_high = f"at {thousands(high_rate)} req/s"
    print()
    print(f"- gateway / nginx proxy: **{closed / rps['nginx']:.2f} x** the requests/s; gateway / direct backend: "
          f"**{closed / rps['direct']:.2f} x**.")
    print(f"- CPU per request at full speed, of the gateway process alone: **{cpu('gateway-closed', 'gateway'):.0f} us** "
          f"with the breaker closed, {cpu('gateway-open', 'gateway'):.0f} us open; of the nginx proxy alone: "
          f"{cpu('nginx', 'nginx') - cpu('direct', 'nginx'):.0f} us (nginx CPU per request as a proxy, less as the "
          "backend).")
    if high_p99["direct"]:
        print(f"- p99 {at_high}: the direct backend {ms(high_p99['direct'])}, the nginx proxy {ms(high_p99['nginx'])} "
              f"({high_added['nginx']:+.2f} ms), the gateway with its breaker closed **{ms(high_p99['gateway-closed'])}** "
              f"(**{high_added['gateway-closed']:+.2f} ms** over the direct backend).")
    print(f"- breaker open / breaker closed: {open_ / closed:.2f} x the requests/s; while open, {thousands(answers)} "
          f"answers, {int(answers - total('gateway-open', 'non_2xx'))} of them 2xx (every one should be a 503), and "
          f"{int(open_calls)} calls reached the backend.")
    print(f"- {mib} MiB answers at full speed: the gateway passes on **{large['gateway-large']:.0f} MiB/s**, the nginx "
          f"proxy {large['nginx-large']:.0f} MiB/s ({large['gateway-large'] / large['nginx-large']:.2f} x); CPU of the "
          f"gateway process per MiB: {cpu('gateway-large', 'gateway') / mib:.0f} us.")
    print(f"- gateway start-up, process launch to first proxied 200: "
          f"**{int(median(row['startup_ms'] for row in gateway))} ms** (Quarkus reports started in "
          f"{int(median(row['quarkus_started_ms'] for row in gateway))} ms).")
    print(f"- gateway memory after the run: RSS **{rss:.0f} MB** (peak during the run {peak:.0f} MB).")
    if heap("gateway-closed"):
        print(f"- heap allocated per request at full speed (jvm_gc_memory_allocated_bytes_total): "
              f"**{heap('gateway-closed'):,.0f} bytes** with the breaker closed, {heap('gateway-open'):,.0f} open.")
    print(f"- other processes on the machine used {int(median(others))}% of a core during the median measurement, "
          f"{int(max(others))}% at most.")
    if errors > 0:
        print(f"- **{int(errors)} errors** (socket errors, or non-2xx answers where 200 was expected): see the runs file.")
    print()
    print("| floor | measured | |")
    print("|---|---:|---|")
    startup = median(row["startup_ms"] for row in gateway)
    print(f"| gateway requests/s >= 0.5 x nginx proxy (breaker closed) | {closed / rps['nginx']:.3f} x "
          f"| {mark(closed >= 0.5 * rps['nginx'])} |")
    print(f"| gateway CPU per request <= 50 us (closed) | {cpu('gateway-closed', 'gateway'):.0f} us "
          f"| {mark(cpu('gateway-closed', 'gateway') <= 50)} |")
    print(f"| gateway CPU per request <= 20 us (open) | {cpu('gateway-open', 'gateway'):.0f} us "
          f"| {mark(cpu('gateway-open', 'gateway') <= 20)} |")
    print(f"| p99 added over direct < 0.5 ms {at} | {added:+.3f} ms | {mark(added < 0.5)} |")
    if high_p99["direct"]:
        print(f"| p99 added over direct {at_high} (reported, no floor) | {high_added['gateway-closed']:+.3f} ms | |")
    print(f"| start-up to first proxied 200 < 2 s (JVM, no AOT cache) | {int(startup)} ms | {mark(startup < 2000)} |")
    print(f"| RSS after the run < 150 MB | {rss:.0f} MB | {mark(rss < 150)} |")
    if heap("gateway-closed"):
        print(f"| heap allocated per request <= 4 KiB (closed) | {heap('gateway-closed'):,.0f} bytes "
              f"| {mark(heap('gateway-closed') <= 4096)} |")
    print(f"| breaker open at least as fast as closed | {open_ / closed:.2f} x | {mark(open_ >= closed)} |")
    print(f"| no call reaches the backend while open | {int(open_calls)} | {mark(open_calls == 0)} |")

    print("\nEvery run:\n")
    print("| run | scenario | requests/s | p50 | p99 | CPU per request | p50 at rate | p99 at rate | p99 at high rate "
          "| non-2xx | backend calls | other processes, % of a core (full / at rate) |")
    print("|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")

    def by_run(mode):
        return {(row["run"], row["scenario"]): row for row in runs if row["mode"] == mode}

    steady, high = by_run("steady"), by_run("steady-high")
    for f in (row for row in runs if row["mode"] == "full"):
        s = steady.get((f["run"], f["scenario"]), {})  # none for the 10 MiB answers: zeros
        h = high.get((f["run"], f["scenario"]), {})  # only direct, nginx and the closed breaker
        print(f"| {f['run']:g} | {f['scenario']} | {f['requests_per_s']:.0f} | {ms(f['p50_us'])} | {ms(f['p99_us'])} "
              f"| {f['cpu']:.0f} us | {ms(s.get('p50_us', 0))} | {ms(s.get('p99_us', 0))} | {ms(h.get('p99_us', 0))} "
              f"| {int(f['non_2xx'] + s.get('non_2xx', 0) + h.get('non_2xx', 0))} "
              f"| {int(f['backend_calls'] + s.get('backend_calls', 0) + h.get('backend_calls', 0))} "
              f"| {int(f['other_processes_cpu_percent'])} / {int(s.get('other_processes_cpu_percent', 0))} |")
    print()
    print('| run | start-up to first proxied 200 | Quarkus "started in" | RSS after the run | peak RSS |')
    print("|---:|---:|---:|---:|---:|")
    for row in gateway:
        startup, started, rss, peak = (row[column] or 0 for column in GATEWAY_COLUMNS)
        print(f"| {row['run']:g} | {int(startup)} ms | {int(started)} ms | {rss * 1.024 / 1000:.0f} MB "
              f"| {peak * 1.024 / 1000:.0f} MB |")


def compare(runs_path, label_a, label_b):
    runs = read(runs_path)
    labels = {"nginx": "nginx proxy", "gateway-a": "A: " + label_a, "gateway-b": "B: " + label_b}
    rps = {(row["run"], row["scenario"]): row["requests_per_s"] for row in runs}
    rounds = sorted({row["run"] for row in runs})
    ratios = [rps[run, "gateway-b"] / rps[run, "gateway-a"] for run in rounds]
    errors = sum(row["non_2xx"] + row["socket_errors"] for row in runs)

    def med(name, column):
        return median(row[column] for row in runs if row["scenario"] == name)

    nginx = med("nginx", "requests_per_s")
    print("| | requests/s | p99 | CPU per request (of the gateway; of nginx, backend included) | heap per request "
          "| / nginx proxy |")
    print("|---|---:|---:|---:|---:|---:|")
    for name, label in labels.items():
        q = med(name, "requests_per_s")
        cpu = med(name, "nginx_cpu_us_per_request" if name == "nginx" else "gateway_cpu_us_per_request")
        counted = name != "nginx" and "gateway_heap_bytes_per_request" in runs[0]
        heap = med(name, "gateway_heap_bytes_per_request") if counted else 0
        print(f"| {label} | {thousands(q)} | {ms(med(name, 'p99_us'))} | {cpu:.0f} us | "
              f"{f'{heap:,.0f} bytes' if heap else ''} | {q / nginx:.2f} x |")
    print()
    print(f"- B / A, the median of the rounds' ratios: **{median(map(g6, ratios)):.2f} x** the requests/s (by round: "
          f"{', '.join(f'{ratio:.2f}' for ratio in ratios)}).")
    if errors > 0:
        print(f"- **{int(errors)} errors** (non-2xx answers or socket errors): see the runs file.")


def startup(startup_path):
    launches = read(startup_path)
    variants = list(dict.fromkeys(row["variant"] for row in launches))  # in the order they ran; the first is the base

    def med(variant, column):
        return median(row[column] for row in launches if row["variant"] == variant)

    base = med(variants[0], "startup_ms")
    print('| gateway | start-up to first proxied 200 | Quarkus "started in" | requests/s in its first 5 s '
          "| RSS after them |")
    print("|---|---:|---:|---:|---:|")
    for variant in variants:
        took = med(variant, "startup_ms")
        change = "" if variant == variants[0] else f" ({100 * (took - base) / base:+.0f}%)"
        print(f"| {variant} | {int(took)} ms{change} | {int(med(variant, 'quarkus_started_ms'))} ms "
              f"| {med(variant, 'first_5s_requests_per_s'):.0f} | {med(variant, 'rss_kb') * 1.024 / 1000:.0f} MB |")


if __name__ == "__main__":
    commands = {"scenarios": scenarios, "compare": compare, "startup": startup}
    if len(sys.argv) < 2 or sys.argv[1] not in commands:
        sys.exit(__doc__)
    commands[sys.argv[1]](*sys.argv[2:])
