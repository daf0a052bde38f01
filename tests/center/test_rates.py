from decimal import Decimal

import pytest

from core.rates import achievement_rate, execution_rate, format_rate, rate


@pytest.mark.parametrize(
    ("actual", "target", "expected"),
    [
        (75, 120, Decimal("63")),  # 62.5 rounds half-up, not to even
        (165, 120, Decimal("138")),  # 137.5
        (7044, 9000, Decimal("78")),
        (27, 37, Decimal("73")),
        (32, 24, Decimal("133")),
        (1, 8, Decimal("13")),  # 12.5
        (5, 40, Decimal("13")),  # 12.5 again, different operands
        (0, 10, Decimal("0")),
    ],
)
def test_achievement_rate_is_whole_percent_half_up(actual, target, expected):
    assert achievement_rate(actual, target) == expected


def test_achievement_rate_undefined_without_actual_or_target():
    assert achievement_rate(None, 120) is None
    assert achievement_rate(5, 0) is None
    assert achievement_rate(5, None) is None


@pytest.mark.parametrize(
    ("executed", "planned", "expected"),
    [
        (660_697, 1_110_500, Decimal("59.50")),
        (196_174, 432_500, Decimal("45.36")),
        (11_559, 25_777, Decimal("44.84")),
        (8_500, 70_000, Decimal("12.14")),
        (1, 8000, Decimal("0.01")),  # 0.0125 → 0.01
        (3, 8000, Decimal("0.04")),  # 0.0375 → 0.04 (half-up)
        (1, 400, Decimal("0.25")),
        (5, 40000, Decimal("0.01")),  # 0.0125
    ],
)
def test_execution_rate_has_two_decimals_half_up(executed, planned, expected):
    assert execution_rate(executed, planned) == expected


def test_half_up_differs_from_python_round():
    # round() rounds 0.125 → 0.12 (half-even); the report's rule gives 0.13.
    assert rate(1, 800, 2) == Decimal("0.13")
    assert round(0.125, 2) == 0.12


def test_format_rate():
    assert format_rate(None) == "-"
    assert format_rate(Decimal("59.50")) == "59.50"
    assert format_rate(Decimal("1520")) == "1,520"
