"""The one filter for text typed into forms."""
import re
import unicodedata

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


# Characters that show nothing, beside the control and format characters
# (zero-width spaces and joiners, direction overrides) found by category:
# fillers and blanks that Unicode counts as letters or symbols, and marks
# that only select a glyph's variant.
_INVISIBLE = frozenset(
    [0x034F, 0x115F, 0x1160, 0x17B4, 0x17B5, 0x180B, 0x180C, 0x180D, 0x180E, 0x2800,
     0x3164, 0xFFA0]
    + list(range(0xFE00, 0xFE10)) + list(range(0xE0100, 0xE01F0))
)


def is_invisible(char):
    """True for a character that shows nothing where it stands (space is
    visible as a gap, so it is not counted here)."""
    return (unicodedata.category(char) in ("Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp")
            or ord(char) in _INVISIBLE)


def clean_name(value):
    """A person's name as shown: NFKC (so look-alike forms such as full-width
    letters become the plain ones), no invisible or control characters, and
    every run of spaces one space. Two names that look the same then are the
    same string, up to case."""
    if not isinstance(value, str):
        return value
    value = unicodedata.normalize("NFKC", value)
    value = "".join(" " if char.isspace() else char for char in value
                    if char.isspace() or not is_invisible(char))
    return " ".join(unicodedata.normalize("NFKC", value).split())


def name_key(value):
    """What two display names must not share: the cleaned name, case-folded."""
    return unicodedata.normalize("NFKC", clean_name(value or "").casefold())


def person_key(value):
    """What makes two typed names one person's: case-folded, without accents
    or punctuation, every run of spaces one space ("Siân  O'Neil" and
    "sian oneil" are the same)."""
    decomposed = unicodedata.normalize("NFKD", clean_name(value or "").casefold())
    kept = "".join(char for char in decomposed
                   if not unicodedata.combining(char)
                   and (char.isalnum() or char.isspace()))
    return " ".join(kept.split())


_DISTRICT = re.compile(r"[A-Z]{1,2}[0-9][0-9A-Z]?")


def postcode_district(value):
    """The outward part of a UK postcode ("cf10 1ab" -> "CF10"), "" for none,
    or None when it is not one."""
    text = "".join((value or "").split()).upper()
    if not text:
        return ""
    # A whole postcode is fine: its inward part is a digit and two letters.
    if len(text) > 4 and re.fullmatch(r"[0-9][A-Z]{2}", text[-3:]):
        text = text[:-3]
    return text if _DISTRICT.fullmatch(text) else None
