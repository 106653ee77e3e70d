"""API tokens: the secretariat's page, Bearer authentication, and the bulk export."""

import json
from typing import Any

import pytest

from hiwar.accounts.models import PlatformRole, RoleAssignment
from hiwar.api.models import ApiToken
from hiwar.api.services import TokenError, create_api_token, digest, revoke_api_token
from tests.api.conftest import UNPUBLISHED_TEXT, bearer
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


# --- Services --------------------------------------------------------------------------------


def test_a_token_is_stored_as_a_digest_only(secretariat_user: Any) -> None:
    new = create_api_token(actor=secretariat_user, label="  IMRF export  ")
    stored = ApiToken.objects.get()
    assert new.secret.startswith("hiwar_") and len(new.secret) > 40
    assert stored.token_hash == digest(new.secret)
    assert new.secret not in json.dumps(list(ApiToken.objects.values()), default=str)
    assert stored.label == "IMRF export"
    assert new.secret.startswith(stored.prefix)


def test_only_the_secretariat_holds_tokens(user: Any, focal_point: Any) -> None:
    for person in (user, focal_point):
        with pytest.raises(TokenError):
            create_api_token(actor=person, label="Mine")
    assert not ApiToken.objects.exists()


def test_a_label_is_required(secretariat_user: Any) -> None:
    with pytest.raises(TokenError):
        create_api_token(actor=secretariat_user, label="   ")


# --- Authentication --------------------------------------------------------------------------


def test_a_valid_token_is_accepted_and_its_use_recorded(client: Any, api_token: Any) -> None:
    response = client.get("/api/countries", **bearer(api_token.secret))
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-cache"
    assert "Authorization" in response["Vary"]
    api_token.token.refresh_from_db()
    assert api_token.token.last_used_at is not None


def test_a_revoked_token_is_refused(client: Any, api_token: Any, secretariat_user: Any) -> None:
    revoke_api_token(actor=secretariat_user, token=api_token.token)
    for url in ("/api/countries", "/api/export/arab-review/passages"):
        response = client.get(url, **bearer(api_token.secret))
        assert response.status_code == 401
        assert response.json() == {"detail": "This token is not valid or has been revoked."}


def test_a_token_of_someone_no_longer_in_the_secretariat_is_refused(
    client: Any, api_token: Any, secretariat_user: Any
) -> None:
    RoleAssignment.objects.filter(user=secretariat_user).delete()
    assert client.get("/api/countries", **bearer(api_token.secret)).status_code == 401


@pytest.mark.parametrize(
    "header", ["Bearer hiwar_made-up", "Bearer ", "Basic dXNlcjpwYXNz", "hiwar_no_scheme"]
)
def test_bad_credentials_are_refused(client: Any, db: None, header: str) -> None:
    response = client.get("/api/countries", HTTP_AUTHORIZATION=header)
    assert response.status_code == 401
    assert "detail" in response.json()


@pytest.mark.usefixtures("rate_window_clock")
def test_token_holders_have_their_own_higher_limit(
    client: Any, api_token: Any, settings: Any
) -> None:
    settings.HIWAR_API_RATE_ANONYMOUS = "2/min"
    settings.HIWAR_API_RATE_TOKEN = "4/min"
    for _ in range(4):
        assert client.get("/api/countries", **bearer(api_token.secret)).status_code == 200
    limited = client.get("/api/countries", **bearer(api_token.secret))
    assert limited.status_code == 429
    assert "Retry-After" in limited
    # Anonymous callers from the same address are counted apart.
    assert client.get("/api/countries").status_code == 200


# --- Bulk export -----------------------------------------------------------------------------


def test_the_export_requires_a_token(client: Any, cycle: Any, user: Any) -> None:
    response = client.get("/api/export/arab-review/passages")
    assert response.status_code == 401
    client.force_login(user)  # a session is no token
    assert client.get("/api/export/arab-review/passages").status_code == 401


def test_export_of_published_passages(
    client: Any,
    api_token: Any,
    published_report: Any,
    unpublished_report: Any,
    published_input: Any,
    unpublished_input: Any,
) -> None:
    response = client.get("/api/export/arab-review/passages?limit=2000", **bearer(api_token.secret))
    assert response.status_code == 200
    data = response.json()
    sources = {
        (item["source"], item["report"], item["stakeholder_input"]) for item in data["items"]
    }
    assert sources == {("report", published_report.pk, None), ("input", None, published_input.pk)}
    assert UNPUBLISHED_TEXT[:30] not in response.content.decode()
    assert {item["country"] for item in data["items"]} == {"JO"}
    assert all(t["status"] != "rejected" for item in data["items"] for t in item["tags"])
    only_reports = client.get(
        "/api/export/arab-review/passages?include_inputs=false", **bearer(api_token.secret)
    ).json()
    assert {item["source"] for item in only_reports["items"]} == {"report"}
    assert (
        client.get(
            "/api/export/arab-review/passages?limit=2001", **bearer(api_token.secret)
        ).status_code
        == 422
    )
    assert client.get("/api/export/nothing/passages", **bearer(api_token.secret)).status_code == 404


def test_export_as_json_lines(
    client: Any, api_token: Any, published_report: Any, unpublished_report: Any
) -> None:
    response = client.get("/api/export/arab-review/passages.jsonl", **bearer(api_token.secret))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/jsonl"
    body = b"".join(response.streaming_content).decode("utf-8")
    lines = [json.loads(line) for line in body.splitlines()]
    paged = client.get("/api/export/arab-review/passages", **bearer(api_token.secret)).json()
    assert [line["id"] for line in lines] == [item["id"] for item in paged["items"]]
    assert lines == paged["items"]
    assert UNPUBLISHED_TEXT[:30] not in body


# --- The secretariat's page ------------------------------------------------------------------


def test_token_page_creates_and_shows_the_token_once(secretariat_client: Any) -> None:
    page = secretariat_client.get("/en/api-tokens/")
    assert page.status_code == 200
    response = secretariat_client.post("/en/api-tokens/", {"label": "Data team"})
    assert response.status_code == 200
    token = ApiToken.objects.get()
    html = response.content.decode()
    secret = html.split('id="new-token" type="text" readonly value="')[1].split('"')[0]
    assert digest(secret) == token.token_hash
    assert "no-cache" in response["Cache-Control"] or "no-store" in response["Cache-Control"]
    again = secretariat_client.get("/en/api-tokens/").content.decode()
    assert secret not in again
    assert "Data team" in again and token.prefix in again


def test_token_page_rejects_an_empty_label(secretariat_client: Any) -> None:
    response = secretariat_client.post("/en/api-tokens/", {"label": ""})
    assert response.status_code == 200
    assert not ApiToken.objects.exists()
    assert "This field is required." in response.content.decode()


def test_revoking_from_the_page(secretariat_client: Any, api_token: Any, client: Any) -> None:
    response = secretariat_client.post(f"/en/api-tokens/{api_token.token.pk}/revoke/")
    assert response.status_code == 302
    api_token.token.refresh_from_db()
    assert api_token.token.revoked_at is not None
    assert client.get("/api/countries", **bearer(api_token.secret)).status_code == 401


def test_revoking_needs_post(secretariat_client: Any, api_token: Any) -> None:
    response = secretariat_client.get(f"/en/api-tokens/{api_token.token.pk}/revoke/")
    assert response.status_code == 405
    api_token.token.refresh_from_db()
    assert api_token.token.revoked_at is None


@pytest.mark.parametrize("who", ["anonymous", "user", "focal_point", "rapporteur"])
def test_only_the_secretariat_sees_the_token_page(
    client: Any, api_token: Any, who: str, request: Any
) -> None:
    if who != "anonymous":
        client.force_login(request.getfixturevalue(who))
    page = client.get("/en/api-tokens/")
    assert page.status_code in (302, 403)
    assert client.post("/en/api-tokens/", {"label": "Mine"}).status_code in (302, 403)
    revoke = client.post(f"/en/api-tokens/{api_token.token.pk}/revoke/")
    assert revoke.status_code in (302, 403)
    api_token.token.refresh_from_db()
    assert api_token.token.revoked_at is None
    assert ApiToken.objects.count() == 1


def test_revoking_an_unknown_token_is_404(secretariat_client: Any) -> None:
    assert secretariat_client.post("/en/api-tokens/99999/revoke/").status_code == 404


@pytest.mark.parametrize("count", [1, 3])
def test_token_page_query_count_is_constant(
    secretariat_client: Any, secretariat_user: Any, count: int,
    django_assert_max_num_queries: Any,
) -> None:  # fmt: skip
    for n in range(count):
        other = UserFactory()
        RoleAssignment.objects.create(user=other, role=PlatformRole.SECRETARIAT)
        create_api_token(actor=other, label=f"Token {n}")
    secretariat_client.get("/en/api-tokens/")  # warm the session and caches
    with django_assert_max_num_queries(12) as captured:
        secretariat_client.get("/en/api-tokens/")
    assert len([q for q in captured.captured_queries if "api_apitoken" in q["sql"]]) == 1


@pytest.mark.parametrize("count", [1, 3])
def test_export_query_count_is_constant(
    client: Any, api_token: Any, cycle: Any, organization: Any, org_member: Any, count: int,
    django_assert_num_queries: Any,
) -> None:  # fmt: skip
    from hiwar.reviews.services import inputs as input_services
    from tests.analysis.conftest import LABOUR
    from tests.api.conftest import submit_input

    for n in range(count):
        item = submit_input(cycle, organization, org_member, title=f"Input {n}", text=LABOUR)
        input_services.publish_stakeholder_input(actor=None, item=item)
    client.get("/api/countries", **bearer(api_token.secret))  # records the token's use
    # token, secretariat role, cycle, count, page, tags
    with django_assert_num_queries(6):
        data = client.get("/api/export/arab-review/passages", **bearer(api_token.secret)).json()
    assert data["count"] >= count
