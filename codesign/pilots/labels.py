"""Words for the stored codes of pilots, for forms, messages and templates."""
from flask_babel import lazy_gettext as _l

from ..models.pilot import Better, Direction, MeasureKind, PilotStatus, PilotVerdict, Site

STATUS_LABELS = {
    PilotStatus.PLANNED.value: _l("Planned"),
    PilotStatus.RUNNING.value: _l("Running"),
    PilotStatus.CLOSED.value: _l("Closed"),
}
VERDICT_LABELS = {
    PilotVerdict.WORKED.value: _l("Worked"),
    PilotVerdict.DID_NOT_WORK.value: _l("Did not work"),
    PilotVerdict.TOO_EARLY.value: _l("Too early to tell"),
}
KIND_LABELS = {
    MeasureKind.PROPORTION.value: _l("A proportion (a share of cases, such as repairs fixed at "
                                     "the first visit)"),
    MeasureKind.MEAN.value: _l("A mean (an average, such as days to fix)"),
}
BETTER_LABELS = {Better.HIGHER.value: _l("Higher is better"),
                 Better.LOWER.value: _l("Lower is better")}
DIRECTION_LABELS = {Direction.RISE.value: _l("rise"), Direction.FALL.value: _l("fall")}
SITE_LABELS = {Site.PILOT.value: _l("Pilot site"), Site.COMPARISON.value: _l("Comparison site")}
METHOD_LABELS = {
    "newcombe": _l("Newcombe's score interval for a difference of two proportions"),
    "welch": _l("Welch's interval for a difference of two means"),
    "wilson_vs_baseline": _l("Wilson score interval of the pilot's proportion, against the "
                             "baseline"),
    "t_vs_baseline": _l("t interval of the pilot's mean, against the baseline"),
}
