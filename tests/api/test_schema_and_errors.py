"""The API as a whole: its schema, sign-in, CSRF, pagination and the shape of its errors."""

import json

import pytest
from allauth.mfa.models import Authenticator
from django.core.exceptions import ValidationError as DjangoValidationError
from django.test import Client

from allied.accounts.mfa import totp_code
from allied.programmes import services as programme_services
from tests.support.world import TEST_TOTP_SECRET

EXPECTED_PATHS = {
    "/api/v1/organisations": {"get"},
    "/api/v1/organisations/{organisation_id}": {"get"},
    "/api/v1/people": {"get"},
    "/api/v1/people/{person_id}": {"get"},
    "/api/v1/people/{person_id}/demographics": {"get"},
    "/api/v1/programmes": {"get", "post"},
    "/api/v1/programmes/{programme_id}": {"get", "patch"},
    "/api/v1/programmes/{programme_id}/cohorts": {"get", "post"},
    "/api/v1/cohorts/{cohort_id}": {"get", "patch"},
    "/api/v1/cohorts/{cohort_id}/sessions": {"get", "post"},
    "/api/v1/cohorts/{cohort_id}/applications": {"get", "post"},
    "/api/v1/sessions/{session_id}": {"get", "patch"},
    "/api/v1/sessions/{session_id}/invite.ics": {"get"},
    "/api/v1/applications": {"get"},
    "/api/v1/applications/{application_id}": {"get"},
    "/api/v1/applications/{application_id}/decision": {"post"},
    "/api/v1/applications/{application_id}/withdraw": {"post"},
}


def test_the_openapi_schema_is_valid_json_listing_every_path(client, db):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    schema = json.loads(response.content)
    assert schema["openapi"].startswith("3.")
    paths = {path: set(operations) for path, operations in schema["paths"].items()}
    for path, methods in EXPECTED_PATHS.items():
        assert methods <= paths.get(path, set()), path
    operation_ids = [op["operationId"] for ops in schema["paths"].values() for op in ops.values()]
    assert len(set(operation_ids)) == len(operation_ids)
    assert "programme_list" in operation_ids


def test_the_schema_documents_errors_and_enumerates_choices(client, db):
    schema = client.get("/api/v1/openapi.json").json()
    submit = schema["paths"]["/api/v1/cohorts/{cohort_id}/applications"]["post"]
    assert {"201", "400", "401", "403", "404", "422"} <= set(submit["responses"])
    programme_in = schema["components"]["schemas"]["ProgrammeIn"]["properties"]
    assert "reciprocal" in programme_in["kind"]["enum"]
    session_in = schema["components"]["schemas"]["SessionIn"]["properties"]
    assert "check_in" in session_in["kind"]["enum"]


def test_a_visitor_who_is_not_signed_in_gets_401_in_json(client_for):
    response = client_for("anonymous").get("/api/v1/programmes")
    assert response.status_code == 401
    assert "Sign in" in response.json()["detail"]


def test_writes_with_the_session_need_the_csrf_token(world):
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.users["facilitator"])
    path = f"/api/v1/cohorts/{world.cohort.pk}/sessions"
    body = {"title": "Launch", "starts_at": "2031-01-20T10:00", "ends_at": "2031-01-20T12:00"}

    refused = client.post(path, body, content_type="application/json")
    assert refused.status_code == 403
    assert "CSRF" in refused.json()["detail"]

    client.get("/api/v1/programmes")  # any page sets the CSRF cookie
    client.get("/")
    token = client.cookies["csrftoken"].value
    accepted = client.post(path, body, content_type="application/json", HTTP_X_CSRFTOKEN=token)
    assert accepted.status_code == 201


def test_reads_need_no_csrf_token(world):
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.users["participant"])
    assert client.get("/api/v1/programmes").status_code == 200


def test_staff_without_a_second_factor_are_refused(api_for, world):
    Authenticator.objects.filter(user=world.users["facilitator"]).delete()
    response = api_for("facilitator").get("/programmes")
    assert response.status_code == 403
    assert "two-factor" in response.json()["detail"]


def test_a_body_that_is_not_json_is_a_400(api_for, world):
    response = api_for("other_participant").client.post(
        f"/api/v1/cohorts/{world.cohort.pk}/applications",
        data="{not json",
        content_type="application/json",
    )
    assert response.status_code == 400
    assert "parse" in response.json()["detail"]


def test_a_body_of_the_wrong_shape_is_a_422_naming_each_field(api_for, world):
    response = api_for("facilitator").post(
        f"/programmes/{world.programme.pk}/cohorts",
        {"name": "", "recruitment_opens": "next tuesday", "min_length_months": -1},
    )
    assert response.status_code == 422
    body = response.json()
    fields = {error["field"] for error in body["errors"]}
    assert {"name", "recruitment_opens", "min_length_months", "start_date"} <= fields
    assert all(error["location"] == "body" for error in body["errors"])
    assert body["detail"].startswith("name:")


def test_a_query_parameter_of_the_wrong_shape_is_a_422(api_for, world):
    response = api_for("facilitator").get(
        f"/cohorts/{world.cohort.pk}/applications", status="maybe"
    )
    assert response.status_code == 422
    assert response.json()["errors"][0] == {
        "field": "status",
        "location": "query",
        "message": response.json()["errors"][0]["message"],
    }


def test_a_path_id_that_is_not_a_number_is_not_found(api_for, world):
    assert api_for("facilitator").get("/programmes/abc").status_code in {404, 422}


def test_a_broken_rule_is_a_400_naming_the_field(api_for, world):
    response = api_for("facilitator").post(
        f"/programmes/{world.programme.pk}/cohorts",
        {
            "name": "Backwards",
            "recruitment_opens": "2027-02-01",
            "recruitment_closes": "2027-01-01",
            "start_date": "2027-03-01",
            "planned_end": "2028-03-01",
        },
    )
    assert response.status_code == 400
    assert response.json() == {
        "detail": "Recruitment must close after it opens.",
        "field": "recruitment_closes",
    }


@pytest.mark.parametrize(
    ("params", "expected_names", "count"),
    [
        ({"page_size": 1}, ["Northfield circles"], 2),
        ({"page_size": 1, "page": 2}, ["Northfield mentoring"], 2),
        ({"page": 9}, [], 2),
    ],
)
def test_lists_are_paginated(api_for, world, params, expected_names, count):
    body = api_for("participant").get("/programmes", **params).json()
    assert [item["name"] for item in body["items"]] == expected_names
    assert body["count"] == count


def test_a_page_below_one_is_a_422(api_for, world):
    assert api_for("participant").get("/programmes", page=0).status_code == 422


def test_an_integration_signs_in_like_a_browser_and_sends_the_csrf_token(world):
    """The flow docs/api.md describes: sign in, pass the second factor, then call the API."""
    client = Client(enforce_csrf_checks=True)
    client.get("/accounts/login/")
    signed_in = client.post(
        "/accounts/login/",
        {
            "login": world.users["facilitator"].email,
            "password": "correct horse battery",
            "csrfmiddlewaretoken": client.cookies["csrftoken"].value,
        },
    )
    assert signed_in["Location"] == "/accounts/2fa/authenticate/"
    client.get(signed_in["Location"])
    client.post(
        "/accounts/2fa/authenticate/",
        {
            "code": totp_code(TEST_TOTP_SECRET),
            "csrfmiddlewaretoken": client.cookies["csrftoken"].value,
        },
    )
    assert client.get("/api/v1/programmes").status_code == 200
    # Signing in rotates the CSRF token: read it again from the cookie.
    created = client.post(
        f"/api/v1/cohorts/{world.cohort.pk}/sessions",
        {"title": "Launch", "starts_at": "2031-01-20T10:00", "ends_at": "2031-01-20T12:00"},
        content_type="application/json",
        HTTP_X_CSRFTOKEN=client.cookies["csrftoken"].value,
    )
    assert created.status_code == 201


def test_a_model_validation_error_from_a_service_is_a_400_naming_the_field(
    api_for, world, monkeypatch
):
    def refuse(**kwargs):
        raise DjangoValidationError({"name": ["A programme with this name already exists."]})

    monkeypatch.setattr(programme_services, "programme_update", refuse)
    response = api_for("facilitator").patch(f"/programmes/{world.programme.pk}", {"name": "X"})
    assert response.status_code == 400
    assert response.json() == {
        "detail": "A programme with this name already exists.",
        "field": "name",
    }


def test_a_method_the_api_does_not_offer_is_a_405(api_for, world):
    response = api_for("facilitator").client.delete(f"/api/v1/programmes/{world.programme.pk}")
    assert response.status_code == 405
