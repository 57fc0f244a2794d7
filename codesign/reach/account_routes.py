"""/account/about-you: a person's own answers to the profile questions,
which they may give, change or take back at any time."""
from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from ..exceptions import DomainError
from ..extensions import db
from ..web import field_error
from . import bp, services
from .forms import answers_from, questions_form


@bp.route("/account/about-you", methods=["GET", "POST"])
@login_required
def about_you():
    user = current_user._get_current_object()
    form = questions_form(user, request.form if request.method == "POST" else None)
    if request.method == "POST" and form.validate_on_submit():
        try:
            services.save_answers(user, answers_from(form))
        except DomainError as error:
            field_error(form, error)
        else:
            db.session.commit()
            flash(_("Your answers are saved. Thank you."), "success")
            return redirect(url_for("reach.about_you"))
    status = 422 if form.errors else 200
    return render_template("reach/about_you.html", form=form), status
