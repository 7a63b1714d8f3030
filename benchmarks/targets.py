"""The targets of `make bench` (README, Performance) and the one table that reports them."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Target:
    """At least ``min_ratio`` of the minimal app's requests/s, p99 under ``max_p99`` ms, and no errors."""

    min_ratio: float
    max_p99: float | None = None

    def describe(self):
        text = f"≥ {self.min_ratio:g}"
        return text + (f", p99 < {self.max_p99:g} ms" if self.max_p99 is not None else "")

    def met(self, result, ceiling_rps):
        if result.errors or not result.requests or not ceiling_rps:
            return False
        if result.rps / ceiling_rps < self.min_ratio:
            return False
        return self.max_p99 is None or (result.p99 is not None and result.p99 < self.max_p99)


# Cold: each page rendered with the public page cache off (PAGE_CACHE=false).
COLD = {
    "agreement": Target(0.05, 150),
    "agency": Target(0.05, 150),
    "portal": Target(0.05, 150),
    "listing": Target(0.03, 150),
    "office": Target(0.03),
    "rollup": Target(0.03),
    "search": Target(0.03, 150),
    "timeline": Target(0.015, 300),
    "dashboard": Target(0.015, 300),
    "csv": Target(0.01),
}
MIXED = Target(0.25)
# No page older than this after a commit, in milliseconds.
MAX_FRESHNESS_LAG = 1000.0


@dataclass(frozen=True)
class Freshness:
    """Lags in ms from a commit to the first anonymous page showing it; None where it never showed."""

    lags: list[float | None]

    @property
    def seen(self):
        return sorted(lag for lag in self.lags if lag is not None)

    @property
    def median(self):
        seen = self.seen
        return seen[len(seen) // 2] if seen else None

    @property
    def max(self):
        return max(self.seen) if self.seen else None

    def met(self):
        return bool(self.lags) and None not in self.lags and self.max <= MAX_FRESHNESS_LAG


def milliseconds(value):
    return "—" if value is None else f"{value:.1f}"


class Report:
    """Rows in sections, the ceiling first; counts the targets checked and met."""

    HEADER = [
        "| page | requests/s | p50 ms | p99 ms | errors | ratio | target | met? |",
        "|---|---:|---:|---:|---:|---:|---|---|",
    ]

    def __init__(self, ceiling_rps):
        self.ceiling_rps = ceiling_rps
        self.lines = list(self.HEADER)
        self.checked = self.met = 0

    def section(self, title):
        self.lines.append(f"| **{title}** | | | | | | | |")

    def row(self, name, result, target=None):
        ratio = f"{result.rps / self.ceiling_rps:.3f}" if self.ceiling_rps else "—"
        cells = [name, f"{result.rps:.0f}", milliseconds(result.p50), milliseconds(result.p99)]
        met = target is not None and target.met(result, self.ceiling_rps)
        # wrk counts neither as an error nor as latency a request still unanswered when it stops.
        errors = str(result.errors) if result.requests else f"{result.errors}, none answered"
        cells += [errors, ratio, *self._verdict(target, met)]
        self.lines.append("| " + " | ".join(cells) + " |")

    def freshness_row(self, freshness):
        writes = len(freshness.lags)
        missed = freshness.lags.count(None)
        cells = [
            f"freshness lag, commit → fresh page ({writes} writes; p50 = median, p99 = max)",
            "—",
            milliseconds(freshness.median),
            milliseconds(freshness.max),
            f"{missed} never fresh" if missed else "0",
            "—",
            *self._verdict(f"max ≤ {MAX_FRESHNESS_LAG:g} ms", freshness.met()),
        ]
        self.lines.append("| " + " | ".join(cells) + " |")

    def _verdict(self, target, met):
        if target is None:
            return ["—", ""]
        self.checked += 1
        self.met += bool(met)
        description = target if isinstance(target, str) else target.describe()
        return [description, "yes" if met else "**no**"]

    def summary(self):
        return f"targets met: {self.met} of {self.checked}"

    def markdown(self):
        return "\n".join([*self.lines, "", self.summary()])
