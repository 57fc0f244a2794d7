"""The forms of the council's settings: brand, privacy notice, test email."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import BooleanField, StringField, SubmitField, TextAreaField

from ..formfields import text_field
from ..models.site_settings import SITE_NAME_MAX

FOOTER_LINKS = 5
LINK_LABEL_MAX = 60
LINK_URL_MAX = 500
CONTACT_MAX = 2_000
PRIVACY_MAX = 50_000


class BrandForm(FlaskForm):
    name = text_field(StringField, _l("Name of the site"), SITE_NAME_MAX,
                      _l("Keep the name to %(max)d characters or fewer"),
                      required=_l("Enter the name of the site"),
                      description=_l("Shown in the header, page titles and emails, like "
                                     "“Have your say, Northshire”."))
    logo = FileField(_l("Logo (optional)"),
                     description=_l("A PNG or SVG file of 200 KB or less, shown in the header "
                                    "beside the name. Leave empty to keep the current one."))
    remove_logo = BooleanField(_l("Remove the current logo"))
    colour = text_field(StringField, _l("Brand colour"), 7,
                        _l("Enter the colour as a hex code, like #1d70b8"),
                        required=_l("Enter the brand colour"),
                        description=_l("A hex code, like #1d70b8: the header's background and "
                                       "the colour of buttons and links. It must have a "
                                       "contrast of at least 4.5:1 with white."))
    contact = text_field(TextAreaField, _l("Contact details (optional)"), CONTACT_MAX,
                         _l("Keep the contact details to %(max)d characters or fewer"),
                         description=_l("Shown at the foot of every page. You can use Markdown."))
    submit = SubmitField(_l("Save settings"))

    def link_fields(self):
        """[(label field, URL field)] for each footer link row."""
        return [(self[f"link_{n}_label"], self[f"link_{n}_url"])
                for n in range(1, FOOTER_LINKS + 1)]


for _n in range(1, FOOTER_LINKS + 1):
    setattr(BrandForm, f"link_{_n}_label", text_field(
        StringField, _l("Footer link %(n)d: text", n=_n), LINK_LABEL_MAX,
        _l("Keep the text to %(max)d characters or fewer")))
    setattr(BrandForm, f"link_{_n}_url", text_field(
        StringField, _l("Footer link %(n)d: address", n=_n), LINK_URL_MAX,
        _l("Keep the address to %(max)d characters or fewer"),
        description=_l("Starting https:// or http://")))


class PrivacyForm(FlaskForm):
    notice = text_field(TextAreaField, _l("Privacy notice"), PRIVACY_MAX,
                        _l("Keep the notice to %(max)d characters or fewer"),
                        required=_l("Enter the privacy notice"),
                        description=_l("In Markdown: “## Heading” for a section, “- ” for a "
                                       "list item, and tables. The list of cookies is added "
                                       "below it on the page."))
    material_change = BooleanField(
        _l("This is a material change"),
        description=_l("Tick it if what you hold, why, who sees it or how long you keep it "
                       "has changed: everyone who is signed in is asked to read the notice "
                       "again. Leave it for corrections of wording."))
    submit = SubmitField(_l("Save the privacy notice"))


class TestMailForm(FlaskForm):
    submit = SubmitField(_l("Send a test email to me"))
