from dataclasses import dataclass, field

from django.utils.translation import gettext


@dataclass(frozen=True)
class Progress:
    """Weighted share of applicable commitments that KPU staff verified done."""

    done: int
    applicable: int
    # How many commitments and how many of them verified done, when the query counted them; two progress
    # figures are equal when their weights are, whichever query made them.
    count: int | None = field(default=None, compare=False)
    done_count: int | None = field(default=None, compare=False)

    @property
    def percent(self):
        """Whole percent, rounded down so 99.6% never shows as complete; None with nothing applicable."""
        if not self.applicable:
            return None
        return self.done * 100 // self.applicable

    @property
    def label(self):
        """What a progress bar says; None with nothing applicable."""
        if self.percent is None:
            return None
        return gettext("Progress: %(percent)s%% verified done") % {"percent": self.percent}

    def __str__(self):
        return "–" if self.percent is None else f"{self.percent}%"
