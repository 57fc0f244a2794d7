"""Rendering one text has a hard bound, whatever was typed: Markdown built to
be expensive (runs of emphasis markers, nested brackets, lists and quotes,
long link references, backticks) at the longest a field takes costs the
renderer a bounded amount of work. The work is counted, not timed: the
tokens markdown-it makes and the tags and entities bleach then reads, each tens
of microseconds. (Before the bound, such texts made up to 15,000 tokens and
took 0.25 to 1.7 s each.)"""
import pytest
from bleach.linkifier import URL_RE

from codesign import sanitise
from codesign.models.comment import BODY_MAX
from codesign.models.idea import DESCRIPTION_MAX
from codesign.sanitise import MARKUP_BUDGET, render_markdown

# The most work any text may cost: about 30 ms of Markdown and bleach. Fixed
# numbers, not derived from the budget, so raising it has to pass here too.
TOKENS_MAX = 1_200
MARKS_MAX = 1_200


def pathological(n):
    """Texts of n characters built to be slow to render."""
    units = {
        "stars": "*", "star_a": "*a", "under_a": "_a", "a_star_b": "a**b", "mixed_em": "*_",
        "emph_pairs": "*a* ", "strong_pairs": "**a** ", "emph_links": "*[a](b)",
        "open_brackets": "[", "brackets_a": "[a", "bang_brackets": "![", "link_open": "[a](",
        "links": "[a](b) ", "star_bracket": "*[", "bracket_backtick": "[`",
        "backticks": "`", "backtick_a": "`a", "code_pairs": "`a` ",
        "quotes": "> ", "quote_paras": "> a\n\n", "quote_lists": "> - a\n>\n",
        "list_items": "- a\n", "ordered_items": "1. a\n", "empty_items": "-\n\n",
        "nested_lists": "- - - - - - - - - a\n\n", "nested_ordered": "1. 1. 1. 1. a\n\n",
        "nested_quote_lists": "> - > - > - a\n\n", "list_links": "- [a](b)\n",
        "ref_uses": "[x]", "autolinks": "<http://a.b> ", "lt": "<", "entities": "&amp; ",
        "double_quotes": '"a', "backslashes": "\\", "lines": "a\n", "hard_breaks": "a  \n",
        "lazy_lines": "b\n", "setext": "a\n=\n", "fences": "```\n", "domains": "a.co ",
        "parens": "(", "hyphens": "a-", "link_dest_parens": "[a](((",
    }
    nested = "".join("  " * depth + "- a\n" for depth in range(40))
    yield "nested_indents", (nested * (n // len(nested) + 1))[:n]
    yield "deep_brackets", "[" * (n // 2) + "]" * (n // 2)
    yield "long_ref_label", "[" + "a" * (n - 10) + "]: /u"
    yield "many_ref_definitions", ("[a]: /u\n" * n)[:n]
    yield "ref_then_uses", ("[x]: /u\n\n" + "[x]" * n)[:n]
    yield "growing_backtick_runs", "".join("`" * k + "a" for k in range(1, 300))[:n]
    for name, unit in units.items():
        yield name, (unit * (n // len(unit) + 1))[:n]


def family():
    """Each text at each field's longest, and cut to just within the markup
    budget then filled up with words (the most markup that is still parsed)."""
    for limit in (BODY_MAX, DESCRIPTION_MAX):
        for name, text in pathological(limit):
            yield f"{name}-{limit}", text
            low, high = 0, len(text)
            while low < high:
                middle = (low + high + 1) // 2
                if sanitise.markup_count(text[:middle]) <= MARKUP_BUDGET:
                    low = middle
                else:
                    high = middle - 1
            words = "word " * limit
            yield f"{name}-{limit}-budget", (text[:low] + " " + words)[:limit]
            yield f"{name}-{limit}-budget-last", (words[:limit - low - 1] + " " + text[:low])[:limit]


class Counted:
    """markdown-it and bleach as the renderer calls them, counting their work."""

    def __init__(self, monkeypatch):
        self.tokens = self.marks = 0
        markdown, clean = sanitise._markdown, sanitise.clean_html
        counted = self

        class Markdown:
            def render(self, source):
                tokens = markdown.parse(source)
                counted.tokens += sum(1 + len(token.children or []) for token in tokens)
                return markdown.renderer.render(tokens, markdown.options, {})

        def clean_html(html):
            counted.marks += html.count("<") + html.count("&")
            return clean(html)

        monkeypatch.setattr(sanitise, "_markdown", Markdown())
        monkeypatch.setattr(sanitise, "clean_html", clean_html)
        sanitise._rendered.clear()


@pytest.mark.parametrize("name, text", list(family()), ids=lambda value: value[:40])
def test_a_pathological_text_costs_bounded_work(monkeypatch, name, text):
    work = Counted(monkeypatch)
    html = str(render_markdown(text))
    assert work.tokens <= TOKENS_MAX, f"{name}: {work.tokens} tokens"
    assert work.marks <= MARKS_MAX, f"{name}: {work.marks} tags and entities"
    assert "<script" not in html


def test_text_over_the_markup_budget_is_shown_as_typed_without_parsing(monkeypatch):
    work = Counted(monkeypatch)
    text = "*a* " * (MARKUP_BUDGET // 2 + 1) + "\n\n<b>bold</b> & [link](https://e.org)"
    html = str(render_markdown(text))
    assert work.tokens == 0 and work.marks == 0
    assert html.startswith("<p>*a* *a* ")
    assert html.endswith("</p>\n<p>&lt;b&gt;bold&lt;/b&gt; &amp; [link](https://e.org)</p>")
    assert "<em>" not in html and "<a " not in html


def test_ordinary_writing_within_the_budget_is_still_markdown():
    paragraph = ("We need **longer hours** at the [library](https://example.org), "
                 "not just at *weekends*.\n")
    text = "\n".join([paragraph] * 12 + ["- one\n- two\n", "> quoted\n", "`code` here\n"])
    assert sanitise.markup_count(text) <= MARKUP_BUDGET
    html = str(render_markdown(text))
    assert html.count("<strong>longer hours</strong>") == 12
    assert '<a href="https://example.org" rel="nofollow ugc noopener">library</a>' in html
    assert "<ul>" in html and "<blockquote>" in html and "<code>code</code>" in html


@pytest.mark.parametrize("text", [
    "see www.example.org today", "(http://a.com/x)", "((www.a.com))", "x(www.a.com)", "a-b.com",
    "foo.bar.co.uk/path?x=1 and https://user:pw@x.com:8080/p", "a.com.", "@a.com", ".a.com",
    "www.a.community", "http://a.b.c.d.e.com/", "-a.com", "a_b.org", "x.co/y", "x-http://a.com",
    "(see https://e.org/a_(b))", "mailto:me@x.org", "1.2.3.4", "a - www.a.com, then",
])
def test_links_are_found_where_bleach_found_them(text):
    ours = [(match.start(), match.group()) for match in sanitise._URL.finditer(text)]
    assert ours == [(match.start(), match.group()) for match in URL_RE.finditer(text)]


@pytest.mark.parametrize("unit", ["(", "a-", "a(", "a."])
def test_runs_that_made_the_link_finder_backtrack_render_as_text(unit):
    """bleach's own pattern took 1.7 s over 10,000 "(" and 0.6 s over "a-a-...";
    the replacement starts a match only at the start of such a run."""
    text = unit * (DESCRIPTION_MAX // len(unit))
    assert str(render_markdown(text)) == f"<p>{text}</p>"
