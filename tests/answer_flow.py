"""The written answer's way through the outgoing-documents register, step by step, for the tests of petitions and
reports: the unit drafts (petitions), submits, the reviewer passes it with an outcome, Lãnh đạo signs, Văn phòng
issues (reports.register services)."""

from petitions.models import Petition
from petitions.triage import answers
from reports.register import services as register
from reports.register.answers import answer_document_current
from reports.register.models import AnswerOutcome

BASE_URL = "https://doithoai.example.vn"


def reviewer(world, document):
    return world.office if document.drafted_by_economic else world.economic


def drafter(world, document):
    return world.economic if document.drafted_by_economic else world.handler


def answer_to_signature(world, petition, *, text="Trả lời.", outcome=AnswerOutcome.RESOLVED, actor=None):
    """Draft (by `actor`, else the drafting unit's user), submit and pass: the letter awaits signature."""
    petition = answers.petition_answer_draft(
        petition=petition, text=text, actor=actor or (world.handler if petition.lead_unit == world.pv
                                                      else world.economic))
    document = answer_document_current(petition)
    document = register.outgoing_document_submit(document=document, actor=drafter(world, document))
    return register.outgoing_document_pass(document=document, actor=reviewer(world, document), outcome=outcome,
                                           base_url=BASE_URL)


def answer_issued(world, petition, *, text="Trả lời.", outcome=AnswerOutcome.RESOLVED, actor=None):
    """The whole way to issue; returns (petition, document)."""
    document = answer_to_signature(world, petition, text=text, outcome=outcome, actor=actor)
    document = register.outgoing_document_sign(document=document, actor=world.leader)
    document = register.outgoing_document_issue(document=document, actor=world.office, base_url=BASE_URL)
    return Petition.objects.get(pk=petition.pk), document
