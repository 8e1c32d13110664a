"""What a published official document shows of a petition (the conclusion and the results notice are public)."""

from reports.phu_luc_1.counting import CATEGORY_LABELS

ORGANISATION_KINDS = {"DN": "Doanh nghiệp", "HTX": "Hợp tác xã", "HKD": "Hộ kinh doanh"}


class PublicPetition:
    """A petition as the public documents show it: the petitioner only by kind (a household business's name is a
    person's), the question and answer only when the business allowed publication; the rest as the petition."""

    def __init__(self, petition):
        self._petition = petition
        self.organisation_name = ORGANISATION_KINDS.get(petition.organisation_kind, "")
        if not petition.publish_answer:
            # The official document is Vietnamese whatever the visitor's language: no gettext here.
            self.content = f"{CATEGORY_LABELS.get(petition.category, '')} (không công khai theo lựa chọn của doanh nghiệp)"
            self.answer = ""

    def __getattr__(self, name):
        return getattr(self._petition, name)


def public_petitions(queryset) -> list[PublicPetition]:
    return [PublicPetition(p) for p in queryset.select_related("lead_unit")]
