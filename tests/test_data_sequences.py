import datetime as dt

import numpy as np
import pytest

from utils.data import DATE_FORMATS, date_pairs, sine_waves


def test_sine_waves_shape_seed_and_noise():
    a = sine_waves(4, 100, seed=1)
    assert a.shape == (4, 100) and a.dtype == np.float32
    assert np.array_equal(a, sine_waves(4, 100, seed=1))
    assert not np.array_equal(a, sine_waves(4, 100, seed=2))
    clean, noisy = sine_waves(1, 500, noise=0.0, seed=3), sine_waves(1, 500, noise=0.5, seed=3)
    assert 0.3 < np.std(noisy - clean) < 0.7


def test_every_date_format_parses_back_to_its_iso_date():
    months = {m: i for i, m in enumerate(["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug",
                                          "sep", "oct", "nov", "dec"], start=1)}
    for name in DATE_FORMATS:
        for human, iso in date_pairs(30, seed=7, formats=[name]):
            words = human.replace(",", " ").replace("-", " ").replace(".", " ").replace("/", " ")
            parts = [w for w in words.lower().split() if w not in ("the", "of")]
            numbers = [int("".join(c for c in p if c.isdigit())) for p in parts
                       if any(c.isdigit() for c in p)]
            month = [months[p[:3]] for p in parts if p[:3] in months]
            year = max(numbers)
            if month:
                day = min(n for n in numbers if n != year)
                parsed = dt.date(year, month[0], day)
            elif name == "dotted_day_first":
                parsed = dt.date(numbers[2], numbers[1], numbers[0])
            else:
                parsed = dt.date(numbers[0], numbers[1], numbers[2])
            assert parsed.isoformat() == iso, f"{name}: {human!r} is not {iso}"


def test_dates_cover_the_range_and_formats():
    pairs = date_pairs(2000, seed=0)
    years = [int(iso[:4]) for _, iso in pairs]
    assert min(years) >= 1950 and max(years) <= 2049
    assert len({human.split()[0] for human, _ in pairs}) > 20


def test_unknown_format_names_the_allowed_ones():
    with pytest.raises(ValueError, match="allowed"):
        date_pairs(3, formats=["klingon"])
