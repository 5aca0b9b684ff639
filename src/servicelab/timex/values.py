"""TIMEX3 value arithmetic shared by extraction and resolution: durations, offsets, Easter."""

from __future__ import annotations

import re
from datetime import date, timedelta
from types import MappingProxyType

_UNIT_ISO = MappingProxyType({"S": ("T", "S"), "MIN": ("T", "M"), "H": ("T", "H"),
                              "D": ("", "D"), "W": ("", "W"), "M": ("", "M"), "Y": ("", "Y")})


def fmt_num(x: float) -> str:
    return str(int(x)) if float(x).is_integer() else f"{x:g}"


def duration_value(n: float | None, unit: str) -> str:
    """TIMEX3 duration value: ``duration_value(2, "W") == "P2W"``; ``None`` → ``PXW``.

    A fraction of an hour that makes whole minutes is written in minutes, as the GermEval
    gold writes "viertel Stunde" (``PT15M``): ``duration_value(1.5, "H") == "PT1H30M"``;
    other fractions stay a decimal of the unit (ISO 8601 allows it in the last component):
    ``duration_value(1.5, "W") == "P1.5W"``.
    """
    if n is not None and unit == "H" and not float(n).is_integer() \
            and float(n * 60).is_integer():
        return join_durations({"H": int(n)} if int(n) else {}, {"MIN": int(n * 60) % 60})
    t, u = _UNIT_ISO[unit]
    q = "X" if n is None else fmt_num(n)
    return f"P{t}{q}{u}"


#: ISO 8601 duration components in order (date part, then time part after ``T``)
_PARTS = (("Y", "Y", False), ("M", "M", False), ("W", "W", False), ("D", "D", False),
          ("H", "H", True), ("MIN", "M", True), ("S", "S", True))
_DURATION = re.compile(r"P(?:(?P<Y>\d+(?:\.\d+)?)Y)?(?:(?P<M>\d+(?:\.\d+)?)M)?"
                       r"(?:(?P<W>\d+(?:\.\d+)?)W)?(?:(?P<D>\d+(?:\.\d+)?)D)?"
                       r"(?:T(?:(?P<H>\d+(?:\.\d+)?)H)?(?:(?P<MIN>\d+(?:\.\d+)?)M)?"
                       r"(?:(?P<S>\d+(?:\.\d+)?)S)?)?")


def duration_parts(value: str) -> dict[str, float] | None:
    """Components of a TIMEX3 duration: ``duration_parts("PT5H40M") == {"H": 5, "MIN": 40}``;
    ``None`` for a vague (``PXD``) or malformed value."""
    m = _DURATION.fullmatch(value or "")
    if m is None or not any(m.groupdict().values()) or value.endswith("T"):
        return None
    return {k: float(v) for k, v in m.groupdict().items() if v is not None}


def join_durations(*parts: dict[str, float]) -> str:
    """One TIMEX3 duration of several components: ``join_durations({"H": 5}, {"MIN": 40})
    == "PT5H40M"`` ("5 Stunden 40 Minuten")."""
    got: dict[str, float] = {}
    for d in parts:
        for k, v in d.items():
            got[k] = got.get(k, 0) + v
    date_part = "".join(f"{fmt_num(got[k])}{u}" for k, u, t in _PARTS if not t and k in got)
    time_part = "".join(f"{fmt_num(got[k])}{u}" for k, u, t in _PARTS if t and k in got)
    return "P" + date_part + (f"T{time_part}" if time_part else "")


def signed_offset(n: float | None, unit: str) -> str:
    """Signed ISO duration relative to an anchor: ``signed_offset(-2, "D") == "-P2D"``;
    working days ("WD") are written as days (TIMEX3 has no unit for them)."""
    unit = "D" if unit == "WD" else unit
    if n is None:
        return "+" + duration_value(None, unit)
    sign = "-" if n < 0 else "+"
    return sign + duration_value(abs(n), unit)


def valid_day(y: int | None, m: int, d: int) -> bool:
    """True if day ``d`` of month ``m`` exists (in year ``y``; any leap year when unknown).
    Year 0 ("12.12.0000") exists in no calendar ``date`` can hold: no day."""
    try:
        date(2000 if y is None else y, m, d)  # 2000 is a leap year: 29.2. stays possible
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


def working_days_after(day: date, n: int) -> date:
    """The ``n``-th working day (Monday to Friday) after ``day`` (before it for ``n < 0``):
    "am nächsten Werktag" after Friday 4 April 2025 is Monday 7 April. Public holidays are
    not known here (they differ by German state) and count as working days."""
    step = 1 if n >= 0 else -1
    left = abs(n)
    while left:
        day += timedelta(days=step)
        if day.isoweekday() < 6:
            left -= 1
    return day
