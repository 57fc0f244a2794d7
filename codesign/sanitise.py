"""The only module that turns user text into HTML, and the only importer of
bleach (no longer released since June 2026: keep it behind this wall, with the
Content-Security-Policy as the second one).

Authors' text is stored as typed, and beside it the HTML rendered here when
it is written (the services set the `*_html` columns; the models' column
defaults cover rows inserted any other way). Pages and the API read that
HTML and never render: `stored_html` is the one way a template marks it safe.

Rendering one text has a hard bound. Markdown then bleach costs up to a
tenth of a millisecond per piece of markup (a delimiter, a line, an entity),
so a text with more markup than MARKUP_BUDGET, more than anyone writes by
hand, is shown as typed: escaped, in paragraphs and lines, without parsing.
Below the budget the work is linear too: markdown-it's nesting is capped,
and bleach's link finder is replaced by one that cannot backtrack
quadratically (its own takes seconds over a run of "(" or "a-a-a-").
"""
import html
import re
import threading
from functools import partial

import bleach
import cachetools
from bleach.html5lib_shim import allowed_protocols
from bleach.linkifier import TLDS, LinkifyFilter
from markdown_it import MarkdownIt
from markupsafe import Markup

ALLOWED_TAGS = frozenset(
    {"p", "br", "strong", "em", "a", "ul", "ol", "li", "blockquote", "code", "pre"}
)
ALLOWED_ATTRIBUTES = {"a": ["href", "rel"]}
ALLOWED_PROTOCOLS = frozenset({"http", "https", "mailto"})
LINK_REL = "nofollow ugc noopener"

# "html": False makes raw HTML in the source plain text; "breaks" keeps the
# line breaks people type in a text box; "maxNesting" (commonmark's own, said
# here because the bound depends on it) caps how deep lists, quotes, links
# and emphasis nest.
_markdown = MarkdownIt("commonmark", {"html": False, "breaks": True, "linkify": False,
                                     "maxNesting": 20})
# Tags the allowlist would strip anyway: leave their Markdown as typed text
# rather than drop an image's words or turn a heading into a bare line.
_markdown.disable(["image", "heading", "lheading", "hr", "html_block", "html_inline"])


def _set_rel(attrs, new=False):
    href = attrs.get((None, "href"), "")
    scheme = href.split(":", 1)[0].lower() if ":" in href else ""
    if scheme and scheme not in ALLOWED_PROTOCOLS:
        return None  # drop the link, keep its text
    attrs[(None, "rel")] = LINK_REL
    attrs.pop((None, "target"), None)
    return attrs


# Markup that costs work to parse and clean: emphasis and link delimiters,
# code spans, escapes, entities, quotes (written as &quot;), lines (each one a
# <br> or a block), list markers (each one a list, nested if several share a
# line), and dots inside words (each bare link has one).
_MARKUP = re.compile(r'[*_\[\]`<>&"\\\n]|\.(?=\w)|(?:^|(?<=[ \t>]))(?:[-+]|\d{1,9}[.)])(?=[ \t]|$)',
                     re.MULTILINE)
# Each costs Markdown and bleach up to about 0.1 ms (a list item, a quote, a
# link), so this keeps any text to about 30 ms (one-off measurement; 50 on a
# busy machine). Ordinary formatted writing of 10,000 characters has less:
# the longest texts of the demo content, lists included, come to a third.
MARKUP_BUDGET = 300


def markup_count(source: str) -> int:
    return len(_MARKUP.findall(source))


# bleach's URL pattern, made linear: a match begins only at the start of a
# run of "(" or of [\w-] (after one leading "-", or where a protocol begins),
# and its quantifiers do not give back (Python 3.11's possessive forms).
# bleach's own retries every position of such a run and rescans it to the
# end. The one difference: a domain after two or more hyphens ("--a.com") is
# not made a link.
_PROTOCOLS = "|".join(sorted(allowed_protocols))
_URL = re.compile(
    r"""(?<!\()\(*+
    (?:(?<![\w-])|(?<=[^\w-]-)|(?<=^-)|(?=(?:{0}):))\b(?<![@.])
    (?:(?:{0}):/{{0,3}}(?:(?:\w++:)?\w++@)?)?
    (?:[\w-]++\.)+(?:{1})(?:\:[0-9]++)?(?!\.\w)\b
    (?:[/?][^\s\{{\}}\|\\\^`<>"]*+)?
    """.format(_PROTOCOLS, "|".join(sorted(TLDS))),
    re.IGNORECASE | re.VERBOSE | re.UNICODE,
)


# A Cleaner keeps parser state between calls and bleach says it is not
# thread-safe: shared by a threaded server it mixes one request's text into
# another's. So one per thread.
_local = threading.local()


def _cleaner():
    cleaner = getattr(_local, "cleaner", None)
    if cleaner is None:
        cleaner = _local.cleaner = bleach.Cleaner(
            tags=ALLOWED_TAGS,
            attributes=ALLOWED_ATTRIBUTES,
            protocols=ALLOWED_PROTOCOLS,
            strip=True,
            strip_comments=True,
            filters=[partial(LinkifyFilter, callbacks=[_set_rel], skip_tags={"pre", "code"},
                             url_re=_URL)],
        )
    return cleaner


def clean_html(html: str) -> Markup:
    """HTML cut down to the allowlist. Cleaning what it returned changes
    nothing more (the XSS corpus test holds it to that), so output passed
    through twice, by mistake or for safety, is never mangled."""
    return Markup(_cleaner().clean(html).strip())


# Pages no longer render, but writes in bulk do (the seeder, migration 0008's
# backfill, a notification's detail), and they repeat texts such as staff's
# standard responses. Bounded in characters of HTML kept, about 4 MB at most.
_rendered = cachetools.LRUCache(maxsize=2_000_000, getsizeof=len)


def _as_typed(source: str) -> Markup:
    """The text escaped, its blank lines as paragraphs and its line breaks
    kept: what Markdown would show of plain text, in linear time and without
    bleach (nothing in it but <p>, <br> and escaped text)."""
    text = source.replace("\r\n", "\n").replace("\r", "\n").replace("\x00", "\ufffd")
    paragraphs = (part.strip() for part in re.split(r"\n[ \t]*\n", text))
    return Markup("\n".join(
        "<p>" + "<br>\n".join(html.escape(line.strip(), quote=False)
                              for line in part.split("\n")) + "</p>"
        for part in paragraphs if part))


@cachetools.cached(_rendered, lock=threading.Lock())
def _render(source: str) -> Markup:
    if markup_count(source) > MARKUP_BUDGET:
        return _as_typed(source)
    return clean_html(_markdown.render(source))


def render_markdown(source: str | None) -> Markup:
    """Markdown source typed by a user, as safe HTML. The services store it
    when the text is written; reading pages never calls this."""
    if not source:
        return Markup("")
    return _render(source)


def rendered_from(source_column: str):
    """A column default for `<source>_html`: the row's source rendered, for
    rows inserted without it (fixtures, a bulk load through the ORM). The
    services set the column themselves, and again on every edit."""
    def default(context):
        return str(render_markdown(context.get_current_parameters().get(source_column)))
    return default


def stored_html(value: str | None) -> Markup:
    """HTML that render_markdown made and a service stored, as Markup for a
    template. Safe only because every `*_html` column is filled from here."""
    return Markup(value or "")


# -- longer documents: the privacy notice -------------------------------------
# An administrator's document needs headings and tables (the cookie list, the
# retention periods). Written rarely and stored as HTML like every other text,
# so its budget is larger; the same allowlist's protocols and link rule hold.
DOCUMENT_TAGS = ALLOWED_TAGS | frozenset(
    {"h2", "h3", "h4", "table", "thead", "tbody", "tr", "th", "td", "hr"})
DOCUMENT_MARKUP_BUDGET = 5_000

_document_markdown = MarkdownIt("commonmark", {"html": False, "breaks": False,
                                              "linkify": False, "maxNesting": 20})
_document_markdown.enable("table")
_document_markdown.disable(["image", "html_block", "html_inline"])


def _shift_headings(html_text):
    """A document's "# Heading" is a section of the page, whose own <h1> is
    its title: every level moves down one (h1 -> h2 ... h5, h6 -> h4), so the
    page keeps one h1 and the allowlist keeps h2-h4."""
    def shift(match):
        level = min(int(match.group(2)) + 1, 4)
        return f"<{match.group(1)}h{level}>"
    return re.sub(r"<(/?)h([1-6])>", shift, html_text)


def _document_cleaner():
    cleaner = getattr(_local, "document_cleaner", None)
    if cleaner is None:
        cleaner = _local.document_cleaner = bleach.Cleaner(
            tags=DOCUMENT_TAGS,
            attributes=ALLOWED_ATTRIBUTES,
            protocols=ALLOWED_PROTOCOLS,
            strip=True,
            strip_comments=True,
            filters=[partial(LinkifyFilter, callbacks=[_set_rel], skip_tags={"pre", "code"},
                             url_re=_URL)],
        )
    return cleaner


@cachetools.cached(cachetools.LRUCache(maxsize=16), lock=threading.Lock())
def _render_document(source: str) -> Markup:
    if markup_count(source) > DOCUMENT_MARKUP_BUDGET:
        return _as_typed(source)
    return Markup(_document_cleaner().clean(_shift_headings(_document_markdown.render(source)))
                  .strip())


def render_document(source: str | None) -> Markup:
    """A longer Markdown document by an administrator (the privacy notice), as
    safe HTML: headings (from h2) and tables as well as what render_markdown allows."""
    if not source:
        return Markup("")
    return _render_document(source)
