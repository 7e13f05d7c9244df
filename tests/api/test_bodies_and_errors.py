"""Bodies must be JSON objects; what the schema allows the API accepts; errors are JSON."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from config.api import api

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("body", ["[]", '"x"', "123", "null"])
def test_a_body_that_is_not_an_object_is_refused_with_422(api_for, world, body):
    client = api_for("facilitator")
    name = world.cohort.name
    response = client.client.patch(
        f"/api/v1/cohorts/{world.cohort.pk}", data=body, content_type="application/json"
    )
    assert response.status_code == 422
    assert "must be a JSON object" in json.dumps(response.json())
    world.cohort.refresh_from_db()
    assert world.cohort.name == name


def test_every_body_schema_refuses_what_is_not_an_object():
    from allied.core.api.schemas import BodyIn

    schema = api.get_openapi_schema()
    bodies = [
        (path, method)
        for path, methods in schema["paths"].items()
        for method, operation in methods.items()
        if "requestBody" in operation
    ]
    assert bodies, "the API has writes"
    names = {
        name for name, component in schema["components"]["schemas"].items()
        if name.endswith("In")
    }  # fmt: skip
    classes = {cls.__name__: cls for cls in _subclasses(BodyIn)}
    assert names <= set(classes), (
        f"body schemas not built on BodyIn: {sorted(names - set(classes))}"
    )


def _subclasses(cls):
    for sub in cls.__subclasses__():
        yield sub
        yield from _subclasses(sub)


def test_the_schema_publishes_the_text_and_date_rules_it_enforces():
    schema = api.get_openapi_schema()["components"]["schemas"]
    title = schema["SessionIn"]["properties"]["title"]
    assert title["pattern"] == r"^[^\x00]*[^\s\x00][^\x00]*$"
    starts = schema["SessionIn"]["properties"]["starts_at"]
    assert starts["pattern"].startswith("^(19")


def test_text_of_only_spaces_or_with_a_nul_is_refused_as_the_schema_says(api_for, world):
    client = api_for("facilitator")
    for name in ("   ", "Launch\x00"):
        response = client.post(
            f"/cohorts/{world.cohort.pk}/sessions",
            {"title": name, "starts_at": "2031-04-01T10:00", "ends_at": "2031-04-01T11:00"},
        )
        assert response.status_code == 422, name


def test_an_unknown_api_address_answers_json_404(db):
    response = Client().get("/api/v1/no-such-thing")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"detail": "There is no such address in the API."}


def test_an_oversized_body_answers_json_400(api_for, world, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    client = api_for("facilitator")
    response = client.client.generic(
        "PATCH",
        f"/api/v1/cohorts/{world.cohort.pk}",
        json.dumps({"name": "x" * 5000}),
        content_type="application/json",
    )
    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    assert "too large" in response.json()["detail"]
