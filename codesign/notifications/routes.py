# Placeholder so the navigation can link here; replaced by the notifications work.
from flask import abort

from . import bp


@bp.get("")
def index():
    abort(404)
