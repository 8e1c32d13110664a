"""Issue 20 item 5: the plain-text e-mail (and the SMS) show what was typed; only the HTML part escapes."""

import pytest

from conferences.outbox.services import render_message
from tests.factories import RegistrationFactory

pytestmark = pytest.mark.django_db


def test_plain_text_part_is_not_html_escaped():
    registration = RegistrationFactory(organisation_name="Công ty A & B <img src=x>", full_name="Đỗ \"Út\" O'Neil")
    conference = registration.conference
    parts = render_message("registration_received", {
        "registration": registration, "conference": conference, "body": conference.body})
    assert "Công ty A & B <img src=x>" in parts["text"]
    assert "Đỗ \"Út\" O'Neil" in parts["text"]
    assert "&amp;" not in parts["text"] and "&lt;" not in parts["text"] and "&#x27;" not in parts["text"]
    assert "A &amp; B &lt;img src=x&gt;" in parts["html"]
