"""Brand colours: read as typed, and held to WCAG AA contrast against white.

The colour is the header's background under white text, and the colour of
buttons, links and tags on a white page: both pairs are the colour against
white, so one ratio decides."""
import re

from flask_babel import gettext as _

from ..exceptions import DomainError

AA_CONTRAST = 4.5
_HEX = re.compile(r"#?([0-9a-fA-F]{6}|[0-9a-fA-F]{3})")


def parse_hex(text):
    """"#1D70B8", "1d70b8" or "#17b" as "#1d70b8"; None if it is not a hex colour."""
    match = _HEX.fullmatch((text or "").strip())
    if match is None:
        return None
    digits = match.group(1).lower()
    if len(digits) == 3:
        digits = "".join(char * 2 for char in digits)
    return "#" + digits


def _channel(value):
    value /= 255
    return value / 12.92 if value <= 0.04045 else ((value + 0.055) / 1.055) ** 2.4


def luminance(colour):
    red, green, blue = (int(colour[i:i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * _channel(red) + 0.7152 * _channel(green) + 0.0722 * _channel(blue)


def contrast_with_white(colour):
    return 1.05 / (luminance(colour) + 0.05)


def checked_colour(text):
    """The colour as "#rrggbb", or a DomainError (field "colour") saying why not."""
    colour = parse_hex(text)
    if colour is None:
        raise DomainError(_("Enter the colour as a hex code, like #1d70b8"), field="colour")
    ratio = contrast_with_white(colour)
    if ratio < AA_CONTRAST:
        raise DomainError(_(
            "This colour has a contrast of %(ratio)s:1 with white; it needs at least 4.5:1 "
            "(WCAG AA) so that white text on it, and it as text on white, can be read. "
            "Choose a darker shade.", ratio=f"{int(ratio * 10) / 10:.1f}"), field="colour")
    return colour
