"""Error pages: HTML for people, JSON for the API, and a rollback first so a
failed request never leaves a half-written transaction behind."""
from flask import jsonify, make_response, render_template, request
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException, SecurityError

from .extensions import db


def _wants_json():
    return request.path.startswith("/api/")


def _messages():
    """Title and explanation for each status, in the visitor's language."""
    return {
        400: (_("Bad request"), _("The request could not be understood.")),
        403: (_("Not allowed"), _("You do not have permission to do that.")),
        404: (_("Page not found"),
              _("We could not find that page. It may have moved, or the address may be wrong.")),
        405: (_("Not allowed"), _("That action is not allowed here.")),
        413: (_("Too large"), _("What you sent is too large. The limit is 1 MB.")),
        415: (_("Not a form"),
              _("This address takes a form sent from its page (form encoding), "
                "not JSON or any other format. Go back and send the form again.")),
        429: (_("Too many requests"), _("Too many requests. Please wait a moment and try again.")),
        500: (_("Something went wrong"),
              _("Something went wrong on our side. Please try again in a moment.")),
    }


def _render(code, title, message):
    if _wants_json():
        body = jsonify({"error": {"code": code, "message": message}})
    else:
        body = render_template("errors/error.html", code=code, title=title, message=message)
    return make_response(body, code)


def init_app(app):
    @app.errorhandler(CSRFError)
    def _csrf(error):
        db.session.rollback()
        return _render(
            400,
            _("Your form expired"),
            _("The form was missing its security token, or it had expired. "
              "Go back, reload the page and send it again."),
        )

    @app.errorhandler(SecurityError)
    def _untrusted_host(error):
        # A Host header other than BASE_URL's (TRUSTED_HOSTS). No URL can be
        # built for such a request, so the page links by path only.
        db.session.rollback()
        title, message = _("Bad request"), _(
            "This site is not reached at that address. Check the address you typed.")
        if _wants_json():
            body = jsonify({"error": {"code": 400, "message": message}})
        else:
            body = render_template("errors/bad_host.html", title=title, message=message)
        return make_response(body, 400)

    @app.errorhandler(HTTPException)
    def _http(error):
        db.session.rollback()
        title, message = _messages().get(error.code, (error.name, error.description))
        response = _render(error.code, title, message)
        # Keep what the error itself says (Allow, Retry-After, ...).
        for header, value in error.get_headers():
            if header.lower() != "content-type":
                response.headers[header] = value
        return response

    @app.errorhandler(Exception)
    def _unexpected(error):
        db.session.rollback()
        app.logger.exception("Unhandled error")
        return _render(500, *_messages()[500])
