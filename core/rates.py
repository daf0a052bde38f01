"""The one function for every rate the portal prints.

- Budget execution rate (집행률): percent with 2 decimals.
- Achievement rate (달성률): whole percent.
Both round half-up with Decimal (never float round(), which rounds half-even
and suffers binary error), and both are undefined ('-') when there is nothing
to divide: no numerator yet, or a zero/absent denominator.
"""

from decimal import ROUND_HALF_UP, Decimal

EXECUTION_PLACES = 2
ACHIEVEMENT_PLACES = 0
UNDEFINED = "-"


def rate(numerator, denominator, places: int) -> Decimal | None:
    """Return numerator / denominator as a percentage rounded half-up, or None."""
    if numerator is None or denominator is None:
        return None
    denominator = Decimal(denominator)
    if denominator == 0:
        return None
    quantum = Decimal(1).scaleb(-places)
    return (Decimal(numerator) * 100 / denominator).quantize(quantum, rounding=ROUND_HALF_UP)


def execution_rate(executed, planned) -> Decimal | None:
    return rate(executed, planned, EXECUTION_PLACES)


def achievement_rate(actual, target) -> Decimal | None:
    return rate(actual, target, ACHIEVEMENT_PLACES)


def format_rate(value: Decimal | None) -> str:
    """'59.50', '63', or '-' (no percent sign; table headers carry the unit)."""
    if value is None:
        return UNDEFINED
    return f"{value:,}"
