"""A CSV file of a pilot's figures is read whole or refused whole, with each bad line and why."""
import os
import random
from datetime import date
from decimal import Decimal

import pytest

from codesign.pilots import csvfile
from codesign.pilots.stats import MEAN, PROPORTION

HEADER = "period_start,period_end,site,n,successes,mean,sd,cost_per_case"


def upload(*lines, kind=PROPORTION, header=HEADER, **options):
    text = "\n".join(([header] if header is not None else []) + list(lines)) + "\n"
    return csvfile.parse(text.encode("utf-8"), kind, **options)


def problems(result):
    assert not result.ok and result.rows == ()
    return [(p.line, p.message) for p in result.problems]


def test_a_good_file_of_proportions_gives_every_row():
    result = upload("2025-01-01,2025-01-31,pilot,120,96,,,42.50",
                    "2025-01-01,2025-01-31,comparison,110,70,,,",
                    "2025-02-01,2025-02-28,Pilot , 130 ,101,,,£39")
    assert result.ok and result.problems == ()
    first, second, third = result.rows
    assert first == csvfile.Row(line=2, period_start=date(2025, 1, 1), period_end=date(2025, 1, 31),
                                site="pilot", n=120, successes=96, mean=None, sd=None,
                                cost_per_case=Decimal("42.50"))
    assert second.site == "comparison" and second.cost_per_case is None
    assert (third.line, third.site, third.n, third.cost_per_case) == (4, "pilot", 130, Decimal("39"))


def test_a_good_file_of_means_with_a_bom_crlf_and_columns_in_another_order():
    text = ("\ufeffsite,n,mean,sd,successes,cost_per_case,period_start,period_end\r\n"
            "pilot,40,6.25,2.5,,12.00,2025-03-01,2025-03-31\r\n"
            "\r\n"
            "comparison,38,8.125,3.0,,,2025-03-01,2025-03-31\r\n")
    result = csvfile.parse(text.encode("utf-8"), MEAN)
    assert result.ok
    assert [(r.line, r.site, r.mean, r.sd) for r in result.rows] == [
        (2, "pilot", Decimal("6.25"), Decimal("2.5")), (4, "comparison", Decimal("8.125"),
                                                         Decimal("3.0"))]


@pytest.mark.parametrize("line,kind,message", [
    ("2025-02-01,2025-01-31,pilot,10,5,,,", PROPORTION, "period_end is before period_start."),
    ("2025-01-01,2025-01-31,pilot,-3,0,,,", PROPORTION, "n cannot be negative."),
    ("2025-01-01,2025-01-31,pilot,0,0,,,", PROPORTION, "n must be at least 1."),
    ("2025-01-01,2025-01-31,pilot,10,-1,,,", PROPORTION, "successes cannot be negative."),
    ("2025-01-01,2025-01-31,pilot,10,11,,,", PROPORTION, "successes (11) is more than n (10)."),
    ("2025-01-01,2025-01-31,pilot,10,,,,", PROPORTION, "successes is missing."),
    ("2025-01-01,2025-01-31,pilot,10,2.5,,,", PROPORTION, "successes must be a whole number."),
    ("2025-01-01,2025-01-31,pilot,10,5,,1.2,", PROPORTION, "sd is given without a mean."),
    ("2025-01-01,2025-01-31,pilot,10,5,3,1,", PROPORTION,
     "mean and sd are only for a mean; leave them empty for a proportion."),
    ("2025-01-01,2025-01-31,pilot,10,,,1.2,", MEAN, "sd is given without a mean."),
    ("2025-01-01,2025-01-31,pilot,10,,4,-1,", MEAN, "sd cannot be negative."),
    ("2025-01-01,2025-01-31,pilot,10,,4,,", MEAN, "sd is missing."),
    ("2025-01-01,2025-01-31,pilot,10,,,,", MEAN, "mean is missing."),
    ("2025-01-01,2025-01-31,pilot,10,,nan,1,", MEAN, "mean must be a number, such as 12.5."),
    ("2025-01-01,2025-01-31,pilot,10,,1e9,1,", MEAN, "mean must be a number, such as 12.5."),
    ("2025-01-01,2025-01-31,pilot,10,3,4,1,", MEAN,
     "successes is only for a proportion; leave it empty."),
    ("2025-01-01,2025-01-31,pilot,10,5,,,-2", PROPORTION, "cost_per_case cannot be negative."),
    ("2025-01-01,2025-01-31,pilot,10,5,,,ten", PROPORTION,
     "cost_per_case must be an amount in pounds, such as 12.50."),
    ("01/01/2025,2025-01-31,pilot,10,5,,,", PROPORTION,
     "period_start must be a date written as YYYY-MM-DD, such as 2025-01-31."),
    ("2025-01-01,2025-02-30,pilot,10,5,,,", PROPORTION,
     "period_end must be a date written as YYYY-MM-DD, such as 2025-01-31."),
    ("2025-01-01,2025-01-31,control,10,5,,,", PROPORTION, "site must be pilot or comparison."),
    ("2025-01-01,2025-01-31,pilot,10,5,,", PROPORTION, "This line has 7 values; it needs 8."),
    ("2025-01-01,2025-01-31,pilot,99999999999,5,,,", PROPORTION, "n must be a whole number."),
    # Beyond what the database keeps: below 10**12 to 6 places, a cost below a billion pounds.
    ("2025-01-01,2025-01-31,pilot,10,,999999999999.9999999,1,", MEAN, "mean is too large."),
    ("2025-01-01,2025-01-31,pilot,10,,4,999999999999.9999999,", MEAN, "sd is too large."),
    ("2025-01-01,2025-01-31,pilot,10,5,,,1000000000", PROPORTION, "cost_per_case is too large."),
    ("2025-01-01,2025-01-31,pilot,10,5,,,999999999.995", PROPORTION,
     "cost_per_case is too large."),
])
def test_one_bad_row_refuses_the_whole_file_and_says_where_and_why(line, kind, message):
    good = ("2025-03-01,2025-03-31,pilot,10,5,,," if kind == PROPORTION
            else "2025-03-01,2025-03-31,pilot,10,,4,1,")
    assert problems(upload(good, line, kind=kind)) == [(3, message)]


def test_the_largest_figures_the_database_keeps_are_accepted():
    result = upload("2025-01-01,2025-01-31,pilot,10,,999999999999.4999994,0,999999999.99",
                    kind=MEAN)
    assert result.ok, result.problems


def test_every_bad_row_is_listed_and_a_row_can_have_several_problems():
    result = upload("2025-01-01,2025-01-31,pilot,10,5,,,",
                    "2025-02-01,2025-01-31,pilot,-1,3,,,",
                    "2025-03-01,2025-03-31,pilot,10,5,,,",
                    "2025-03-01,2025-03-31,pilot,12,6,,,",
                    "2025-03-01,2025-03-31,comparison,12,6,,,")
    assert problems(result) == [(3, "n cannot be negative."),
                                (3, "period_end is before period_start."),
                                (5, "The same period and site as line 4.")]


def test_comparison_rows_are_refused_for_a_pilot_without_a_comparison_site():
    result = upload("2025-01-01,2025-01-31,comparison,10,5,,,", has_comparison=False)
    assert problems(result) == [(2, "This pilot has no comparison site.")]


def test_a_quoted_line_break_keeps_the_line_numbers_of_the_file():
    result = upload('2025-01-01,2025-01-31,"pi\nlot",10,5,,,', "2025-02-01,2025-01-31,pilot,10,5,,,")
    assert problems(result) == [(2, "site must be pilot or comparison."),
                                (4, "period_end is before period_start.")]


@pytest.mark.parametrize("header,message", [
    ("period_start,period_end,site,n,successes,mean,sd",
     "The header must be " + HEADER + "."),
    (HEADER + ",notes", "The header has columns that do not belong: notes. It must be "
     + HEADER + "."),
    (HEADER + ",", 'The header has columns that do not belong: "". It must be ' + HEADER + "."),
    (HEADER.replace("sd", "n"), "The header must be " + HEADER + "."),
    ("2025-01-01,2025-01-31,pilot,10,5,,,", None),
])
def test_a_missing_or_extra_header_is_refused(header, message):
    result = upload("2025-01-01,2025-01-31,pilot,10,5,,,", header=header)
    [(line, got)] = problems(result)
    assert line == 1
    if message:
        assert got == message
    else:
        assert got.startswith("The header has columns that do not belong: 2025-01-01, ")


def test_a_repeated_header_column_is_refused():
    header = "period_start,period_end,site,n,successes,mean,sd,cost_per_case,site"
    assert problems(upload("2025-01-01,2025-01-31,pilot,10,5,,,,pilot", header=header)) == [
        (1, "The header must be " + HEADER + ".")]


def test_empty_files_and_files_without_figures_are_refused():
    assert problems(csvfile.parse(b"", PROPORTION)) == [(None, "The file is empty.")]
    assert problems(csvfile.parse(b"\n \n", PROPORTION)) == [(None, "The file is empty.")]
    assert problems(upload()) == [(None, "The file has a header but no figures.")]


def test_more_rows_than_allowed_are_refused():
    lines = [f"2025-01-{d:02d},2025-01-{d:02d},pilot,10,5,,," for d in range(1, 12)]
    assert upload(*lines[:10], max_rows=10).ok
    assert problems(upload(*lines, max_rows=10)) == [
        (None, "The file has more than 10 rows of figures.")]


def test_too_many_problems_are_cut_short():
    lines = [f"2025-01-01,2025-01-31,pilot,-{i},0,,," for i in range(1, 300)]
    listed = problems(upload(*lines))
    assert len(listed) == csvfile.MAX_PROBLEMS + 1
    assert listed[-1][0] is None and listed[-1][1].startswith("There are more problems")


def test_ten_megabytes_of_nonsense_is_refused_without_reading_it():
    nonsense = random.Random(11).randbytes(1024).hex().encode() * (5 * 1024)
    assert len(nonsense) == 10 * 1024 * 1024
    assert problems(csvfile.parse(nonsense, PROPORTION)) == [
        (None, "The file is larger than 512 KB.")]


def test_nonsense_under_the_size_limit_is_refused_with_a_reason():
    rng = random.Random(12)
    words = ["".join(rng.choice("abc,\"'\n;\t 0123-") for _ in range(rng.randint(1, 60)))
             for _ in range(5000)]
    result = csvfile.parse("\n".join(words).encode(), MEAN, max_bytes=10 * 1024 * 1024)
    assert not result.ok and result.rows == () and result.problems
    # A whole 10 MB text of one giant field is refused too, not a crash.
    giant = b'"' + b"x" * (10 * 1024 * 1024 - 1)
    assert not csvfile.parse(giant, MEAN, max_bytes=11 * 1024 * 1024).ok


@pytest.mark.parametrize("junk,message", [
    (bytes(range(256)) * 4, "The file is not UTF-8 text. Save it as “CSV UTF-8” and upload it "
                            "again."),
    (HEADER.encode("utf-16"), "The file is not UTF-8 text. Save it as “CSV UTF-8” and upload "
                              "it again."),
    (b"\x89PNG\r\n\x1a\n" + os.urandom(64), "The file is not UTF-8 text. Save it as “CSV UTF-8” "
                                            "and upload it again."),
    (HEADER.encode() + b"\n\x00\x00\x00\n", "The file is not a text file."),
    ("period_start,période".encode("latin-1"), "The file is not UTF-8 text. Save it as “CSV "
                                                "UTF-8” and upload it again."),
])
def test_binary_junk_is_refused(junk, message):
    assert problems(csvfile.parse(junk, PROPORTION)) == [(None, message)]


def test_messages_go_through_the_translation_function_before_values_are_filled_in():
    seen = []

    def translate(text):
        seen.append(text)
        return "«" + text + "»"

    result = upload("2025-01-01,2025-01-31,pilot,10,11,,,", _=translate)
    assert problems(result) == [(2, "«successes (11) is more than n (10).»")]
    assert "successes (%(successes)d) is more than n (%(n)d)." in seen


def test_an_unknown_kind_is_a_programming_error():
    with pytest.raises(ValueError):
        csvfile.parse(b"", "median")
