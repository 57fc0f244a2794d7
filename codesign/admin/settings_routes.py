"""The council's settings over HTTP: brand, privacy notice and a test email
(the first-run checklist they tick is on /admin). Administrators only."""
from flask import flash, redirect, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from .. import sitesettings
from ..decorators import role_required
from ..exceptions import DomainError
from ..extensions import db
from ..models import Role, SiteSettings
from ..privacy import notice
from ..web import field_error, render_form
from . import bp, settings_services
from .settings_forms import BrandForm, PrivacyForm, TestMailForm


def _brand_form():
    brand = sitesettings.current()
    if brand.brand_updated_at is None:
        data = {"name": brand.name, "colour": brand.colour}
    else:
        contact = db.session.scalar(select(SiteSettings.contact).where(SiteSettings.id == 1))
        data = {"name": brand.name, "colour": brand.colour, "contact": contact}
        for n, link in enumerate(brand.footer_links, start=1):
            data[f"link_{n}_label"], data[f"link_{n}_url"] = link.label, link.url
    return BrandForm(data=data)


@bp.route("/settings", methods=["GET", "POST"])
@role_required(Role.ADMIN)
def settings():
    form = _brand_form()
    if form.validate_on_submit():
        upload = form.logo.data
        logo = upload.read(settings_services.MAX_READ) if upload else None
        links = [(label.data, url.data, url.name) for label, url in form.link_fields()]
        try:
            settings_services.save_brand(form.name.data, form.colour.data, form.contact.data,
                                         links, logo=logo, remove_logo=form.remove_logo.data)
        except DomainError as error:
            field_error(form, error)
        else:
            db.session.commit()
            flash(_("Settings saved."), "success")
            return redirect(url_for("admin.settings"))
    return render_form("admin/settings.html", form, brand=sitesettings.current())


@bp.route("/settings/privacy", methods=["GET", "POST"])
@role_required(Role.ADMIN)
def privacy():
    default = notice.default_source()
    source, _html = notice.stored_notice()
    form = PrivacyForm(data={"notice": source or default})
    if form.validate_on_submit():
        settings_services.save_privacy(form.notice.data, form.material_change.data, default)
        db.session.commit()
        flash(_("Privacy notice saved."), "success")
        return redirect(url_for("admin.privacy"))
    return render_form("admin/privacy.html", form, is_default=source is None)


@bp.post("/settings/test-mail")
@role_required(Role.ADMIN)
def test_mail():
    form = TestMailForm()
    if form.validate_on_submit():
        settings_services.send_test_mail(current_user)
        db.session.commit()
        flash(_("A test email is on its way to %(email)s. If it does not arrive, check the "
                "MAIL_ settings and the log (`flask mail status`).", email=current_user.email),
              "success")
    return redirect(url_for("admin.index"))

