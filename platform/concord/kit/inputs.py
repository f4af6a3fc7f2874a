"""What the edge refuses in any input, whatever the field (issue 14): control characters in text and dates
outside the range the platform keeps. The GraphQL guard (concord/graphql/inputs.py) and the token endpoint
apply these before anything runs, so no service, query or hash ever sees such a value."""

from __future__ import annotations

import re
from datetime import date

# C0 controls except tab, newline and carriage return (textareas submit CRLF), DEL, the C1 controls, and lone
# UTF-16 surrogates (a JSON or GraphQL escape can produce one; PostgreSQL cannot store it). NUL is the one that
# broke things (PostgreSQL refuses it in text); the others have no place in a title, a name or minutes either.
_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")

# Dates and date-times the platform accepts: wide enough for any birth date or legal period, far inside what
# PostgreSQL and Python can convert between time zones (a year-9999 time at UTC-12 overflows on the way in).
MIN_YEAR = 1900
MAX_YEAR = 2200

TEXT_MESSAGE = "输入含有不允许的控制字符（{char}）：仅允许制表符、换行符和回车符"
DATE_MESSAGE = f"日期超出允许范围：须在 {MIN_YEAR} 年至 {MAX_YEAR} 年之间"


def forbidden_character(text: str) -> str | None:
    """The first refused character as `U+XXXX`, or None when the text is acceptable."""
    m = _FORBIDDEN.search(text)
    return f"U+{ord(m.group()):04X}" if m else None


def date_in_range(value: date) -> bool:
    """Whether a date or date-time falls in MIN_YEAR..MAX_YEAR (a date-time by the year as written: its
    offset moves it at most a day, which PostgreSQL still stores)."""
    return MIN_YEAR <= value.year <= MAX_YEAR
