"""The only module that turns user text into HTML, and the only importer of
bleach (no longer released since June 2026: keep it behind this wall, with the
Content-Security-Policy as the second one).

Authors' text is stored as typed; it is rendered here at display time, and
the HTML is kept in memory by source text (so an edit is a new entry and
nothing can go stale), since Markdown then bleach is the dear part of
showing a comment.
"""
import threading
from functools import partial

import bleach
import cachetools
from bleach.linkifier import LinkifyFilter
from markdown_it import MarkdownIt
from markupsafe import Markup

ALLOWED_TAGS = frozenset(
    {"p", "br", "strong", "em", "a", "ul", "ol", "li", "blockquote", "code", "pre"}
)
ALLOWED_ATTRIBUTES = {"a": ["href", "rel"]}
ALLOWED_PROTOCOLS = frozenset({"http", "https", "mailto"})
LINK_REL = "nofollow ugc noopener"

# "html": False makes raw HTML in the source plain text; "breaks" keeps the
# line breaks people type in a text box.
_markdown = MarkdownIt("commonmark", {"html": False, "breaks": True, "linkify": False})
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
            filters=[partial(LinkifyFilter, callbacks=[_set_rel], skip_tags={"pre", "code"})],
        )
    return cleaner


def clean_html(html: str) -> Markup:
    """HTML cut down to the allowlist. Cleaning what it returned changes
    nothing more (the XSS corpus test holds it to that), so output passed
    through twice, by mistake or for safety, is never mangled."""
    return Markup(_cleaner().clean(html).strip())


# Bounded in characters of HTML kept, about 4 MB a process at most.
_rendered = cachetools.LRUCache(maxsize=2_000_000, getsizeof=len)


@cachetools.cached(_rendered, lock=threading.Lock())
def _render(source: str) -> Markup:
    return clean_html(_markdown.render(source))


def render_markdown(source: str | None) -> Markup:
    """Markdown source typed by a user, as safe HTML."""
    if not source:
        return Markup("")
    return _render(source)
