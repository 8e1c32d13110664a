"""The read API (/api/v1/): responses match the OpenAPI schema, nothing personal in any public response for the
demo data, published answers follow the business's choice, the city token is scoped, read only and audited,
throttling answers 429, and the documentation page runs under the Content-Security-Policy."""

from __future__ import annotations

import copy
import re
from collections import Counter

import pytest
from django.core.cache import cache
from django.test import override_settings
from django.urls import resolve
from jsonschema import Draft202012Validator, FormatChecker

from conferences.models import AuditEntry, Body, Conference, Registration
from petitions.models import ANSWER_VISIBLE, Petition
from reports.api.models import ApiToken
from reports.api.services import api_token_create, api_token_revoke
from reports.api.throttling import PublicRateThrottle
from reports.demo import load_demo
from reports.phu_luc_1 import counting

pytestmark = pytest.mark.django_db

PERSONAL_KEYS = re.compile(r"phone|e_?mail|tax|full_name|contact|organisation|personal|identifier|secret|code$")


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()  # throttle counters of earlier tests
    yield
    cache.clear()


@pytest.fixture
def demo(db):
    load_demo()
    return Conference.objects.get(body__slug="xa-hai-hung", year=2026, status=Conference.Status.REPORTED)


@pytest.fixture
def schema(client):
    response = client.get("/api/v1/schema/", {"format": "json"})
    assert response.status_code == 200
    return response.json()


def _strict(node):
    """The schema with additionalProperties false on every object that lists its properties: a response
    carrying a field the schema does not document fails (the schema and the responses are compared both ways)."""
    if isinstance(node, dict):
        node = {k: _strict(v) for k, v in node.items()}
        if "properties" in node and "additionalProperties" not in node:
            node["additionalProperties"] = False
            node.setdefault("required", list(node["properties"]))
        return node
    if isinstance(node, list):
        return [_strict(v) for v in node]
    return node


def _schema_path(url: str) -> str:
    route = resolve(url.split("?")[0]).route
    return "/" + re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", route)


def check_against_schema(spec: dict, url: str, response, status: int = 200) -> None:
    operation = spec["paths"][_schema_path(url)]["get"]
    body = operation["responses"][str(status)]["content"]["application/json"]["schema"]
    root = {"components": _strict(copy.deepcopy(spec["components"])), **_strict(body)}
    errors = sorted(Draft202012Validator(root, format_checker=FormatChecker()).iter_errors(response.json()),
                    key=str)
    assert not errors, f"{url}: " + "; ".join(e.message for e in errors[:5])


def public_urls(client, conference: Conference) -> list[str]:
    slug, year = conference.body.slug, conference.year
    urls = ["/api/v1/", "/api/v1/bodies/", f"/api/v1/bodies/{slug}/", f"/api/v1/bodies/{slug}/{year}/phu-luc-1/",
            "/api/v1/conferences/", f"/api/v1/conferences/?body={slug}&year={year}",
            f"/api/v1/conferences/{slug}/{year}/", f"/api/v1/conferences/{slug}/{year}/phu-luc-1/",
            "/api/v1/answers/?page_size=200", f"/api/v1/answers/?body={slug}&year={year}&page_size=200",
            "/api/v1/answers/?category=6", "/api/v1/folders/", f"/api/v1/folders/?body={slug}&year={year}"]
    for c in client.get("/api/v1/conferences/?page_size=200").json()["results"]:
        urls += [f"/api/v1/conferences/{c['body']}/{c['year']}/", f"/api/v1/conferences/{c['body']}/{c['year']}/phu-luc-1/"]
    return urls


def test_every_public_response_matches_the_schema(client, demo, schema):
    for url in public_urls(client, demo):
        response = client.get(url)
        assert response.status_code == 200, url
        if not url.startswith("/api/v1/?") and url != "/api/v1/":
            check_against_schema(schema, url, response)
    check_against_schema(schema, "/api/v1/", client.get("/api/v1/"))


def _keys(data, found=None):
    found = set() if found is None else found
    if isinstance(data, dict):
        for key, value in data.items():
            found.add(key)
            _keys(value, found)
    elif isinstance(data, list):
        for value in data:
            _keys(value, found)
    return found


def test_no_personal_field_in_any_public_response(client, demo):
    bodies = [r.content.decode() for r in (client.get(u) for u in public_urls(client, demo))]
    text = "".join(bodies)
    keys = set().union(*(_keys(client.get(u).json()) for u in public_urls(client, demo)))
    assert not {k for k in keys if PERSONAL_KEYS.search(k)} - {"admin_unit_code"}, keys
    registrations = Registration.objects.all()
    petitions = Petition.objects.all()
    assert registrations.count() >= 30 and petitions.count() >= 40
    for r in registrations:
        for value in (r.full_name, r.phone, r.email, r.tax_code, r.code, r.secret, r.address):
            if value:
                assert value not in text, value
        if r.organisation_kind == "HKD":  # a household business's name is its owner's
            assert r.organisation_name not in text, r.organisation_name
    for p in petitions:
        for value in (p.code, p.contact_name, p.phone, p.email, p.tax_code, p.organisation_name):
            if value:
                assert value not in text, value
    # No chair or official is named either.
    for body in Body.objects.exclude(chair_name=""):
        assert body.chair_name not in text


def test_published_answers_follow_the_business_choice(client, demo):
    data = client.get("/api/v1/answers/", {"body": "xa-hai-hung", "year": 2026, "page_size": 200}).json()
    published = Petition.objects.filter(conference=demo, publish_answer=True, status__in=ANSWER_VISIBLE).exclude(answer="")
    hidden = Petition.objects.filter(conference=demo, publish_answer=False).exclude(answer="")
    assert published.exists() and hidden.exists()
    assert data["count"] == published.count()
    # Demo texts repeat across petitions: compare the multisets of (question, answer).
    shown = Counter((a["question"], a["answer"]) for a in data["results"])
    assert shown == Counter(published.values_list("content", "answer"))
    # The choice withdrawn: gone from the API.
    first = published.first()
    Petition.objects.filter(pk=first.pk).update(publish_answer=False)
    again = client.get("/api/v1/answers/", {"body": "xa-hai-hung", "year": 2026, "page_size": 200}).json()
    assert again["count"] == published.count()  # the queryset is re-evaluated: one fewer
    assert Counter((a["question"], a["answer"]) for a in again["results"]) == Counter(
        published.values_list("content", "answer"))


def test_phu_luc_1_figures_match_the_counting(client, demo):
    data = client.get("/api/v1/conferences/xa-hai-hung/2026/phu-luc-1/").json()
    table = counting.conference_table(demo)
    assert data["table"]["total"]["received"] == table.received
    assert [r["received"] for r in data["table"]["rows"]] == [r.received for r in table.rows]
    total = data["table"]["total"]
    assert total["received"] == total["resolved"] + total["in_process"] + total["transferred"] + total["escalated"]
    assert data["table"]["withdrawn_count"] == 2 and data["table"]["merged_count"] == 2
    assert "left_out" not in data["table"]  # the names under the table stay off the public API
    year = client.get("/api/v1/bodies/xa-hai-hung/2026/phu-luc-1/").json()
    assert year["table"]["total"]["received"] == counting.year_table(demo.body, 2026).received


def test_filters_pagination_and_unknowns(client, demo):
    all_conferences = client.get("/api/v1/conferences/").json()
    assert all_conferences["count"] >= 2
    only = client.get("/api/v1/conferences/", {"body": "xa-hai-hung", "year": 2026}).json()
    assert only["count"] == 1 and only["results"][0]["status"] == "reported"
    assert only["results"][0]["deadlines"]["petitions_cutoff"]
    paged = client.get("/api/v1/answers/", {"page_size": 5}).json()
    assert len(paged["results"]) == 5 and paged["next"]
    assert client.get("/api/v1/conferences/", {"year": "abc"}).status_code == 400
    assert client.get("/api/v1/answers/", {"category": 9}).status_code == 400
    assert client.get("/api/v1/conferences/xa-khong-co/2026/").status_code == 404
    assert client.get("/api/v1/conferences/xa-hai-hung/2019/").status_code == 404
    folder = client.get("/api/v1/folders/", {"body": "xa-hai-hung", "year": 2026}).json()["results"][0]
    conclusion = next(i for i in folder["items"] if i["item"] == "ket-luan")
    assert conclusion["exists"] and conclusion["pdf_url"].endswith("/xa-hai-hung/doi-thoai-doanh-nghiep/2026/ket-luan.pdf")
    assert client.get(conclusion["pdf_url"].replace("http://testserver", "")).status_code == 200


def test_public_endpoints_write_nothing(client, demo):
    assert client.post("/api/v1/answers/", {}, content_type="application/json").status_code == 405


@override_settings(API_CACHE_SECONDS=60)
def test_public_answers_are_cached(client, demo, django_assert_max_num_queries):
    url = "/api/v1/conferences/?body=xa-hai-hung"
    first = client.get(url)
    assert "max-age=60" in first["Cache-Control"] and "public" in first["Cache-Control"]
    with django_assert_max_num_queries(0):
        second = client.get(url)
    assert second.json() == first.json()


def test_public_endpoints_are_throttled(client, demo, monkeypatch):
    monkeypatch.setattr(PublicRateThrottle, "THROTTLE_RATES", {"api_public": "3/minute"})
    codes = [client.get("/api/v1/bodies/").status_code for _ in range(4)]
    assert codes == [200, 200, 200, 429]
    # Another address has its own count.
    assert client.get("/api/v1/bodies/", REMOTE_ADDR="203.0.113.9").status_code == 200


def test_throttling_fails_open_without_the_cache(client, demo, monkeypatch):
    monkeypatch.setattr(PublicRateThrottle, "THROTTLE_RATES", {"api_public": "1/minute"})

    def down(*args, **kwargs):
        raise ConnectionError("cache down")
    monkeypatch.setattr(PublicRateThrottle, "cache", type("Down", (), {"get": down, "set": down})())
    assert [client.get("/api/v1/bodies/").status_code for _ in range(3)] == [200, 200, 200]


# ---- Sở Tài chính's token -------------------------------------------------------------------------------------

@pytest.fixture
def city_token(demo):
    city = Body.objects.get(slug="thanh-pho-hai-phong")
    token, raw = api_token_create(organisation="Sở Tài chính thành phố Hải Phòng", body=city, actor=None)
    return token, raw


def _auth(raw):
    return {"HTTP_AUTHORIZATION": f"Token {raw}"}


def test_city_figures_with_the_token(client, demo, city_token, schema):
    token, raw = city_token
    url = "/api/v1/city/thanh-pho-hai-phong/2026/phu-luc-1/"
    response = client.get(url, **_auth(raw))
    assert response.status_code == 200
    check_against_schema(schema, url, response)
    data = response.json()
    by_body = {c["body"]: c for c in data["communes"]}
    assert set(by_body) == {"xa-hai-hung", "xa-ha-dong"}
    assert by_body["xa-hai-hung"]["table"]["total"]["received"] == counting.year_table(demo.body, 2026).received
    assert data["total"]["total"]["received"] == sum(c["table"]["total"]["received"] for c in data["communes"])
    assert "no-store" in response["Cache-Control"]
    for name in ("not-reported", "snapshots"):
        url = f"/api/v1/city/thanh-pho-hai-phong/2026/{name}/"
        response = client.get(url, **_auth(raw))
        assert response.status_code == 200, name
        check_against_schema(schema, url, response)
    not_reported = client.get("/api/v1/city/thanh-pho-hai-phong/2026/not-reported/", **_auth(raw)).json()
    assert {b["body"] for b in not_reported} == {"xa-ha-dong"}  # Hải Hưng's BC is issued in the demo


def test_city_snapshots_show_the_issued_report(client, demo, city_token):
    from reports.register.models import OutgoingDocument
    _token, raw = city_token
    issued = OutgoingDocument.objects.get(conference=demo, kind="results_report", status="issued")
    snapshots = client.get("/api/v1/city/thanh-pho-hai-phong/2026/snapshots/", **_auth(raw)).json()
    assert [s["body"] for s in snapshots] == ["xa-hai-hung"]
    assert snapshots[0]["document_number"] == issued.number.formatted
    assert snapshots[0]["document_number"].endswith("/BC-UBND")
    assert snapshots[0]["table"]["total"]["received"] == counting.conference_table(demo).received
    not_reported = client.get("/api/v1/city/thanh-pho-hai-phong/2026/not-reported/", **_auth(raw)).json()
    assert [b["body"] for b in not_reported] == ["xa-ha-dong"]


def test_each_use_of_a_token_is_audited(client, demo, city_token):
    token, raw = city_token
    before = AuditEntry.objects.count()
    client.get("/api/v1/city/thanh-pho-hai-phong/2026/phu-luc-1/", **_auth(raw))
    client.get("/api/v1/city/thanh-pho-hai-phong/2026/snapshots/", **_auth(raw))
    entries = list(AuditEntry.objects.order_by("pk")[before:])
    assert [e.detail for e in entries] == ["api city_figures", "api city_snapshots"]
    assert {(e.action, e.object_type, e.object_id, e.body_id) for e in entries} == {
        ("view", "reports.apitoken", str(token.pk), token.body_id)}
    token.refresh_from_db()
    assert token.last_used_at is not None


def test_token_scoping_and_refusals(client, demo, city_token):
    _token, raw = city_token
    url = "/api/v1/city/thanh-pho-hai-phong/2026/phu-luc-1/"
    other_city = Body.objects.create(name="thành phố Khác", kind=Body.Kind.CITY, slug="thanh-pho-khac",
                                     code_prefix="TK", admin_unit_code="99")
    _other, other_raw = api_token_create(organisation="Sở Tài chính thành phố Khác", body=other_city, actor=None)
    assert client.get(url, **_auth(other_raw)).status_code == 404  # another city's token
    assert client.get("/api/v1/city/thanh-pho-khac/2026/phu-luc-1/", **_auth(raw)).status_code == 404
    assert client.get("/api/v1/city/xa-hai-hung/2026/phu-luc-1/", **_auth(raw)).status_code == 404
    assert client.get(url).status_code in (401, 403)  # no token
    assert client.get(url, HTTP_AUTHORIZATION="Token dp_guess").status_code == 401
    assert client.post(url, {}, content_type="application/json", **_auth(raw)).status_code in (403, 405)
    api_token_revoke(token=ApiToken.objects.get(digest=_token.digest), actor=None)
    assert client.get(url, **_auth(raw)).status_code == 401


def test_a_token_is_stored_only_as_its_digest(demo, city_token):
    token, raw = city_token
    assert raw not in str(ApiToken.objects.filter(pk=token.pk).values().get())
    commune = Body.objects.get(slug="xa-hai-hung")
    from reports.documents.numbering import ReportError
    with pytest.raises(ReportError):
        api_token_create(organisation="X", body=commune, actor=None)


def test_token_rate_limit(client, demo, city_token, monkeypatch):
    from reports.api.throttling import TokenRateThrottle
    monkeypatch.setattr(TokenRateThrottle, "THROTTLE_RATES", {"api_token": "2/minute"})
    _token, raw = city_token
    url = "/api/v1/city/thanh-pho-hai-phong/2026/not-reported/"
    assert [client.get(url, **_auth(raw)).status_code for _ in range(3)] == [200, 200, 429]


def test_the_docs_page_loads_swagger_ui_from_static_files(client):
    response = client.get("/api/v1/docs/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "swagger-ui-bundle.js" in html and "/static/" in html and "cdn" not in html.lower()
    assert "<script>" not in html and "<style" not in html and " style=" not in html
    assert "script-src 'self'" in response["Content-Security-Policy"]


@pytest.mark.browser
@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_swagger_ui_runs_under_the_content_security_policy(live_server, chromium):
    from tests.security.test_csp_browser import RECORD_VIOLATIONS, Visitor

    # No data needed (and a transactional test's flushed database has no role groups for the demo loader).
    context = chromium.new_context(locale="vi-VN", viewport={"width": 1280, "height": 900})
    context.add_init_script(RECORD_VIOLATIONS)
    page = context.new_page()
    try:
        visitor = Visitor(page, live_server.url)
        visitor.open("/api/v1/docs/")
        # Swagger UI fetched the schema and drew the operations.
        page.get_by_text("/api/v1/answers/", exact=True).first.wait_for(timeout=15000)
        page.get_by_text("/api/v1/answers/", exact=True).first.click()
        page.get_by_role("button", name="Try it out").click()
        page.get_by_role("button", name="Execute").click()
        page.locator(".live-responses-table tbody .response-col_status").first.wait_for(timeout=15000)
        assert "200" in page.locator(".live-responses-table tbody .response-col_status").first.inner_text()
        visitor.check()
        assert not visitor.problems, "\n".join(visitor.problems)
    finally:
        context.close()


def test_a_system_administrator_makes_a_token_in_the_admin_and_it_works_once_shown(client, demo,
                                                                                     django_user_model):
    admin_user = django_user_model.objects.create_superuser("quantri-api", "qt@example.vn", "matkhau-thu-nghiem")
    client.force_login(admin_user)
    city = Body.objects.get(slug="thanh-pho-hai-phong")
    response = client.post("/admin/reports/apitoken/add/", {"organisation": "Sở Tài chính Hải Phòng",
                                                            "body": city.pk}, follow=True)
    assert response.status_code == 200
    shown = [str(m) for m in response.context["messages"]]
    raw = next(re.search(r"(dp_\S+)", m).group(1) for m in shown if "dp_" in m)
    token = ApiToken.objects.get(organisation="Sở Tài chính Hải Phòng")
    assert token.created_by == admin_user and raw not in token.digest
    assert AuditEntry.objects.filter(object_type="reports.apitoken", object_id=str(token.pk), action="add").exists()
    client.logout()
    assert client.get("/api/v1/city/thanh-pho-hai-phong/2026/not-reported/", **_auth(raw)).status_code == 200
    # A commune cannot hold a token.
    client.force_login(admin_user)
    refused = client.post("/admin/reports/apitoken/add/", {"organisation": "Xã", "body": demo.body.pk})
    assert refused.status_code == 200 and ApiToken.objects.count() == 1
