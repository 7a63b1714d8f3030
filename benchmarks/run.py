"""`make bench`: serve the app with gunicorn on PostgreSQL scale data and drive each page with wrk.

Prints one Markdown table: page, requests/s, p50, p99, bytes, errors, and the ratio to a bare Django view
measured in the same run on the same server.
"""

import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
PORT = int(os.environ.get("BENCH_PORT", "8765"))
DURATION = os.environ.get("BENCH_DURATION", "10s")
CONNECTIONS = os.environ.get("BENCH_CONNECTIONS", "16")
DATABASE = os.environ.get("BENCH_DATABASE", "kpu_bench")
PG = os.environ.get("BENCH_PG", "postgres://postgres@127.0.0.1:5432")
SIZE_ARGS = os.environ.get("BENCH_SIZE", "").split()


def bench_environment():
    return {
        **os.environ,
        "DATABASE_URL": f"{PG}/{DATABASE}",
        "DEBUG": "false",
        "SECRET_KEY": "benchmark-only-secret-key-not-for-production-use-0123456789",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SITE_URL": f"http://127.0.0.1:{PORT}",
        "BENCHMARK_ENDPOINT": "true",
        # Plain HTTP on loopback: no HTTPS redirect, no Secure-only cookies.
        "SECURE_SSL_REDIRECT": "false",
        "CONN_MAX_AGE": "60",
    }


def manage(*args, env, capture=False):
    command = [PYTHON, "manage.py", *args]
    result = subprocess.run(command, cwd=ROOT, env=env, check=True, text=True, capture_output=capture)
    return result.stdout


def prepare_database(env):
    admin = f"{PG}/postgres"
    subprocess.run(["psql", admin, "-qc", f"DROP DATABASE IF EXISTS {DATABASE}"], check=True)
    subprocess.run(["psql", admin, "-qc", f"CREATE DATABASE {DATABASE}"], check=True)
    manage("migrate", "--no-input", "-v0", env=env)
    manage("load_demo", env=env, capture=True)
    started = time.monotonic()
    print(manage("generate_scale_data", *SIZE_ARGS, env=env, capture=True), end="")
    print(f"generate_scale_data took {time.monotonic() - started:.0f} s")
    manage("collectstatic", "--no-input", "-v0", env=env)


def start_server(env):
    server = subprocess.Popen(
        [
            PYTHON,
            "-m",
            "gunicorn",
            "kpu_coop.wsgi",
            "--workers",
            "2",
            "--bind",
            f"127.0.0.1:{PORT}",
            "--log-level",
            "warning",
            "--access-logfile",
            "-" if os.environ.get("BENCH_ACCESS_LOG") else "/dev/null",
        ],
        cwd=ROOT,
        env=env,
        start_new_session=True,
    )
    for _ in range(100):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{PORT}/bench/bare/", timeout=1)
            return server
        except OSError:
            time.sleep(0.2)
    stop_server(server)
    raise SystemExit("gunicorn did not answer on /bench/bare/")


def stop_server(server):
    os.killpg(server.pid, signal.SIGTERM)
    try:
        server.wait(timeout=30)
    except subprocess.TimeoutExpired:
        # A worker stuck in a slow request must not keep the port for the next run.
        os.killpg(server.pid, signal.SIGKILL)
        server.wait()


UNITS = {"us": 1e-3, "ms": 1.0, "s": 1000.0}
SIZES = {"B": 1, "KB": 1024, "MB": 1024**2, "GB": 1024**3}


def parse_wrk(output):
    def latency(percent):
        value, unit = re.search(rf"^\s+{percent}%\s+([\d.]+)(us|ms|s)\s*$", output, re.M).groups()
        return float(value) * UNITS[unit]

    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    value, unit = re.search(r"requests in [\d.]+\w+, ([\d.]+)(B|KB|MB|GB) read", output).groups()
    errors = sum(int(n) for n in re.findall(r"(?:connect|read|write|timeout) (\d+)", output))
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    errors += int(non_2xx.group(1)) if non_2xx else 0
    return {
        "rps": rps,
        "p50": latency(50),
        "p99": latency(99),
        "bytes": float(value) * SIZES[unit],
        "errors": errors,
    }


def drive(path, cookie, duration=DURATION, timeout="2s"):
    command = [
        "wrk",
        "-t2",
        f"-c{CONNECTIONS}",
        f"-d{duration}",
        f"--timeout={timeout}",
        "--latency",
        "-H",
        "Accept-Encoding: gzip, br",
    ]
    if cookie:
        command += ["-H", f"Cookie: {cookie}"]
    output = subprocess.run(
        [*command, f"http://127.0.0.1:{PORT}{path}"], check=True, text=True, capture_output=True
    )
    return parse_wrk(output.stdout)


def table(rows, bare_rps):
    lines = [
        "| page | requests/s | p50 ms | p99 ms | bytes | errors | ratio to bare view |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for name, path, result in rows:
        lines.append(
            f"| {name} (`{path}`) | {result['rps']:.0f} | {result['p50']:.1f} | {result['p99']:.1f} "
            f"| {result['bytes'] / 1e6:.1f} MB | {result['errors']} | {result['rps'] / bare_rps:.2f} |"
        )
    return "\n".join(lines)


def main():
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is missing: apt-get install wrk (the Makefile's bench target does it).")
    env = bench_environment()
    if not os.environ.get("BENCH_REUSE_DATA"):
        prepare_database(env)
    targets = json.loads(manage("bench_targets", env=env, capture=True))
    server = start_server(env)
    try:
        drive("/bench/bare/", None, "5s")  # warmed like every page, so that the ceiling is not understated
        rows = [("bare Django view", "/bench/bare/", drive("/bench/bare/", None))]
        for target in targets:
            # Warm-up: imports, connections, and each worker's page cache (a cold export takes seconds).
            drive(target["path"], target.get("cookie"), "5s", timeout="30s")
            rows.append((target["name"], target["path"], drive(target["path"], target.get("cookie"))))
    finally:
        stop_server(server)
    report = table(rows, rows[0][2]["rps"])
    print(report)
    (ROOT / "var" / "bench.md").write_text(report + "\n")


if __name__ == "__main__":
    main()
