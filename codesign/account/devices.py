"""A browser's own description (its User-Agent) in words its owner will
recognise: "Firefox on Windows". Rough on purpose: it only has to tell one's
own devices apart on the account page."""
from flask_babel import gettext as _

# Checked in order: Edge and Opera also say "Chrome", Chrome also says "Safari".
BROWSERS = (("Edg/", "Edge"), ("OPR/", "Opera"), ("Firefox/", "Firefox"),
            ("FxiOS/", "Firefox"), ("CriOS/", "Chrome"), ("Chromium/", "Chromium"),
            ("Chrome/", "Chrome"), ("Safari/", "Safari"))
SYSTEMS = (("iPhone", "iPhone"), ("iPad", "iPad"), ("Android", "Android"),
           ("Windows", "Windows"), ("Mac OS X", "macOS"), ("Macintosh", "macOS"),
           ("CrOS", "ChromeOS"), ("Linux", "Linux"))


def _first(table, text):
    return next((name for marker, name in table if marker in text), None)


def describe(user_agent):
    text = user_agent or ""
    browser, system = _first(BROWSERS, text), _first(SYSTEMS, text)
    if browser and system:
        return _("%(browser)s on %(system)s", browser=browser, system=system)
    if browser or system:
        return browser or system
    return _("An unknown browser")
