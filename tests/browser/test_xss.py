"""The XSS corpus in Chromium: every string of the Big List of Naughty Strings
and every vector of tests/xss_vectors.py, in every text field (corpus.py),
on the pages and in the emails that show that field: every string where
many rows are shown (lists, queues, threads, the digest), every vector on
the pages about one item too. A few vectors are also typed through each
real form, in test_typed_xss.py.

A vector that ran would leave a mark: window.__xss set, the page title
changed, a dialog opened, a request to another host, or (where the site's
Content-Security-Policy stopped it) a CSP violation. None may appear, and
every page must answer 200. The first test proves each detector fires when
something does run.

The open data API and the CSV exports are checked without a browser, in
tests/test_xss_corpus.py."""
from urllib.parse import urlencode

import pytest
from xss_vectors import BEACON, TITLE_BEACON
from xss_vectors import corpus as load_corpus

from . import corpus as corpus_rows

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def corpus(corpus_server, naughty_strings):
    return corpus_rows.build(corpus_server, load_corpus())


def test_each_detector_fires_when_script_runs(watched, corpus):
    watch = watched()
    page = watch.page
    # Where the site's CSP stops an inline handler, the violation is seen.
    watch.visit_all(["/ideas"])
    assert watch.found == []
    page.evaluate("""() => document.body.insertAdjacentHTML(
        "beforeend", '<img src="x" onerror="window.__xss = 1">')""")
    page.wait_for_function("window.__cspViolations.length > 0")
    watch.check(page, "injected")
    assert any("CSP violation script-src" in found for found in watch.found), watch.found
    # Without a CSP (as in an email): the beacon, the title, a dialog and a
    # request elsewhere.
    page.goto("about:blank")
    for html, sign in ((f"<img src=x onerror=\"{BEACON}\">", "window.__xss was set"),
                       (f"<img src=x onerror=\"{TITLE_BEACON}\">", "title was changed"),
                       ("<img src=x onerror=\"alert(1)\">", "a dialog"),
                       ("<img src=\"https://xss.example/x.png\">", "a request to https://xss.example")):
        watch.found.clear()
        page.set_content(html)
        page.wait_for_timeout(50)
        watch.check(page, "set_content")
        assert any(sign in found for found in watch.found), (html, watch.found)


def test_no_string_runs_on_the_ideas_list_or_idea_pages(watched, corpus):
    watch = watched(corpus.reader)
    pages = watch.visit_pages("/ideas?sort=newest")
    assert pages * 20 >= len(corpus.ideas)
    watch.visit_all(["/ideas/new"])  # every challenge, as an option
    assert watch.page.locator("#challenge option").count() > len(corpus.strings)
    # Threads show every string as a comment; each vector gets its own idea page.
    watch.visit_all(f"/ideas/{idea_id}" for idea_id in corpus.threads + corpus.probes)
    watch.assert_nothing_ran(pages + len(corpus.probes))
    # The vectors are there, as text.
    watch.page.goto(f"/ideas/{corpus.probes[0]}")
    assert watch.page.locator("h1").inner_text() == corpus.vectors[0][:140]


def test_no_string_runs_on_the_moderation_pages(watched, corpus):
    watch = watched(corpus.moderator)
    queue = watch.visit_pages("/moderation")
    log = watch.visit_pages("/moderation/log")
    assert queue * 50 >= len(corpus.ideas) and log * 50 >= len(corpus.strings)
    # The hidden replies, their text and the moderator's note, as moderators see them.
    watch.visit_all(f"/ideas/{idea_id}" for idea_id in corpus.threads)
    assert watch.page.get_by_text("Hidden by a moderator.").count() > 0
    watch.assert_nothing_ran(queue + log)


def test_no_string_runs_on_the_proposals(watched, corpus):
    watch = watched(corpus.staff)
    pages = watch.visit_pages("/proposals")
    assert pages * 20 >= len(corpus.proposals)
    # Each names the four ideas it grew from, and their authors.
    watch.visit_all(f"/proposals/{proposal_id}" for proposal_id in corpus.proposal_probes)
    watch.assert_nothing_ran(pages + len(corpus.proposal_probes))


def test_no_string_runs_in_notifications_or_their_emails(watched, corpus):
    watch = watched(corpus.reader)
    pages = watch.visit_pages("/notifications")
    assert pages * 20 >= len(corpus.ideas)
    # Mail programs have no CSP to fall back on: the HTML itself must be inert.
    assert len(corpus.emails) == len(corpus.probes) + 1  # and the digest
    page = watch.page
    page.goto("about:blank")
    for number, html in enumerate(corpus.emails):
        page.set_content(html)
        watch.check(page, f"email {number}")
    watch.assert_nothing_ran(pages + len(corpus.emails))


def test_no_vector_runs_when_searched_for(watched, corpus):
    """Search shows the words it was given: in the title, the search box and
    links, and it finds the corpus's own ideas and proposals."""
    watch = watched(corpus.reader)
    watch.visit_all(f"/search?{urlencode({'q': vector})}" for vector in corpus.vectors)
    watch.assert_nothing_ran(len(corpus.vectors))
