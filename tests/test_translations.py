"""The Welsh catalogue: complete, with the same placeholders as the English,
compiled (the committed .mo says what the .po says), up to date with the
code; Welsh's six plural forms; dates in Welsh; and email in the reader's
language, the digest too.

The completeness tests fail until every msgstr is filled in: that is their
point. Each is also run on a small catalogue filled in here, so a test that
could never fail, or never pass, shows up."""
import gettext
import io
import re
import subprocess
import sys
from datetime import datetime
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import Translations
from flask_babel import force_locale, ngettext

from codesign.config import TRANSLATIONS
from codesign.extensions import db
from codesign.models import User

ROOT = Path(__file__).resolve().parents[1]
WELSH = TRANSLATIONS / "cy" / "LC_MESSAGES"
# A real plural from the code: the unread count beside "Notifications".
UNREAD = ("(%(num)d unread)", "(%(num)d unread)")
# CLDR's Welsh forms: zero, one, two, few, many, other.
WELSH_FORMS = {0: 0, 1: 1, 2: 2, 3: 3, 6: 4, 20: 5}
PLACEHOLDER = re.compile(r"%\((\w+)\)[-#0 +]*\d*(?:\.\d+)?[sdif]")


def welsh_catalogue():
    with open(WELSH / "messages.po", "rb") as po:
        return read_po(po, locale="cy")


def entries(catalogue):
    return [message for message in catalogue if message.id]


def singular_and_plural(message):
    return message.id if isinstance(message.id, (list, tuple)) else (message.id,)


def forms(message):
    return message.string if isinstance(message.string, (list, tuple)) else (message.string,)


# --- the checks, written once for the real catalogue and the sample ----------

def untranslated(catalogue):
    """msgids with an empty form, or fuzzy (a guess pybabel update made)."""
    wanting = []
    for message in entries(catalogue):
        texts = forms(message)
        expected = catalogue.num_plurals if message.pluralizable else 1
        if message.fuzzy or len(texts) != expected or not all(texts):
            wanting.append(message.id)
    return wanting


def placeholder_mismatches(catalogue):
    """(msgid, form) pairs whose %(name)s placeholders differ from the English."""
    wrong = []
    for message in entries(catalogue):
        english = [set(PLACEHOLDER.findall(text)) for text in singular_and_plural(message)]
        wanted = set().union(*english)
        for index, text in enumerate(forms(message)):
            if not text:
                continue  # untranslated() reports those
            found = set(PLACEHOLDER.findall(text))
            # A form may leave out the count, as "un" for 1 may: any name but %(num)s must stay.
            allowed = found == wanted or (message.pluralizable and found == wanted - {"num"})
            if not allowed:
                wrong.append((message.id, index))
    return wrong


def extracted_msgids():
    """What pybabel extract finds in the code now (babel.cfg, the _l keyword)."""
    from babel.messages.frontend import parse_mapping_cfg
    with open(ROOT / "babel.cfg") as config:
        method_map, options_map = parse_mapping_cfg(config)
    keywords = dict(__import__("babel.messages.extract", fromlist=["x"]).DEFAULT_KEYWORDS)
    keywords["_l"] = None
    found = set()
    for _filename, _lineno, message, _comments, _context in extract_from_dir(
            str(ROOT), method_map, options_map, keywords=keywords):
        found.add(message[0] if isinstance(message, tuple) else message)
    return found


def missing_from(catalogue, msgids):
    held = {message.id[0] if isinstance(message.id, (list, tuple)) else message.id
            for message in entries(catalogue)}
    return sorted(msgids - held)


def sample_catalogue(strings):
    """A Welsh catalogue (the real header, so the real plural rule) holding only `strings`."""
    real = welsh_catalogue()
    sample = Catalog(locale="cy")
    sample.mime_headers = real.mime_headers
    for msgid, msgstr in strings.items():
        sample.add(msgid, msgstr)
    return sample


SAMPLE = {
    "Ideas": "Syniadau",
    "Signed in as %(name)s": "Wedi mewngofnodi fel %(name)s",
    UNREAD: ("(%(num)d heb eu darllen: dim)", "(%(num)d heb ei ddarllen: un)",
             "(%(num)d heb eu darllen: dau)", "(%(num)d heb eu darllen: tri)",
             "(%(num)d heb eu darllen: chwech)", "(%(num)d heb eu darllen: arall)"),
}


# --- 1. every msgid has a Welsh msgstr, in every plural form, none fuzzy -------

def test_every_msgid_has_a_welsh_msgstr_and_none_is_fuzzy():
    wanting = untranslated(welsh_catalogue())
    assert not wanting, f"{len(wanting)} msgids lack a Welsh msgstr, e.g. {wanting[:5]}"


def test_the_completeness_check_finds_gaps_and_passes_a_full_catalogue():
    assert untranslated(sample_catalogue(SAMPLE)) == []
    gaps = {**SAMPLE, "Proposals": "", UNREAD: SAMPLE[UNREAD][:5] + ("",)}
    assert sorted(map(str, untranslated(sample_catalogue(gaps)))) == sorted(map(str, ["Proposals", UNREAD]))
    fuzzy = sample_catalogue(SAMPLE)
    fuzzy["Ideas"].flags.add("fuzzy")
    assert untranslated(fuzzy) == ["Ideas"]


# --- 2. placeholders identical between msgid and msgstr -----------------------

def test_every_welsh_msgstr_keeps_the_english_placeholders():
    wrong = placeholder_mismatches(welsh_catalogue())
    assert not wrong, f"placeholders differ in {len(wrong)} msgstrs, e.g. {wrong[:5]}"


def test_the_placeholder_check_catches_a_renamed_or_lost_placeholder():
    assert placeholder_mismatches(sample_catalogue(SAMPLE)) == []
    renamed = dict(SAMPLE, **{"Signed in as %(name)s": "Wedi mewngofnodi fel %(enw)s"})
    assert placeholder_mismatches(sample_catalogue(renamed)) == [("Signed in as %(name)s", 0)]
    plural = list(SAMPLE[UNREAD])
    plural[3] = "(%(rhif)d heb eu darllen)"
    wrong = {**SAMPLE, UNREAD: tuple(plural)}
    assert placeholder_mismatches(sample_catalogue(wrong)) == [(UNREAD, 3)]


# --- 3. the committed .mo is the compiled .po ---------------------------------

def compiled(catalogue):
    buffer = io.BytesIO()
    write_mo(buffer, catalogue)
    buffer.seek(0)
    return gettext.GNUTranslations(buffer)._catalog


def test_the_committed_mo_is_compiled_from_the_po():
    with open(WELSH / "messages.mo", "rb") as mo:
        committed = gettext.GNUTranslations(mo)._catalog
    assert committed == compiled(welsh_catalogue()), (
        "codesign/translations/cy/LC_MESSAGES/messages.mo is out of date: "
        "run pybabel compile -d codesign/translations and commit it")


def test_the_mo_check_notices_a_change_to_the_po():
    catalogue = welsh_catalogue()
    before = compiled(catalogue)
    catalogue["Ideas"].string = (catalogue["Ideas"].string or "") + " (changed)"
    assert compiled(catalogue) != before


# --- 4. the catalogue holds every msgid the code has ---------------------------

def test_the_catalogue_holds_every_msgid_in_the_code():
    missing = missing_from(welsh_catalogue(), extracted_msgids())
    assert not missing, (
        f"{len(missing)} msgids in the code are not in the Welsh catalogue, e.g. {missing[:5]}: "
        "extract and update it (README, Translations)")


def test_the_up_to_date_check_notices_a_new_string():
    msgids = extracted_msgids()
    assert {"Ideas", "Skip to main content", UNREAD[0]} <= msgids
    assert missing_from(sample_catalogue(SAMPLE), {"Ideas", "A new string"}) == ["A new string"]


def test_pybabel_extracts_with_the_readme_command(tmp_path):
    pot = tmp_path / "messages.pot"
    subprocess.run([str(Path(sys.executable).parent / "pybabel"), "-q", "extract",
                    "-F", "babel.cfg", "-k", "_l", "-o", str(pot), "."],
                   cwd=ROOT, check=True, capture_output=True)
    with open(pot, "rb") as handle:
        assert {m.id for m in read_po(handle) if m.id and not m.pluralizable} >= {"Ideas"}


# --- 5. Welsh plurals ---------------------------------------------------------

def translation_cache(app):
    """Flask-Babel's loaded catalogues, by (locale, domain)."""
    with app.app_context():
        return app.extensions["babel"].instance.domain_instance.cache


@pytest.fixture
def welsh_sample(app, monkeypatch):
    """Welsh pages and mail read the sample catalogue instead of the real one."""
    buffer = io.BytesIO()
    write_mo(buffer, sample_catalogue(SAMPLE))
    buffer.seek(0)
    monkeypatch.setitem(translation_cache(app), ("cy", "messages"), Translations(buffer))
    return SAMPLE


def test_the_welsh_catalogue_has_six_plural_forms_in_cldr_order():
    catalogue = welsh_catalogue()
    assert catalogue.num_plurals == 6
    with open(WELSH / "messages.mo", "rb") as mo:
        rule = gettext.GNUTranslations(mo).plural
    assert {n: rule(n) for n in WELSH_FORMS} == WELSH_FORMS


@pytest.mark.parametrize("n", sorted(WELSH_FORMS))
def test_ngettext_picks_the_welsh_form_for(app, welsh_sample, n):
    with app.test_request_context(), force_locale("cy"):
        assert ngettext(*UNREAD, n) == SAMPLE[UNREAD][WELSH_FORMS[n]] % {"num": n}
    with app.test_request_context(), force_locale("en"):
        assert ngettext(*UNREAD, n) == f"({n} unread)"


def test_the_real_catalogue_gives_each_form_once_translated(app):
    [message] = [m for m in welsh_catalogue() if m.id == UNREAD]
    if not all(message.string):
        pytest.skip("not yet translated; test_every_msgid_has_a_welsh_msgstr says so")
    with app.test_request_context(), force_locale("cy"):
        for n, form in WELSH_FORMS.items():
            assert ngettext(*UNREAD, n) == message.string[form] % {"num": n}


# --- 6. dates and numbers follow the locale -----------------------------------

def test_dates_on_a_page_are_in_welsh(app, client, factory):
    idea = factory.idea(title="Biniau ym mhob stryd")
    with app.app_context():
        db.session.get(type(idea), idea.id).created_at = datetime(2026, 12, 4, 14, 20)
        db.session.commit()
    client.get("/language/cy")
    page = client.get(f"/ideas/{idea.id}").get_data(as_text=True)
    assert "4 Rhagfyr 2026" in page and "December" not in page
    client.get("/language/en")
    assert "4 December 2026" in client.get(f"/ideas/{idea.id}").get_data(as_text=True)


def test_localtime_formats_with_the_current_locale(app):
    from codesign.localtime import format_date, format_datetime, format_month
    with app.test_request_context(), force_locale("cy"):
        assert format_date(datetime(2026, 3, 9, 12)) == "9 Mawrth 2026"
        assert format_month(datetime(2026, 6, 1).date()) == "Mehefin 2026"
        assert format_datetime(datetime(2026, 6, 1, 12)).startswith("1 Mehefin 2026, ")
    with app.test_request_context(), force_locale("en"):
        assert format_date(datetime(2026, 3, 9, 12)) == "9 March 2026"


# --- 7. email in the recipient's language, the digest too -----------------------

def test_a_welsh_readers_digest_subject_is_in_welsh(app, factory, smtp_sink, welsh_sample,
                                                    monkeypatch):
    from test_notifications import notify, received
    digest_subject = ("%(site)s: %(num)d update on what you follow",
                      "%(site)s: %(num)d updates on what you follow")
    welsh_forms = tuple(f"%(site)s: {form} diweddariad ar yr hyn rydych chi'n ei ddilyn (%(num)d)"
                        for form in ("dim", "un", "dau", "tri", "chwech", "arall"))
    buffer = io.BytesIO()
    write_mo(buffer, sample_catalogue({**SAMPLE, digest_subject: welsh_forms}))
    buffer.seek(0)
    monkeypatch.setitem(translation_cache(app), ("cy", "messages"), Translations(buffer))

    welsh, english = factory.user(email="eleri@example.test"), factory.user(email="ed@example.test")
    with app.app_context():
        db.session.get(User, welsh.id).locale = "cy"
        db.session.commit()
    idea, other = factory.idea(title="Biniau"), factory.idea(title="Bins")
    notify(app, [welsh, english], idea=idea)
    notify(app, [welsh, english], idea=other)
    result = app.test_cli_runner().invoke(args=["notifications", "digest"])
    assert result.exit_code == 0, result.output
    smtp_sink.wait_for(2)
    subjects = {message["To"]: message["Subject"] for message in received(smtp_sink)}
    assert subjects["eleri@example.test"] == "Codesign: dau diweddariad ar yr hyn rydych chi'n ei ddilyn (2)"
    assert subjects["ed@example.test"] == "Codesign: 2 updates on what you follow"


def test_a_welsh_readers_notification_email_is_in_welsh(app, factory, smtp_sink, monkeypatch):
    from test_notifications import notify, received, set_preference

    from codesign import mail
    answered = "Staff answered the idea ‘%(title)s’ that you follow: now %(status)s"
    buffer = io.BytesIO()
    write_mo(buffer, sample_catalogue(dict(SAMPLE, **{
        answered: "Atebodd y staff y syniad ‘%(title)s’ rydych chi’n ei ddilyn: %(status)s"})))
    buffer.seek(0)
    monkeypatch.setitem(translation_cache(app), ("cy", "messages"), Translations(buffer))
    welsh, english = factory.user(email="gwen@example.test"), factory.user(email="ed@example.test")
    with app.app_context():
        db.session.get(User, welsh.id).locale = "cy"
        db.session.commit()
    for reader in (welsh, english):
        set_preference(app, reader, "immediate")
    notify(app, [welsh, english], idea=factory.idea(title="Llyfrgell"))
    with app.app_context():
        mail.deliver_due()
    smtp_sink.wait_for(2)
    subjects = {message["To"]: message["Subject"] for message in received(smtp_sink)}
    assert subjects["gwen@example.test"].startswith(
        "Atebodd y staff y syniad ‘Llyfrgell’ rydych chi’n ei ddilyn: ")
    assert subjects["ed@example.test"].startswith("Staff answered the idea ‘Llyfrgell’ that you follow")


# --- GOV.UK Frontend's own texts, in the page's language --------------------------

def test_the_file_upload_texts_are_ready_for_govuk_frontend(app, client, factory, monkeypatch):
    """The enhanced file upload is off (codesign/frontendtext.py says why);
    turned on, its data-i18n.* attributes carry the page's language."""
    from helpers import sign_in

    from codesign import frontendtext
    sign_in(client, factory.user(role="admin"))
    assert 'data-module="govuk-file-upload"' not in client.get("/admin/settings").get_data(
        as_text=True)
    monkeypatch.setattr(frontendtext, "ENHANCED_FILE_UPLOAD", True)
    page = client.get("/admin/settings").get_data(as_text=True)
    assert 'data-module="govuk-file-upload"' in page
    for key, text in (("choose-files-button", "Choose file"), ("no-file-chosen", "No file chosen"),
                      ("drop-instruction", "or drop file"),
                      ("entered-drop-zone", "Entered drop zone"),
                      ("left-drop-zone", "Left drop zone"),
                      ("multiple-files-chosen.one", "%{count} file chosen"),
                      ("multiple-files-chosen.other", "%{count} files chosen")):
        assert f'data-i18n.{key}="{text}"' in page, key


def test_welsh_pages_pass_welsh_plural_texts_for_every_category(app, welsh_sample):
    from codesign.frontendtext import file_upload_texts
    with app.test_request_context(), force_locale("cy"):
        texts = file_upload_texts()["multipleFilesChosenText"]
    assert set(texts) == {"zero", "one", "two", "few", "many", "other"}


def test_the_menu_button_and_navigation_are_labelled_in_the_pages_language(client):
    page = client.get("/ideas").get_data(as_text=True)
    assert 'aria-label="Show or hide the menu"' in page
    assert 'aria-label="Main"' in page


def test_account_emails_are_in_the_account_holders_language(app, client, factory, smtp_sink,
                                                            monkeypatch):
    """A reset asked for from an English page still reaches a Welsh reader in Welsh."""
    from helpers import csrf_token
    from test_notifications import received
    reset = "Reset your %(site)s password"
    buffer = io.BytesIO()
    write_mo(buffer, sample_catalogue({**SAMPLE, reset: "Ailosod eich cyfrinair %(site)s"}))
    buffer.seek(0)
    monkeypatch.setitem(translation_cache(app), ("cy", "messages"), Translations(buffer))
    person = factory.user(email="siân@example.org")
    with app.app_context():
        db.session.get(User, person.id).locale = "cy"
        db.session.commit()
    client.post("/auth/reset", data={"csrf_token": csrf_token(client, "/auth/reset"),
                                     "email": "siân@example.org"},
                headers={"Accept-Language": "en"})
    smtp_sink.wait_for(1)
    [message] = received(smtp_sink)
    assert message["Subject"] == "Ailosod eich cyfrinair Codesign"
