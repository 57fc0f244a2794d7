"""The ways to share an idea: its address, to copy, and plain links to the
share pages of email, WhatsApp, X and Facebook. No other site's script runs
on ours; following a link is the visitor's choice."""
from urllib.parse import quote, urlencode

from flask_babel import gettext as _

from ..mail import absolute_url


def share_links(idea):
    """(address, [(name, url)]), the address from BASE_URL like every
    emailed link. The texts are built here, not in the template, so the
    title is URL-encoded as typed rather than HTML-escaped first."""
    address = absolute_url("ideas.detail", idea_id=idea.id)
    text = _("Support this idea: %(title)s", title=idea.title)
    links = [
        (_("Email"), "mailto:?" + urlencode({"subject": idea.title, "body": f"{text}\n\n{address}"},
                                            quote_via=quote)),
        (_("WhatsApp"), "https://wa.me/?" + urlencode({"text": f"{text} {address}"}, quote_via=quote)),
        (_("X (Twitter)"), "https://x.com/intent/post?" + urlencode({"text": text, "url": address},
                                                                    quote_via=quote)),
        (_("Facebook"), "https://www.facebook.com/sharer/sharer.php?" + urlencode(
            {"u": address}, quote_via=quote)),
    ]
    return address, links
