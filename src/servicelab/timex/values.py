"""TIMEX3 value arithmetic shared by extraction and resolution: durations, offsets, Easter."""

from __future__ import annotations

from datetime import date
from types import MappingProxyType

_UNIT_ISO = MappingProxyType({"S": ("T", "S"), "MIN": ("T", "M"), "H": ("T", "H"),
                              "D": ("", "D"), "W": ("", "W"), "M": ("", "M"), "Y": ("", "Y")})


def fmt_num(x: float) -> str:
    return str(int(x)) if float(x).is_integer() else f"{x:g}"


def duration_value(n: float | None, unit: str) -> str:
    """TIMEX3 duration value: ``duration_value(2, "W") == "P2W"``; ``None`` → ``PXW``.

    A fraction stays a decimal of the unit (ISO 8601 allows it in the last component):
    ``duration_value(1.5, "H") == "PT1.5H"``.
    """
    t, u = _UNIT_ISO[unit]
    q = "X" if n is None else fmt_num(n)
    return f"P{t}{q}{u}"


def signed_offset(n: float | None, unit: str) -> str:
    """Signed ISO duration relative to an anchor: ``signed_offset(-2, "D") == "-P2D"``."""
    if n is None:
        return "+" + duration_value(None, unit)
    sign = "-" if n < 0 else "+"
    return sign + duration_value(abs(n), unit)


def valid_day(y: int | None, m: int, d: int) -> bool:
    """True if day ``d`` of month ``m`` exists (in year ``y``; any leap year when unknown)."""
    try:
        date(y or 2000, m, d)  # 2000 is a leap year: 29.2. stays possible without a year
    except ValueError:
        return False
    return True


def easter(year: int) -> date:
    """Gregorian Easter Sunday (anonymous Gregorian computus)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = b // 4, b % 4
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = c // 4, c % 4
    l_ = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * l_) // 451
    month = (h + l_ - 7 * m + 114) // 31
    day = ((h + l_ - 7 * m + 114) % 31) + 1
    return date(year, month, day)


def add_months(y: int, m: int, n: int) -> tuple[int, int]:
    k = y * 12 + (m - 1) + n
    return k // 12, k % 12 + 1
