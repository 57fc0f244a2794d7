"""The words for stored codes are written once (codesign/labels.py) and read
by Python and the templates alike."""
import pytest
from flask import render_template_string

from codesign import labels
from codesign.models import CostBand, HideReason, IdeaStatus, ProposalStatus

TABLES = [(IdeaStatus, labels.IDEA_STATUS_LABELS, "idea_status_label"),
          (ProposalStatus, labels.PROPOSAL_STATUS_LABELS, "proposal_status_label"),
          (HideReason, labels.REASON_LABELS, "reason_label"),
          (CostBand, labels.COST_BAND_LABELS, "cost_band_label")]


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
