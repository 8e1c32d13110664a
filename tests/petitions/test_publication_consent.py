"""Publication only with consent (issue 21 item 9): the public form asks (unticked, with its purpose), paper forms
record the answer, and staff cannot publish an answer without it."""

import datetime
import re
from zoneinfo import ZoneInfo

import pytest
from django.db import IntegrityError, transaction
from freezegun import freeze_time

from petitions.models import Petition, Status
from petitions.triage import answers
from petitions.triage import services as triage
from petitions.workflow.services import PetitionError
from tests.factories import ScopingWorld
from tests.factories import UpcomingConferenceFactory as ConferenceFactory
from tests.petitions.test_registration_admin import URL as PAPER_URL
from tests.petitions.test_registration_admin import paper, staff
from tests.petitions.test_registration_form import url, valid_data

VN = ZoneInfo("Asia/Ho_Chi_Minh")
pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _frozen(settings):
    settings.REGISTRATION_RATE_LIMIT = ""
    with freeze_time(datetime.datetime(2026, 11, 20, 9, 0, tzinfo=VN)):
        yield


def test_the_public_form_asks_unticked_with_its_purpose_and_records_the_answer(client):
    conference = ConferenceFactory()
    html = client.get(url(conference)).content.decode()
    box = re.search(r'<input[^>]*name="publication_consent"[^>]*>', html).group(0)
    assert 'type="checkbox"' in box and "checked" not in box and "required" not in box
    assert "được công khai trên Cổng thông tin điện tử của xã" in html and "cùng tham khảo" in html
    client.post(url(conference), valid_data(form_token="tok-a"))
    client.post(url(conference), valid_data(form_token="tok-b", tax_code="0100109106",
                                            publication_consent="on"))
    answers = dict(Petition.objects.values_list("tax_code",
                                                "publication_consent"))
    assert answers == {"0312687878": False, "0100109106": True}


def test_a_paper_form_records_the_answer(client, django_user_model):
    conference = ConferenceFactory()
    client.force_login(staff(django_user_model, conference.body))
    assert "Phiếu có đánh dấu đồng ý công khai" in client.get(PAPER_URL).content.decode()
    assert client.post(PAPER_URL, paper(conference, publication_consent="on")).status_code == 302
    assert Petition.objects.get().publication_consent is True


def _approved(world):
    """An answer whose letter passed review in the register (awaiting signature): the petition is approved."""
    from tests import answer_flow

    p = triage.petition_assign(petition=world.p_pv, lead_unit=world.pv, actor=world.economic)
    answer_flow.answer_to_signature(world, p, text="Đã bố trí thêm quầy.")
    return Petition.objects.get(pk=p.pk)


def _issued(p, world, **kwargs):
    return answers.petition_answer_issued(petition=p, document_number="01/UBND-PVHCC",
                                          issued_on=datetime.date(2026, 11, 20), outcome=Status.RESOLVED,
                                          actor=world.office, **kwargs)


def test_staff_cannot_publish_without_consent():
    world = ScopingWorld()
    p = _approved(world)
    with pytest.raises(PetitionError, match="chưa đồng ý công khai"):
        _issued(p, world, publish_answer=True)
    p.refresh_from_db()
    assert p.status == Status.APPROVED and not p.publish_answer
    with pytest.raises(IntegrityError), transaction.atomic():
        Petition.objects.filter(pk=p.pk).update(publish_answer=True)
    Petition.objects.filter(pk=p.pk).update(publication_consent=True)
    p = _issued(p, world, publish_answer=True)
    assert p.publish_answer
