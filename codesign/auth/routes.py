# Placeholder endpoints so the app loads; replaced by the real auth routes.
from flask import abort

from . import bp


@bp.route("/register", methods=["GET", "POST"])
def register():
    abort(404)


@bp.route("/login", methods=["GET", "POST"])
def login():
    abort(404)


@bp.post("/logout")
def logout():
    abort(404)


@bp.route("/reset", methods=["GET", "POST"])
def reset():
    abort(404)


@bp.post("/resend")
def resend():
    abort(404)
