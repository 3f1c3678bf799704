"""A group's completion kept up to date as its members change: the weighted mean of
``progress.weighted_mean``, bit for bit, as exact integer sums, so that a trend recomputes only
the items that moved in each period (timeline.points). Pure arithmetic.
"""

from __future__ import annotations

from jap_tracker.named import NamedTuple
from jap_tracker.progress import weighted_mean

_EXP = 1074  # every finite float is an integer times 2**-1074
_ONE = 1 << _EXP
_HUGE = 1 << (1023 + _EXP)  # from here on a sum could overflow


def _exact(x: float) -> int:
    """``x`` times 2**1074, exactly."""
    numerator, denominator = x.as_integer_ratio()  # the denominator is a power of 2
    return numerator << (_EXP + 1 - denominator.bit_length())


class Term(NamedTuple):
    """One member of a group's weighted mean: weight × completion and weight, as they are
    and exactly (times 2**1074)."""

    weighted: float
    weight: float
    exact_weighted: int
    exact_weight: int


def term(weight: float, completion: float | None) -> Term | None:
    """None for a cancelled item, which no completion counts."""
    if completion is None:
        return None
    weighted = weight * completion
    return Term(weighted, weight, _exact(weighted), _exact(weight))


class RunningMean:
    """``progress.weighted_mean`` of a changing set of members, kept as exact integer sums, so
    that a change costs the same whatever the group's size.

    ``value()`` is what ``weighted_mean`` gives for the members, bit for bit: fsum is the
    correctly rounded sum of its terms, and so is an exact sum divided by 2**1074 (Python
    divides integers correctly rounded). Near overflow, where weighted_mean scales, it asks
    weighted_mean itself.
    """

    def __init__(self) -> None:
        self.members: dict[str, Term] = {}
        self.top = self.bottom = 0

    def set(self, key: str, new: Term | None) -> None:
        """Make ``new`` the member ``key`` (None: no member)."""
        old = self.members.pop(key, None)
        if old is not None:
            self.top -= old.exact_weighted
            self.bottom -= old.exact_weight
        if new is not None:
            self.members[key] = new
            self.top += new.exact_weighted
            self.bottom += new.exact_weight

    def value(self) -> float | None:
        if not self.members:
            return None
        if self.top >= _HUGE or self.bottom >= _HUGE:
            members = self.members.values()
            return weighted_mean([m.weighted for m in members], [m.weight for m in members])
        return (self.top / _ONE) / (self.bottom / _ONE)
