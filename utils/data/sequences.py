"""Sequence data sets generated on the fly: noisy sums of sines, and dates written by people.

Both are seeded, so a chapter regenerates exactly the same data instead of downloading it.
"""

import datetime as dt
from collections.abc import Sequence

import numpy as np

MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December"]
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]


def _ordinal(day: int) -> str:
    suffix = "th" if 11 <= day <= 13 else {1: "st", 2: "nd", 3: "rd"}.get(day % 10, "th")
    return f"{day}{suffix}"


# Each format writes a date as people do. Only unambiguous ones: "05.03.2021" is always
# day first (the European dotted style), "2021/03/05" always year-month-day.
DATE_FORMATS = {
    "month_day_year": lambda d: f"{MONTHS[d.month - 1]} {d.day}, {d.year}",
    "day_month_year": lambda d: f"{d.day} {MONTHS[d.month - 1]} {d.year}",
    "short_month": lambda d: f"{MONTHS[d.month - 1][:3]} {d.day} {d.year}",
    "dotted_day_first": lambda d: f"{d.day:02d}.{d.month:02d}.{d.year}",
    "slashed_year_first": lambda d: f"{d.year}/{d.month:02d}/{d.day:02d}",
    "with_weekday": lambda d: f"{WEEKDAYS[d.weekday()]}, {MONTHS[d.month - 1]} {d.day}, {d.year}",
    "dashed_short_month": lambda d: f"{d.day}-{MONTHS[d.month - 1][:3]}-{d.year}",
    "ordinal": lambda d: f"the {_ordinal(d.day)} of {MONTHS[d.month - 1]} {d.year}",
    "upper_short": lambda d: f"{d.day} {MONTHS[d.month - 1][:3].upper()} {d.year}",
    "compact_words": lambda d: f"{MONTHS[d.month - 1].lower()} {d.day} {d.year}",
}
_FIRST, _LAST = dt.date(1950, 1, 1), dt.date(2049, 12, 31)


def sine_waves(n_series: int, length: int, n_components: int = 3, noise: float = 0.05,
               seed: int = 0) -> np.ndarray:
    """Noisy sums of sines, shape (n_series, length), float32: a forecasting toy problem.

    Each series adds ``n_components`` sines with random period (8 to 64 steps), phase and
    amplitude, plus Gaussian noise of standard deviation ``noise``.
    """
    if n_series <= 0 or length <= 0 or n_components <= 0:
        raise ValueError("n_series, length and n_components must be positive, got "
                         f"{n_series}, {length}, {n_components}")
    if noise < 0:
        raise ValueError(f"noise must be non-negative, got {noise}")
    rng = np.random.default_rng(seed)
    t = np.arange(length)
    period = rng.uniform(8, 64, (n_series, n_components, 1))
    phase = rng.uniform(0, 2 * np.pi, (n_series, n_components, 1))
    amplitude = rng.uniform(0.2, 1.0, (n_series, n_components, 1))
    clean = np.sum(amplitude * np.sin(2 * np.pi * t / period + phase), axis=1)
    return (clean + rng.normal(0, noise, clean.shape)).astype(np.float32)


def date_pairs(n: int, seed: int = 0,
               formats: Sequence[str] | None = None) -> list[tuple[str, str]]:
    """``n`` random dates between 1950 and 2049 as (human-written, ISO "YYYY-MM-DD") pairs.

    Each date is written in a format drawn at random from ``formats`` (names from
    ``DATE_FORMATS``; all of them when None): a small translation task for Chapter 8.
    """
    if n <= 0:
        raise ValueError(f"n must be positive, got {n}")
    names = list(DATE_FORMATS) if formats is None else list(formats)
    unknown = [f for f in names if f not in DATE_FORMATS]
    if unknown or not names:
        raise ValueError(f"unknown date formats {unknown}; allowed: {list(DATE_FORMATS)}")
    rng = np.random.default_rng(seed)
    offsets = rng.integers(0, (_LAST - _FIRST).days + 1, size=n)
    chosen = rng.integers(0, len(names), size=n)
    pairs = []
    for offset, k in zip(offsets, chosen):
        date = _FIRST + dt.timedelta(days=int(offset))
        pairs.append((DATE_FORMATS[names[k]](date), date.isoformat()))
    return pairs
