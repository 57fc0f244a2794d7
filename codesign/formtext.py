"""The one filter for text typed into forms."""
import re

# C0 and C1 controls (tab and newline among them) and the Unicode line and
# paragraph separators.
CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]+")


def clean_text(value):
    """Trim surrounding space and drop NUL characters: PostgreSQL cannot store
    them (nor compare against them), and nobody means to type one."""
    if not isinstance(value, str):
        return value
    return value.replace("\x00", "").strip()


def clean_line(value):
    """clean_text for a one-line field (a title, a name): control characters,
    line breaks among them, become one space. A title reaches places where a
    line break does harm, such as an email's Subject header."""
    if not isinstance(value, str):
        return value
    return clean_text(CONTROL.sub(" ", value.replace("\x00", "")))
