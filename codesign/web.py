"""What every blueprint's routes need, written once: answering 404 when a
query found nothing (a row by its key: `db.get_or_404`), reading whole
numbers from query arguments, showing a service's refusal on its form,
rendering a form page, and checking where a `next` link may send the visitor."""
from urllib.parse import unquote, urlsplit

from flask import abort, flash, render_template

from .extensions import db
from .pagination import MAX_PAGE

# The largest id every database's integer column holds; larger ones are not ids.
MAX_ID = 2**31 - 1


def or_404(row):
    """The row a query found, or a 404 when it found none."""
    if row is None:
        abort(404)
    return row


def whole_number(value, digits=18):
    """A whole number from free text, or None: ASCII digits only (str.isdigit
    also accepts "²", which int() refuses) and at most `digits` of them, so
    int() never meets 5,000 digits."""
    if isinstance(value, str) and value.isascii() and value.isdigit() and len(value) <= digits:
        return int(value)
    return None


def id_arg(value):
    """An id from a query argument or a form's free text; None if it is not a
    plain number from 1 to MAX_ID."""
    number = whole_number(value)
    return number if number is not None and 1 <= number <= MAX_ID else None


def page_arg(value):
    """?page=N as a page number from 1 to MAX_PAGE; 1 for anything else."""
    number = whole_number(value)
    return min(number, MAX_PAGE) if number else 1


def error_field(form, error):
    """The field of the form that a service's refusal (a DomainError) names, or None."""
    return getattr(form, error.field, None) if error.field else None


def field_error(form, error, default=None):
    """Show a service's refusal beside the field it names, or else beside
    `default` (a field), or above the form; what the service had flushed is
    rolled back."""
    db.session.rollback()
    target = error_field(form, error)
    if target is None:
        target = default
    (target.errors if target is not None else form.form_errors).append(error.message)


def flash_refusal(error):
    """Say why a service refused (a DomainError) on the next page; what it had
    flushed is rolled back."""
    db.session.rollback()
    flash(error.message, "error")


def render_form(template, form, **context):
    """A page with a form: 422 when it is shown again with errors."""
    return render_template(template, form=form, **context), 422 if form.errors else 200


def is_safe_next(target):
    """True only for a path on this site, like "/ideas?page=2".

    Browsers read "//host", "/\\host" and paths with a tab or newline in them
    as another site, so those are refused, and so is anything that turns into
    one once percent-decoded (a proxy or framework may decode it again).
    """
    if not isinstance(target, str):
        return False
    layer = target
    for _depth in range(4):
        parts = urlsplit(layer)
        if (not layer.startswith("/") or layer.startswith("//") or "\\" in layer
                or any(ord(char) < 32 or ord(char) == 127 for char in layer)
                or parts.scheme or parts.netloc):
            return False
        decoded = unquote(layer)
        if decoded == layer:
            return True
        layer = decoded
    return False


def safe_next(target, fallback):
    """Where to send the visitor next: `target` if it is a path on this site,
    else `fallback`."""
    return target if is_safe_next(target) else fallback
