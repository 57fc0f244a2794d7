"""Signals one area sends and others may listen to, so the sender imports
none of its listeners (blinker, as Flask's own signals)."""
from blinker import Namespace

_signals = Namespace()

# Sent by pilots.services.close once a pilot is closed (sender: the Pilot,
# staff=the user who closed it). Practices tells the residents behind an
# adopted idea the adoption's verdict.
pilot_closed = _signals.signal("pilot-closed")
