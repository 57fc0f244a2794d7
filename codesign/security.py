"""Response headers, and which proxy to believe about the client.

The Content-Security-Policy is the second wall behind the sanitiser, so no
page may rely on inline script or style.
"""
from flask import abort, request
from flask_login import current_user
from werkzeug.middleware.proxy_fix import ProxyFix

CSP = "; ".join([
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "object-src 'none'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
    "form-action 'self'",
])
HSTS = "max-age=31536000; includeSubDomains"
# What a browser sends from a <form>; the only bodies the site's forms read.
FORM_BODIES = frozenset({"application/x-www-form-urlencoded", "multipart/form-data"})
SIGNED_IN_CACHE_CONTROL = "private, no-store"


INSECURE_TRIAL_WARNING = (
    "INSECURE_TRIAL is on: sign-in cookies are sent over plain HTTP, where anyone on "
    "the network can read them. Use it only to try the site before HTTPS is set up, "
    "and turn it off (and serve the site over HTTPS) before anyone real signs in.")


def init_app(app):
    if app.config.get("INSECURE_TRIAL"):
        # Every start, in every worker: loud on purpose.
        app.logger.warning(INSECURE_TRIAL_WARNING)
    hops = int(app.config.get("BEHIND_PROXY") or 0)
    if hops:
        # ProxyFix reads X-Forwarded-* from the right, only as many values as
        # there are proxies of ours: whatever a client wrote before those is ignored.
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops)

    @app.after_request
    def _headers(response):
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "strict-origin-when-cross-origin")
        if response.mimetype == "text/html":
            response.headers.setdefault("Content-Security-Policy", CSP)
            response.headers.setdefault("X-Frame-Options", "DENY")
        # Over plain HTTP the header means nothing, and a development server
        # must not teach the browser to refuse it.
        if request.is_secure:
            response.headers.setdefault("Strict-Transport-Security", HSTS)
        return response

    # Before every other check (CSRF's among them), so a body in another
    # format gets this answer, whatever else is wrong with it.
    app.before_request_funcs.setdefault(None, []).insert(0, _form_bodies_only)
    app.after_request(_private_when_signed_in)


def _form_bodies_only():
    """The forms accept form encoding only. Flask-WTF would also read a JSON
    body, which the rate limits (keyed on the form) and the fields' types do
    not expect; a JSON API, if one is added, lives under /api."""
    if (request.method in ("POST", "PUT", "PATCH", "DELETE") and request.blueprint != "api"
            and request.routing_exception is None
            and request.mimetype not in FORM_BODIES
            and (request.mimetype or request.content_length)):
        abort(415)


def _private_when_signed_in(response):
    """A signed-in page is that person's: no shared or back-button cache may
    keep it. Visitors' pages are left alone (the page cache serves them)."""
    if request.endpoint != "static" and current_user.is_authenticated:
        response.headers.setdefault("Cache-Control", SIGNED_IN_CACHE_CONTROL)
    return response
