"""Dates in reports: "اليوم الاثنين", "أمس", "on Monday", "yesterday", "امروز دوشنبه", "دیروز",
"2 December 2024", "٢ ديسمبر", "۱۲ آذر ۱۴۰۳", resolved against the report's publication date.

A weekday means the most recent such day on or before publication; a day and month without a
year mean the most recent such date on or before publication.
"""

import datetime
import re
from dataclasses import dataclass

from .normalise import fold

WEEKDAYS = {
    0: ["monday", "الاثنين", "الإثنين", "اثنين", "دوشنبه", "دو شنبه"],
    1: ["tuesday", "الثلاثاء", "ثلاثاء", "سه‌شنبه", "سه شنبه"],
    2: ["wednesday", "الأربعاء", "الاربعاء", "أربعاء", "چهارشنبه", "چهار شنبه"],
    3: ["thursday", "الخميس", "خميس", "پنجشنبه", "پنج‌شنبه", "پنج شنبه"],
    4: ["friday", "الجمعة", "جمعة", "جمعه"],
    5: ["saturday", "السبت", "سبت", "شنبه"],
    6: ["sunday", "الأحد", "الاحد", "یکشنبه", "یک‌شنبه", "یک شنبه"],
}
RELATIVE = {
    -2: ["أول أمس", "اول امس", "أول من أمس", "پریروز", "the day before yesterday"],
    -1: ["أمس", "البارحة", "دیروز", "yesterday", "last night", "دیشب", "مساء أمس", "ليلة أمس"],
    0: ["اليوم", "امروز", "today", "this morning", "this afternoon", "this evening", "tonight", "امشب"],
}
GREGORIAN_MONTHS = {
    1: ["january", "jan", "يناير", "كانون الثاني", "ژانویه", "ژانویهٔ"],
    2: ["february", "feb", "فبراير", "شباط", "فوریه"],
    3: ["march", "mar", "مارس", "آذار"],
    4: ["april", "apr", "أبريل", "ابريل", "إبريل", "نيسان", "آوریل"],
    5: ["may", "مايو", "أيار", "ماي", "مه", "مِی", "می"],
    6: ["june", "jun", "يونيو", "يونيه", "حزيران", "ژوئن"],
    7: ["july", "jul", "يوليو", "يوليه", "تموز", "ژوئیه", "جولای"],
    8: ["august", "aug", "أغسطس", "اغسطس", "آب", "اوت", "آگوست"],
    9: ["september", "sep", "sept", "سبتمبر", "أيلول", "سپتامبر"],
    10: ["october", "oct", "أكتوبر", "اكتوبر", "تشرين الأول", "اکتبر"],
    11: ["november", "nov", "نوفمبر", "تشرين الثاني", "نوامبر"],
    12: ["december", "dec", "ديسمبر", "كانون الأول", "دسامبر"],
}
JALALI_MONTHS = {
    1: ["فروردین"], 2: ["اردیبهشت"], 3: ["خرداد"], 4: ["تیر"], 5: ["مرداد"], 6: ["شهریور"],
    7: ["مهر"], 8: ["آبان"], 9: ["آذر"], 10: ["دی"], 11: ["بهمن"], 12: ["اسفند"],
}  # fmt: skip


def _alternation(words):
    folded = sorted({fold(w) for w in words}, key=len, reverse=True)
    return "|".join(re.escape(w) for w in folded)


def _lookup(table):
    return {fold(word): key for key, words in table.items() for word in words}


WEEKDAY_OF = _lookup(WEEKDAYS)
RELATIVE_OF = _lookup(RELATIVE)
GREGORIAN_OF = _lookup(GREGORIAN_MONTHS)
JALALI_OF = _lookup(JALALI_MONTHS)

B, E = r"(?<!\w)", r"(?!\w)"
DAY = r"(\d{1,2})(?:st|nd|rd|th)?"
YEAR = r"(\d{4})"
PATTERNS = [
    ("jalali", re.compile(rf"{B}{DAY}\s+({_alternation(JALALI_OF)}){E}(?:\s+(?:ماه\s+)?{YEAR})?")),
    ("dmy", re.compile(rf"{B}{DAY}\s+(?:of\s+)?({_alternation(GREGORIAN_OF)}){E}\.?(?:,?\s+{YEAR})?")),
    ("mdy", re.compile(rf"{B}({_alternation(GREGORIAN_OF)})\.?\s+{DAY}{E}(?:,?\s+{YEAR})?")),
    ("weekday", re.compile(rf"{B}(?:(?:{_alternation(RELATIVE[0])})\s+)?({_alternation(WEEKDAY_OF)}){E}")),
    ("relative", re.compile(rf"{B}({_alternation(RELATIVE_OF)}){E}")),
]


@dataclass
class DateMention:
    date: datetime.date
    start: int
    end: int
    how: str


def jalali_to_gregorian(jy, jm, jd):
    """The Gregorian date of a Solar Hijri (Persian calendar) date."""
    jy += 1595
    days = -355668 + 365 * jy + (jy // 33) * 8 + ((jy % 33) + 3) // 4 + jd
    days += (jm - 1) * 31 if jm < 7 else (jm - 7) * 30 + 186
    gy = 400 * (days // 146097)
    days %= 146097
    if days > 36524:
        days -= 1
        gy += 100 * (days // 36524)
        days %= 36524
        if days >= 365:
            days += 1
    gy += 4 * (days // 1461)
    days %= 1461
    if days > 365:
        gy += (days - 1) // 365
        days = (days - 1) % 365
    gd = days + 1
    leap = (gy % 4 == 0 and gy % 100 != 0) or gy % 400 == 0
    months = [31, 29 if leap else 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
    gm = 0
    while gm < 12 and gd > months[gm]:
        gd -= months[gm]
        gm += 1
    return datetime.date(gy, gm + 1, gd)


def gregorian_to_jalali_year(date):
    """The Solar Hijri year that contains ``date``."""
    year = date.year - 621
    return year if date >= jalali_to_gregorian(year, 1, 1) else year - 1


def _weekday_on_or_before(weekday, published):
    return published - datetime.timedelta(days=(published.weekday() - weekday) % 7)


def _resolve(kind, match, published):
    groups = match.groups()
    try:
        if kind == "relative":
            return published + datetime.timedelta(days=RELATIVE_OF[groups[0]])
        if kind == "weekday":
            return _weekday_on_or_before(WEEKDAY_OF[groups[0]], published)
        if kind == "jalali":
            day, month, year = int(groups[0]), JALALI_OF[groups[1]], groups[2]
            jyear = int(year) if year else gregorian_to_jalali_year(published)
            date = jalali_to_gregorian(jyear, month, day)
            if not year and date > published:
                date = jalali_to_gregorian(jyear - 1, month, day)
            return date
        if kind == "dmy":
            day, month, year = int(groups[0]), GREGORIAN_OF[groups[1]], groups[2]
        else:
            month, day, year = GREGORIAN_OF[groups[0]], int(groups[1]), groups[2]
        if year:
            return datetime.date(int(year), month, day)
        date = datetime.date(published.year, month, day)
        return date if date <= published else datetime.date(published.year - 1, month, day)
    except (ValueError, KeyError):
        return None


def find_dates(folded, published):
    """Every date the folded text states, in order, resolved against ``published``."""
    found, taken = [], []
    for kind, pattern in PATTERNS:
        for match in pattern.finditer(folded):
            if any(s < match.end() and match.start() < e for s, e in taken):
                continue
            date = _resolve(kind, match, published)
            if date is not None:
                taken.append((match.start(), match.end()))
                found.append(DateMention(date, match.start(), match.end(), kind))
    return sorted(found, key=lambda m: m.start)
