"""Organisations: the public list and pages, registering one, and the
admin's page to confirm or decline them and say who belongs to them."""
from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from .. import permissions
from ..decorators import participant_required, role_required
from ..exceptions import DomainError
from ..extensions import db
from ..models import Partner, Role, User
from ..web import field_error, flash_refusal, render_form
from . import bp, queries, services
from .forms import MemberForm, PartnerForm


def load_partner(partner_id):
    """A partner this visitor may see: unconfirmed ones are 404 but to admins."""
    partner = db.get_or_404(Partner, partner_id)
    if not permissions.can_see_partner(current_user, partner):
        abort(404)
    return partner


@bp.get("/partners")
def index():
    partners = queries.confirmed_partners()
    return render_template("partners/index.html", partners=partners,
                           delivered=queries.delivered([p.id for p in partners]))


@bp.get("/partners/<id:partner_id>")
def detail(partner_id):
    partner = load_partner(partner_id)
    admin = permissions.can_manage_partners(current_user)
    return render_template(
        "partners/detail.html", partner=partner,
        delivered=queries.delivered([partner.id])[partner.id],
        members=queries.members([partner.id])[partner.id] if admin else None,
        member_form=MemberForm(formdata=None))


@bp.route("/partners/register", methods=["GET", "POST"])
@participant_required
def register():
    form = PartnerForm()
    if form.validate_on_submit():
        try:
            partner = services.register_partner(current_user, form.name.data, form.kind.data,
                                                form.website.data, form.description.data)
        except DomainError as error:
            field_error(form, error)
        else:
            db.session.commit()
            flash(_("Thank you. “%(name)s” is registered: an administrator checks it before it "
                    "shows on the site, and you then belong to it.", name=partner.name),
                  "success")
            return redirect(url_for("partners.index"))
    return render_form("partners/register.html", form)


@bp.get("/partners/manage")
@role_required(Role.ADMIN)
def manage():
    partners = queries.partners_for_admin()
    return render_template("partners/manage.html", partners=partners,
                           members=queries.members([p.id for p in partners]))


def _decide(partner_id, decide, done):
    partner = db.get_or_404(Partner, partner_id)
    try:
        decide(current_user, partner)
    except DomainError as error:
        flash_refusal(error)
    else:
        db.session.commit()
        flash(done % {"name": partner.name}, "success")
    return redirect(url_for("partners.manage"))


@bp.post("/partners/<id:partner_id>/confirm")
@role_required(Role.ADMIN)
def confirm(partner_id):
    return _decide(partner_id, services.confirm_partner,
                   _("“%(name)s” is confirmed and shows on the site."))


@bp.post("/partners/<id:partner_id>/decline")
@role_required(Role.ADMIN)
def decline(partner_id):
    return _decide(partner_id, services.decline_partner, _("“%(name)s” is declined."))


@bp.post("/partners/<id:partner_id>/members")
@role_required(Role.ADMIN)
def add_member(partner_id):
    partner = db.get_or_404(Partner, partner_id)
    form = MemberForm()
    if form.validate_on_submit():
        try:
            user = services.add_member(partner, form.email.data)
        except DomainError as error:
            field_error(form, error)
        else:
            db.session.commit()
            flash(_("%(name)s now belongs to %(partner)s.", name=user.display_name,
                    partner=partner.name), "success")
            return redirect(url_for("partners.detail", partner_id=partner.id, _anchor="members"))
    return render_form("partners/detail.html", form, partner=partner,
                       delivered=queries.delivered([partner.id])[partner.id],
                       members=queries.members([partner.id])[partner.id], member_form=form)


@bp.post("/partners/<id:partner_id>/members/<id:user_id>/remove")
@role_required(Role.ADMIN)
def remove_member(partner_id, user_id):
    partner = db.get_or_404(Partner, partner_id)
    user = db.get_or_404(User, user_id)
    try:
        services.remove_member(partner, user)
    except DomainError as error:
        flash_refusal(error)
    else:
        db.session.commit()
        flash(_("%(name)s no longer belongs to %(partner)s.", name=user.display_name,
                partner=partner.name), "success")
    return redirect(url_for("partners.detail", partner_id=partner.id, _anchor="members"))
