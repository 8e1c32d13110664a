"""Nothing in a public URL is guessable: no sequential ids, lookups need code + a 128-bit secret, uploads are
not served as files."""

import base64
from unittest import mock

import pytest
from django.core.files.base import ContentFile

from conferences.models import Registration, new_secret
from petitions.models import Attachment
from tests.factories import PetitionFactory, RegistrationFactory
from tests.security.test_permission_matrix import PUBLIC_URLS
from tests.security.urls import converters, routes

# Parameters a public URL may carry: the body's slug (printed on notices), a year, a fixed item name, and the
# registrant's code only together with its secret. Django's password reset carries a signed token.
ALLOWED_PUBLIC_PARAMETERS = {
    "body_slug": "SlugConverter", "year": "IntConverter", "item": "SlugConverter", "code": "StringConverter",
    "secret": "StringConverter", "uidb64": "StringConverter", "token": "StringConverter",
    # Under code + secret only: one of three fixed request kinds, and a request of that same registration.
    "kind_slug": "SlugConverter", "request_code": "StringConverter",
    # Under code + secret only: a petition of that registration (its issued answer letter).
    "petition_code": "StringConverter",
}


def test_public_urls_take_no_sequential_ids():
    found = routes()
    wrong = []
    for name in sorted(PUBLIC_URLS):
        params = converters(found[name])
        for param, converter in params.items():
            if ALLOWED_PUBLIC_PARAMETERS.get(param) != converter:
                wrong.append(f"{name} ({found[name].route}): <{param}> ({converter})")
        if ("code" in params) != ("secret" in params):
            wrong.append(f"{name} ({found[name].route}): a code without its secret (or the reverse)")
        if {"kind_slug", "request_code", "petition_code"} & set(params) and "secret" not in params:
            wrong.append(f"{name} ({found[name].route}): a request kind or code outside a registration's secret")
    assert not wrong, ("Public URLs must not take ids or other guessable values (a code only with its secret):\n"
                       + "\n".join(wrong))


def test_lookup_secrets_have_at_least_128_random_bits():
    with mock.patch("conferences.registrations.models.secrets.token_urlsafe", wraps=__import__("secrets").token_urlsafe) as spy:
        values = {new_secret() for _ in range(200)}
    assert spy.call_count == 200 and all(call.args[0] >= 16 for call in spy.call_args_list)
    assert len(values) == 200
    for value in values:
        raw = base64.urlsafe_b64decode(value + "=" * (-len(value) % 4))
        assert len(raw) * 8 >= 128
        assert len(value) <= Registration._meta.get_field("secret").max_length


@pytest.mark.django_db
def test_a_new_registration_gets_a_128_bit_secret():
    registration = RegistrationFactory()
    assert len(base64.urlsafe_b64decode(registration.secret + "==")) >= 16


@pytest.mark.django_db
@pytest.mark.parametrize("path", [
    "/{slug}/tra-cuu/{code}/{secret}/",
    "/{slug}/tra-cuu/{code}/{secret}/sua/",
    "/{slug}/tra-cuu/{code}/{secret}/phieu-dang-ky.pdf",
    "/{slug}/hoi-nghi/{year}/dang-ky/{code}/{secret}/",
])
def test_the_code_alone_or_with_another_registrations_secret_opens_nothing(client, monkeypatch, path):
    monkeypatch.setattr("reports.documents.views.render_pdf", lambda document: b"%PDF-1.4 stub")  # PDFs have their tests
    mine = RegistrationFactory()
    other = RegistrationFactory(conference=mine.conference)
    conference = mine.conference
    fill = {"slug": conference.body.slug, "year": conference.year, "code": mine.code}
    assert client.get(path.format(**fill, secret=mine.secret)).status_code in (200, 302)  # 302: edit closed
    for secret in (other.secret, mine.secret[:-1] + ("A" if mine.secret[-1] != "A" else "B"), "x"):
        assert client.get(path.format(**fill, secret=secret)).status_code == 404


@pytest.mark.django_db
def test_withdrawal_needs_the_secret(client):
    registration = RegistrationFactory()
    url = f"/{registration.conference.body.slug}/tra-cuu/{registration.code}/{RegistrationFactory().secret}/rut/"
    assert client.post(url).status_code == 404
    registration.refresh_from_db()
    assert registration.withdrawn_at is None


@pytest.mark.django_db
def test_uploads_are_not_served_from_media_url(client, admin_client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    petition = PetitionFactory()
    attachment = Attachment(petition=petition, original_name="don.pdf", content_type="application/pdf", size=9)
    attachment.file.save("don.pdf", ContentFile(b"%PDF-1.4\n"), save=True)
    assert (tmp_path / attachment.file.name).exists()
    assert client.get(attachment.file.url).status_code == 404
    assert admin_client.get(attachment.file.url).status_code == 404
