"""Drive one address, or the mixed workload script, with wrk and read its report."""

import re
import subprocess
from dataclasses import dataclass

UNITS = {"us": 1e-3, "ms": 1.0, "s": 1000.0, "m": 60_000.0}


@dataclass
class Result:
    """What one wrk run measured; latencies in milliseconds, None when no request completed."""

    requests: int
    rps: float
    p50: float | None
    p99: float | None
    errors: int
    counts: dict[str, int]


def parse_wrk(output):
    """Read wrk's `--latency` report; errors are socket errors plus answers outside 2xx and 3xx.

    Lines the Lua script prints in done() as ``count NAME N`` become ``counts``.
    """

    def latency(percent):
        found = re.search(rf"^\s+{percent}%\s+([\d.]+)(us|ms|s|m)\s*$", output, re.M)
        return float(found.group(1)) * UNITS[found.group(2)] if found else None

    requests = re.search(r"^\s*(\d+) requests in ", output, re.M)
    rps = re.search(r"^Requests/sec:\s+([\d.]+)", output, re.M)
    sockets = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output)
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    errors = sum(int(n) for n in sockets.groups()) if sockets else 0
    errors += int(non_2xx.group(1)) if non_2xx else 0
    completed = int(requests.group(1)) if requests else 0
    return Result(
        requests=completed,
        rps=float(rps.group(1)) if rps else 0.0,
        # wrk prints 0.00us percentiles when nothing completed: no latency was measured.
        p50=latency(50) if completed else None,
        p99=latency(99) if completed else None,
        errors=errors,
        counts={name: int(n) for name, n in re.findall(r"^count (\w+) (\d+)$", output, re.M)},
    )


def parse_duration(text):
    """wrk's duration notation (``10s``, ``2m``, ``1h``, or bare seconds) in seconds."""
    found = re.fullmatch(r"(\d+(?:\.\d+)?)(s|m|h)?", text.strip())
    if not found:
        raise ValueError(f"not a wrk duration: {text!r}")
    return float(found.group(1)) * {"s": 1, "m": 60, "h": 3600, None: 1}[found.group(2)]


def drive(url, *, connections, duration, timeout, cookie=None, script=None, script_args=()):
    command = [
        "wrk",
        "-t2",
        f"-c{connections}",
        f"-d{duration}",
        f"--timeout={timeout}",
        "--latency",
        "-H",
        "Accept-Encoding: gzip, br",
    ]
    if cookie:
        command += ["-H", f"Cookie: {cookie}"]
    if script:
        command += ["-s", str(script)]
    command.append(url)
    if script_args:
        command += ["--", *script_args]
    output = subprocess.run(command, check=True, text=True, capture_output=True)
    return parse_wrk(output.stdout)
