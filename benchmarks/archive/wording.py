"""Ordinals, dates and lists as the reports write them."""

from __future__ import annotations

import datetime as dt
import random


# ---------------------------------------------------------------------------------------------------
# Ordinals and dates.
# ---------------------------------------------------------------------------------------------------


D = dt.date
_ORD_UNITS = ["", "first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth"]
_ORD_TEENS = ["tenth", "eleventh", "twelfth", "thirteenth", "fourteenth", "fifteenth", "sixteenth",
              "seventeenth", "eighteenth", "nineteenth"]
_TENS = ["", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]
_ORD_TENS = ["", "", "twentieth", "thirtieth", "fortieth", "fiftieth", "sixtieth", "seventieth", "eightieth",
             "ninetieth"]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December"]
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]


def ordinal_words(n: int) -> str:
    if n < 10:
        return _ORD_UNITS[n]
    if n < 20:
        return _ORD_TEENS[n - 10]
    tens, units = divmod(n, 10)
    return _ORD_TENS[tens] if units == 0 else f"{_TENS[tens]}-{_ORD_UNITS[units]}"


def ordinal_digits(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def fmt_date(d: dt.date) -> str:
    return f"{d.day} {MONTHS[d.month - 1]} {d.year}"


def date_phrase(rng: random.Random, start: dt.date, end: dt.date) -> str:
    """The dates of the meeting as a report states them, starting with "on" or "from"."""
    if start == end:
        if rng.random() < 0.15:
            return f"on {WEEKDAYS[start.weekday()]}, {fmt_date(start)}"
        return f"on {fmt_date(start)}"
    if start.month == end.month:
        days = (end - start).days
        r = rng.random()
        if days == 1 and r < 0.45:
            return f"on {start.day} and {end.day} {MONTHS[end.month - 1]} {end.year}"
        if r < 0.55:
            return f"on {start.day}-{end.day} {MONTHS[end.month - 1]} {end.year}"
        return f"from {start.day} to {end.day} {MONTHS[end.month - 1]} {end.year}"
    if start.year == end.year:
        return f"from {start.day} {MONTHS[start.month - 1]} to {fmt_date(end)}"
    return f"from {fmt_date(start)} to {fmt_date(end)}"


def join_and(items: list[str], rng: random.Random, oxford: bool | None = None) -> str:
    if len(items) == 1:
        return items[0]
    if oxford is None:
        oxford = rng.random() < 0.2
    oxford = oxford and len(items) > 2
    return ", ".join(items[:-1]) + ("," if oxford else "") + " and " + items[-1]


def number_word(n: int) -> str:
    return ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight"][n] if n < 9 else str(n)
