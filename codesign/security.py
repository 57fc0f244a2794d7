"""Response headers, and which proxy to believe about the client.

The Content-Security-Policy is the second wall behind the sanitiser, so no
page may rely on inline script or style.
"""
from flask import request
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


def init_app(app):
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
