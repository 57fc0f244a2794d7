"""Reading a CSV file of a pilot's figures, all or nothing.

A bad file is refused whole, with every bad line and why, so that a pilot never shows half
an upload. Messages are plain English passed through the caller's translation function `_`
(identity by default), so this module needs no Flask; each message with values is written
with %(name)s placeholders and filled in after translation.

The header is `period_start,period_end,site,n,successes,mean,sd,cost_per_case` (in any
order). For a proportion measure a row gives n and successes, and leaves mean and sd empty;
for a mean measure it gives n, mean and sd, and leaves successes empty. cost_per_case, in
pounds, may be left empty.
"""
import csv
import io
import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from .stats import MEAN, PENNY, PROPORTION

HEADER = ("period_start", "period_end", "site", "n", "successes", "mean", "sd", "cost_per_case")
SITES = ("pilot", "comparison")

# Years of weekly figures for two sites is a few hundred rows; these limits leave plenty of
# room and keep a wrong or hostile file cheap to refuse.
MAX_BYTES = 512 * 1024
MAX_ROWS = 2000
MAX_PROBLEMS = 100

# What the database keeps: figures to 6 decimal places below 10**12, and a cost per case to
# the penny. A cost per case of a billion pounds or more is surely a slip of the keyboard.
MILLIONTH = Decimal("0.000001")
AMOUNT_LIMIT = Decimal(10) ** 12
COST_LIMIT = Decimal(10) ** 9


def amount_fits(value):
    """True when a figure, rounded as it is stored, is below the limit the database keeps."""
    return abs(value) < AMOUNT_LIMIT and abs(value.quantize(MILLIONTH)) < AMOUNT_LIMIT


def cost_fits(value):
    """True when a cost per case, rounded to the penny, is below a billion pounds."""
    return abs(value) < COST_LIMIT and abs(value.quantize(PENNY)) < COST_LIMIT


_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_WHOLE = re.compile(r"[+-]?\d{1,9}")
_DECIMAL = re.compile(r"[+-]?(\d{1,12}(\.\d{0,12})?|\.\d{1,12})")


@dataclass(frozen=True)
class Row:
    line: int
    period_start: date
    period_end: date
    site: str
    n: int
    successes: int | None
    mean: Decimal | None
    sd: Decimal | None
    cost_per_case: Decimal | None


@dataclass(frozen=True)
class Problem:
    """What is wrong, and on which line; line is None for the file as a whole."""
    line: int | None
    message: str


@dataclass(frozen=True)
class Upload:
    rows: tuple
    problems: tuple

    @property
    def ok(self):
        return not self.problems


class _Bad(Exception):
    pass


def _identity(text):
    return text


def parse(data, kind, has_comparison=True, max_bytes=MAX_BYTES, max_rows=MAX_ROWS,
          _=_identity):
    """Read an uploaded file (bytes) for a measure of `kind`: every row, or no rows and the
    problems. has_comparison False refuses rows for a comparison site the pilot lacks."""
    if kind not in (PROPORTION, MEAN):
        raise ValueError(f"unknown measure kind {kind!r}")
    if len(data) > max_bytes:
        return _refuse(None, _("The file is larger than %(size)d KB.") % {"size": max_bytes // 1024})
    try:
        text = data.decode("utf-8-sig") if isinstance(data, bytes) else data
    except UnicodeDecodeError:
        return _refuse(None, _("The file is not UTF-8 text. Save it as “CSV UTF-8” and upload "
                               "it again."))
    if "\x00" in text:
        return _refuse(None, _("The file is not a text file."))
    if not text.strip():
        return _refuse(None, _("The file is empty."))
    # newline="" lets csv see quoted line breaks, and count lines as a text editor does.
    reader = csv.reader(io.StringIO(text, newline=""))
    rows, problems, seen, count = [], [], {}, 0
    try:
        columns = _header(next(reader), _)
        if isinstance(columns, Problem):
            return Upload((), (columns,))
        line = reader.line_num
        for fields in reader:
            start, line = line + 1, reader.line_num
            if not any(f.strip() for f in fields):
                continue
            count += 1
            if count > max_rows:
                return _refuse(None, _("The file has more than %(max)d rows of figures.")
                               % {"max": max_rows})
            row, row_problems = _row(start, fields, columns, kind, has_comparison, seen, _)
            problems.extend(row_problems)
            if row is not None:
                rows.append(row)
            if len(problems) >= MAX_PROBLEMS:
                del problems[MAX_PROBLEMS:]
                problems.append(Problem(None, _("There are more problems than these. Correct "
                                                "these and upload the file again.")))
                break
    except csv.Error:
        return _refuse(reader.line_num, _("This line cannot be read as CSV."))
    if problems:
        return Upload((), tuple(problems))
    if not rows:
        return _refuse(None, _("The file has a header but no figures."))
    return Upload(tuple(rows), ())


def _refuse(line, message):
    return Upload((), (Problem(line, message),))


def _header(fields, _):
    """The position of each column, or the Problem with the header."""
    names = [f.strip().lower() for f in fields]
    missing = [c for c in HEADER if c not in names]
    extra = [n for n in names if n not in HEADER]
    repeated = sorted({n for n in names if n in HEADER and names.count(n) > 1})
    if extra:
        shown = ", ".join(n[:40] or '""' for n in extra[:8])
        return Problem(1, _("The header has columns that do not belong: %(columns)s. It must be "
                            "%(header)s.") % {"columns": shown, "header": ",".join(HEADER)})
    if missing or repeated:
        return Problem(1, _("The header must be %(header)s.") % {"header": ",".join(HEADER)})
    return {name: names.index(name) for name in HEADER}


def _row(line, fields, columns, kind, has_comparison, seen, _):
    if len(fields) != len(HEADER):
        return None, [Problem(line, _("This line has %(got)d values; it needs %(want)d.")
                              % {"got": len(fields), "want": len(HEADER)})]
    raw = {name: fields[i].strip() for name, i in columns.items()}
    value, problems = {}, []

    def check(name, read):
        try:
            value[name] = read()
        except _Bad as bad:
            value[name] = None
            problems.append(Problem(line, str(bad)))

    check("period_start", lambda: _date(raw, "period_start", _))
    check("period_end", lambda: _date(raw, "period_end", _))
    check("site", lambda: _site(raw, has_comparison, _))
    check("n", lambda: _whole(raw, "n", _, minimum=1))
    if kind == PROPORTION:
        check("successes", lambda: _successes(raw, value["n"], _))
        check("mean", lambda: _not_for_proportions(raw, _))
        value["sd"] = None
    else:
        check("successes", lambda: _empty(raw, "successes", _("successes is only for a "
                                                              "proportion; leave it empty.")))
        check("mean", lambda: _mean(raw, _))
        check("sd", lambda: _sd(raw, _))
    check("cost_per_case", lambda: _cost(raw, _))

    start, end, site = value["period_start"], value["period_end"], value["site"]
    if start and end and end < start:
        problems.append(Problem(line, _("period_end is before period_start.")))
    if start and end and site:
        first = seen.setdefault((start, end, site), line)
        if first != line:
            problems.append(Problem(line, _("The same period and site as line %(line)d.")
                                    % {"line": first}))
    if problems:
        return None, problems
    return Row(line=line, **value), []


def _date(raw, name, _):
    text = raw[name]
    try:
        if _DATE.fullmatch(text):
            return date.fromisoformat(text)
    except ValueError:
        pass
    raise _Bad(_("%(field)s must be a date written as YYYY-MM-DD, such as 2025-01-31.")
               % {"field": name})


def _site(raw, has_comparison, _):
    site = raw["site"].lower()
    if site not in SITES:
        raise _Bad(_("site must be pilot or comparison."))
    if site == "comparison" and not has_comparison:
        raise _Bad(_("This pilot has no comparison site."))
    return site


def _whole(raw, name, _, minimum=0):
    text = raw[name]
    if not text:
        raise _Bad(_("%(field)s is missing.") % {"field": name})
    if not _WHOLE.fullmatch(text):
        raise _Bad(_("%(field)s must be a whole number.") % {"field": name})
    number = int(text)
    if number < 0:
        raise _Bad(_("%(field)s cannot be negative.") % {"field": name})
    if number < minimum:
        raise _Bad(_("%(field)s must be at least %(minimum)d.") % {"field": name,
                                                                   "minimum": minimum})
    return number


def _decimal(raw, name, _):
    text = raw[name]
    if not _DECIMAL.fullmatch(text):
        raise _Bad(_("%(field)s must be a number, such as 12.5.") % {"field": name})
    number = Decimal(text)
    if not amount_fits(number):
        raise _Bad(_("%(field)s is too large.") % {"field": name})
    return number


def _empty(raw, name, message):
    if raw[name]:
        raise _Bad(message)
    return None


def _successes(raw, n, _):
    successes = _whole(raw, "successes", _)
    if n is not None and successes > n:
        raise _Bad(_("successes (%(successes)d) is more than n (%(n)d).")
                   % {"successes": successes, "n": n})
    return successes


def _not_for_proportions(raw, _):
    if raw["sd"] and not raw["mean"]:
        raise _Bad(_("sd is given without a mean."))
    if raw["mean"] or raw["sd"]:
        raise _Bad(_("mean and sd are only for a mean; leave them empty for a proportion."))
    return None


def _mean(raw, _):
    if not raw["mean"]:
        if raw["sd"]:
            raise _Bad(_("sd is given without a mean."))
        raise _Bad(_("mean is missing."))
    return _decimal(raw, "mean", _)


def _sd(raw, _):
    if not raw["mean"]:
        return None  # already said by _mean
    if not raw["sd"]:
        raise _Bad(_("sd is missing."))
    sd = _decimal(raw, "sd", _)
    if sd < 0:
        raise _Bad(_("sd cannot be negative."))
    return sd


def _cost(raw, _):
    text = raw["cost_per_case"].removeprefix("£").strip()
    if not text:
        return None
    if not _DECIMAL.fullmatch(text):
        raise _Bad(_("cost_per_case must be an amount in pounds, such as 12.50."))
    cost = Decimal(text)
    if cost < 0:
        raise _Bad(_("cost_per_case cannot be negative."))
    if not cost_fits(cost):
        raise _Bad(_("%(field)s is too large.") % {"field": "cost_per_case"})
    return cost
