"""The texts GOV.UK Frontend's JavaScript shows, in the page's language.

Its components take them as options (the macros write them out as data-i18n.*
attributes); left out, they would be English on a Welsh page. The script
fills in "%{count}" itself and picks a plural text by the CLDR category of
the count in the page's language (Welsh has six: zero, one, two, few, many,
other), so each category's text comes from ngettext with a number in it."""
from flask_babel import gettext as _
from flask_babel import ngettext

# A number in each CLDR plural category, as Welsh and English count.
PLURAL_SAMPLES = {"zero": 0, "one": 1, "two": 2, "few": 3, "many": 6, "other": 20}
COUNT = "%{count}"  # GOV.UK Frontend's placeholder, not gettext's


# GOV.UK Frontend 6.3's enhanced file upload (javascript: True) gives its
# button an accessible name that does not contain its visible text, which
# axe-core reports as label-content-name-mismatch (WCAG 2.5.3) on every form
# with a file. Until that changes the plain input stays, whose words are the
# browser's own (in the reader's language); the texts below are ready for it.
ENHANCED_FILE_UPLOAD = False


def file_upload_texts():
    """Options for govukFileUpload: its button, drop zone and chosen files."""
    return {
        "javascript": ENHANCED_FILE_UPLOAD,
        "chooseFilesButtonText": _("Choose file"),
        "noFileChosenText": _("No file chosen"),
        "dropInstructionText": _("or drop file"),
        "enteredDropZoneText": _("Entered drop zone"),
        "leftDropZoneText": _("Left drop zone"),
        "multipleFilesChosenText": {
            category: ngettext("%(count)s file chosen", "%(count)s files chosen", n, count=COUNT)
            for category, n in PLURAL_SAMPLES.items()},
    }
