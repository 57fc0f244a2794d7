# Placeholder so the navigation can link here; replaced by the staff work.
from flask import abort

from . import bp


@bp.get("")
def dashboard():
    abort(404)
