from dataclasses import dataclass


@dataclass(frozen=True)
class Progress:
    """Weighted share of applicable commitments that KPU staff verified done."""

    done: int
    applicable: int

    @property
    def percent(self):
        """Whole percent, rounded down so 99.6% never shows as complete; None with nothing applicable."""
        if not self.applicable:
            return None
        return self.done * 100 // self.applicable

    def __str__(self):
        return "–" if self.percent is None else f"{self.percent}%"
