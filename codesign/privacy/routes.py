"""The privacy notice, and "I have seen it" after a material change."""
from flask import redirect, render_template, request, url_for
from flask_login import current_user, login_required

from .. import sitesettings
from ..extensions import db
from ..web import safe_next
from . import bp, cookies, notice, services


@bp.get("")
def show():
    html, is_default = notice.notice_html()
    return render_template("privacy/notice.html", notice_html=html, is_default=is_default,
                           cookies=cookies.cookies())


@bp.post("/seen")
@login_required
def seen():
    services.accept_notice(current_user, sitesettings.current().privacy_version)
    db.session.commit()
    return redirect(safe_next(request.form.get("next"), url_for("main.index")))
