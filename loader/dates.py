"""Dates and ordinals as the archive writes them: "6-7 February 2017", "30 September – 1 October 2021",
"24thand 25thJanuary" (no year, glued), "23rd January 2015", "Tuesday, 11 June 2019", "January 23, 2015";
"Thirty-seventh", "29th", "ninth".

>>> find_dates("held from 30 September to 1 October 2021 in Geneva")[:2]
(datetime.date(2021, 9, 30), datetime.date(2021, 10, 1))
>>> find_dates("met on the 24thand 25thJanuary") is None, find_dates("met on the 24thand 25thJanuary", year=2017)[:2]
(True, (datetime.date(2017, 1, 24), datetime.date(2017, 1, 25)))
>>> find_dates("Geneva, 25 May-2 June 2016")[:2], find_dates("Date: 23rd January 2015")[:2]
((datetime.date(2016, 5, 25), datetime.date(2016, 6, 2)), (datetime.date(2015, 1, 23), datetime.date(2015, 1, 23)))
"""

from __future__ import annotations

import re
from datetime import date

_UNITS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7, "eighth": 8,
          "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12, "thirteenth": 13, "fourteenth": 14,
          "fifteenth": 15, "sixteenth": 16, "seventeenth": 17, "eighteenth": 18, "nineteenth": 19}
_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80,
         "ninety": 90}
_TENSORDINAL = {"twentieth": 20, "thirtieth": 30, "fortieth": 40, "fiftieth": 50, "sixtieth": 60,
                 "seventieth": 70, "eightieth": 80, "ninetieth": 90}
ORDINAL = (r"(?:\d{1,4}(?:st|nd|rd|th)|(?:(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)[\s-]?)?"
            r"(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth)|tenth|eleventh|twelfth|"
            r"(?:thir|four|fif|six|seven|eigh|nine)teenth|twentieth|thirtieth|fortieth|fiftieth|sixtieth|"
            r"seventieth|eightieth|ninetieth)")

MONTHS = {m: i for i, m in enumerate(("january", "february", "march", "april", "may", "june", "july", "august",
                                      "september", "october", "november", "december"), start=1)}
MONTH = r"(?:January|February|March|April|May|June|July|August|September|October|November|December)"
_DAY = r"\d{1,2}(?:st|nd|rd|th)?"
# A weekday may stand before either day of a range ("from Wednesday 30 November to Friday 2 December 2022",
# "Monday, 3 and Tuesday, 4 June").
_WEEKDAY = r"(?:(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day,?\s+)?"
# A range (the first month and year optional), a single day, or the US order; the year of the first two may be
# missing ("on the 24th and 25th January"), and is then taken from a later date of the same sentence, else
# from the caller.
_DATES = re.compile(
    rf"\b(?P<d1>{_DAY})(?:\s*(?P<m1>{MONTH}))?(?:,?\s+(?P<y1>\d{{4}}))?\s*(?:to|until|-|–|—|and)\s*{_WEEKDAY}"
    rf"(?P<d2>{_DAY})\s*(?P<m2>{MONTH})(?:,?\s+(?P<y2>\d{{4}})\b)?"
    rf"|\b(?P<d>{_DAY})\s*(?P<m>{MONTH})(?:,?\s+(?P<y>\d{{4}})\b)?"
    rf"|\b(?P<um>{MONTH})\s+(?P<ud>\d{{1,2}}),\s+(?P<uy>\d{{4}})\b",
    re.IGNORECASE,
)
_DIGITS = re.compile(r"\d+")
_SENTENCE_END = re.compile(r"[.;](?:\s|$)")


class DateError(ValueError):
    """A date as written that is no date of the calendar ("31 February 2017"); `text` is what was written."""

    def __init__(self, text: str, reason: str):
        super().__init__(f"\"{text}\" is not a valid date ({reason})")
        self.text = text


def find_dates(text: str, *, year: int | None = None) -> tuple[date, date, str] | None:
    """The first date or range of dates in `text` with a year (its own, else `year`): (start, end, as written).
    Raises `DateError` for one that is not in the calendar."""
    matches = list(_DATES.finditer(text))
    for index, match in enumerate(matches):
        found_year = (match["y2"] or match["y"] or match["uy"] or _later_year(text, match.end(), matches[index + 1:])
                      or year)
        if not found_year:
            continue
        try:
            return (*_span(match, int(found_year)), match.group(0))
        except ValueError as exc:
            raise DateError(match.group(0), str(exc)) from None
    return None


def _later_year(text: str, after: int, later: list[re.Match]) -> str | None:
    """The year of a later date of the same sentence, for a date written without one ("on 30 November and on
    2 December 2022"): the text's own year wins over one the caller knows from elsewhere (a Council cover)."""
    for match in later:
        if _SENTENCE_END.search(text, after, match.start()):
            return None
        if own := match["y2"] or match["y"] or match["uy"]:
            return own
    return None


def _span(match: re.Match, year: int) -> tuple[date, date]:
    if match["d"]:
        day = date(year, MONTHS[match["m"].lower()], _day(match["d"]))
        return day, day
    if match["um"]:
        day = date(year, MONTHS[match["um"].lower()], int(match["ud"]))
        return day, day
    end = date(year, MONTHS[match["m2"].lower()], _day(match["d2"]))
    month = MONTHS[match["m1"].lower()] if match["m1"] else end.month
    first_year = int(match["y1"]) if match["y1"] else (end.year if month <= end.month else end.year - 1)
    return date(first_year, month, _day(match["d1"])), end


def _day(text: str) -> int:
    return int(_DIGITS.match(text).group(0))


def ordinal_value(word: str) -> int:
    """The number an ordinal names.

    >>> ordinal_value("forty-first"), ordinal_value("18th"), ordinal_value("Twentieth"), ordinal_value("Thirty-seventh")
    (41, 18, 20, 37)
    """
    word = word.lower().replace(" ", "-")
    if word[0].isdigit():
        return int(_DIGITS.match(word).group(0))
    if word in _TENSORDINAL:
        return _TENSORDINAL[word]
    if "-" in word:
        tens, unit = word.split("-", 1)
        return _TENS[tens] + _UNITS[unit]
    for tens, value in _TENS.items():
        if word.startswith(tens) and word[len(tens):] in _UNITS:
            return value + _UNITS[word[len(tens):]]
    return _UNITS[word]


__all__ = ["DateError", "MONTH", "MONTHS", "ORDINAL", "find_dates", "ordinal_value"]
