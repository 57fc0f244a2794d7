"""Signals one area sends and others may listen to, so the sender imports
none of its listeners (blinker, as Flask's own signals)."""
from blinker import Namespace

_signals = Namespace()

# Sent by pilots.services.close once a pilot is closed (sender: the Pilot,
# staff=the user who closed it). Practices tells the residents behind an
# adopted idea the adoption's verdict.
pilot_closed = _signals.signal("pilot-closed")

# Sent when staff answer an idea, merge it or promote it (sender: the Idea,
# kind=the NotificationKind, detail=staff's words), after the notifications
# to the people with accounts. Assist emails the residents it was entered for.
idea_news = _signals.signal("idea-news")
