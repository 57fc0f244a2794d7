"""The arithmetic of a chart's axes, shared by the site's charts
(codesign/charts.py) and the pilots' chart (codesign/pilots/chart.py): round
tick values, numbers without trailing zeros, and the ids a chart may take.
Standard library only: the pilots' core imports nothing else of the site
(tests/test_pilot_core.py)."""
import math
import re

# An SVG id (and the prefix of its title's and description's ids).
HTML_ID = re.compile(r"[A-Za-z][A-Za-z0-9_-]{0,63}")


def nice_step(raw):
    """1, 2 or 5 times a power of ten, at least raw."""
    exponent = math.floor(math.log10(raw))
    fraction = raw / 10 ** exponent
    nice = 1 if fraction <= 1 else 2 if fraction <= 2 else 5 if fraction <= 5 else 10
    return nice * 10 ** exponent


def ticks(low, high, floor=None, ceiling=None, pad=None):
    """Round tick values that cover low..high, about five of them. Equal
    values get room around them (pad, else a tenth of the value, else 1) so a
    flat line sits mid-chart; floor and ceiling bound the ticks."""
    low, high = float(low), float(high)
    if high == low:
        pad = pad if pad is not None else (abs(low) * 0.1 or 1.0)
        low, high = low - pad, high + pad
    step = nice_step((high - low) / 4)
    first, last = math.floor(low / step) * step, math.ceil(high / step) * step
    if floor is not None:
        first = max(first, floor)
    if ceiling is not None:
        last = min(last, ceiling)
    count = round((last - first) / step)
    return [round(first + i * step, 10) for i in range(count + 1)]


def trim(number):
    """A number without trailing zeros: 2.50 -> "2.5", 3.0 -> "3"."""
    text = f"{number:f}".rstrip("0").rstrip(".") if "." in f"{number:f}" else str(number)
    return "0" if text in ("-0", "") else text
