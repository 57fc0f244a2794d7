"""Dates in words are kept by what Babel's words depend on (the unit, the
rounded number and the direction, per language): they must be Babel's words
for every span, in both languages, with and without "ago" or "in"."""
from datetime import timedelta

from flask_babel import force_locale, format_timedelta

from codesign import templating

SPANS = sorted({0, 1, 29, 30, 44, 45, 50, 51, 52, 59, 60, 89, 90, 3000, 3059, 3060, 3599,
                3600, 5399, 5400, 73_000, 73_440, 73_441, 86_399, 86_400, 129_600,
                510_000, 514_079, 514_080, 518_400, 604_800, 2_203_200, 2_203_201,
                2_592_000, 26_000_000, 26_827_999, 26_828_000, 31_536_000, 94_608_000}
               | set(range(0, 200_000, 997)) | set(range(0, 80_000_000, 65_537)))


def test_every_span_in_words_is_babels(app):
    with app.test_request_context():
        for locale in ("en", "cy"):
            with force_locale(locale):
                for seconds in SPANS:
                    for sign in (1, -1):
                        for extra in (0, 0.4, 0.6):
                            delta = timedelta(seconds=sign * (seconds + extra))
                            for direction in (True, False):
                                assert templating._in_words(delta, direction) == \
                                    format_timedelta(delta, add_direction=direction), \
                                    (locale, delta, direction)
