"""The words for stored codes are written once (codesign/labels.py) and read
by Python and the templates alike."""
import pytest
from flask import render_template_string

from codesign import labels
from codesign.models import CostBand, HideReason, IdeaStatus, ProposalStatus
from codesign.models.pilot import Better, Direction, MeasureKind, PilotStatus, PilotVerdict, Site

TABLES = [(IdeaStatus, labels.IDEA_STATUS_LABELS, "idea_status_label"),
          (ProposalStatus, labels.PROPOSAL_STATUS_LABELS, "proposal_status_label"),
          (HideReason, labels.REASON_LABELS, "reason_label"),
          (CostBand, labels.COST_BAND_LABELS, "cost_band_label"),
          (PilotStatus, labels.PILOT_STATUS_LABELS, "pilot_status_label"),
          (PilotVerdict, labels.VERDICT_LABELS, "verdict_label"),
          (MeasureKind, labels.MEASURE_KIND_LABELS, "measure_kind_label"),
          (Better, labels.BETTER_LABELS, "better_label"),
          (Direction, labels.DIRECTION_LABELS, "direction_label"),
          (Site, labels.SITE_LABELS, "site_label")]


@pytest.mark.parametrize("codes, table, name", TABLES, ids=lambda part: getattr(part, "__name__", ""))
def test_every_code_has_words_and_the_templates_show_the_same(app, codes, table, name):
    assert set(table) == {code.value for code in codes}
    with app.test_request_context():
        for code, words in table.items():
            shown = render_template_string(f"{{{{ {name}(code) }}}}", code=code)
            assert shown == str(words) == getattr(labels, name)(code)


def test_a_code_without_words_is_shown_as_it_is(app):
    with app.test_request_context():
        assert render_template_string("{{ idea_status_label('mystery') }}") == "mystery"


def test_pilot_words_live_only_in_the_labels_module():
    """Pilots once had their own copies (a template of macros, a module of
    tables); the site's words for codes are now in codesign/labels.py only."""
    from pathlib import Path
    root = Path(__file__).resolve().parent.parent
    assert not (root / "templates" / "pilots" / "_labels.html").exists()
    assert not (root / "codesign" / "pilots" / "labels.py").exists()
    for path in (root / "templates" / "pilots").glob("*.html"):
        assert '"Too early to tell"' not in path.read_text(), path
