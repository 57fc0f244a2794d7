"""Watching a browser context for any sign that injected script ran: the
beacons of tests/xss_vectors.py, a dialog, a request to another host, or a
Content-Security-Policy violation (the CSP stopped something that got into
the page). Used by the XSS tests."""
import re
from contextlib import ExitStack

from xss_vectors import TITLE_MARK

TABS = 3  # pages loading at once, while the server renders the next

# Runs in every page and frame before the page's own scripts (Playwright
# injects it, so the CSP does not stop it).
RECORD_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolations.push([event.violatedDirective, event.blockedURI, event.sample].join(" "));
}, true);
"""
# Read once the page has loaded; the two turns of the event loop let a
# violation reported just after the load event arrive first.
STATE = """() => new Promise(resolve => setTimeout(() => setTimeout(() => resolve({
  ran: window.__xss === 1,
  title: document.title,
  violations: window.__cspViolations || [],
  next: document.querySelector("a[rel=next]")?.getAttribute("href") || null,
}), 0), 0))"""


class Watch:
    """Every sign that a vector ran, on any page of one browser context."""

    def __init__(self, page, origin):
        self.page = page
        self.origin = origin
        self.found = []
        self.checked = 0
        context = page.context
        context.add_init_script(RECORD_VIOLATIONS)
        context.on("console", self._console)
        context.on("dialog", self._dialog)
        # Only what leaves the site comes back to Python: the site's own
        # requests are not slowed down.
        context.route(re.compile(rf"^(?!{re.escape(origin)}/)"), self._elsewhere)
        self.tabs = [page] + [context.new_page() for _ in range(TABS - 1)]

    def _console(self, message):
        if "Content Security Policy" in message.text:
            self.found.append(f"{message.page.url if message.page else '?'}: {message.text}")

    def _dialog(self, dialog):
        self.found.append(f"{dialog.page.url if dialog.page else '?'}: a dialog ({dialog.message})")
        dialog.dismiss()

    def _elsewhere(self, route):
        self.found.append(f"a request to {route.request.url}")
        route.abort()

    def check(self, page, where=None):
        """Records any sign on this page; returns the address of the next
        page of a list, if there is one."""
        state = page.evaluate(STATE)
        where = where or page.url
        self.checked += 1
        if state["ran"]:
            self.found.append(f"{where}: window.__xss was set")
        if TITLE_MARK in state["title"]:
            self.found.append(f"{where}: the title was changed to {state['title']!r}")
        self.found += [f"{where}: CSP violation {v}" for v in state["violations"]]
        return state["next"]

    def visit_all(self, paths):
        """Loads each path and checks it, TABS at a time."""
        paths = list(paths)
        while paths:
            batch = [(tab, paths.pop(0)) for tab in self.tabs if paths]
            with ExitStack() as stack:
                loads = []
                for tab, path in batch:
                    loads.append(stack.enter_context(tab.expect_navigation()))
                    tab.evaluate("url => { window.location.href = url; }", self.origin + path)
            for (tab, path), load in zip(batch, loads, strict=False):
                if load.value.status != 200:
                    self.found.append(f"{path}: status {load.value.status}")
                self.check(tab, path)

    def visit_pages(self, path):
        """A list and every page after it, by its "next" link; returns how many."""
        page, pages = self.page, 0
        while path:
            response = page.goto(path)
            if response.status != 200:
                self.found.append(f"{path}: status {response.status}")
            path = self.check(page)
            pages += 1
        return pages

    def assert_nothing_ran(self, at_least):
        assert self.checked >= at_least, f"only {self.checked} pages were checked"
        assert self.found == [], "\n".join(self.found[:50])
