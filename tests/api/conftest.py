"""Helpers for the API tests. The role fixtures (`world`, `client_for`) are the project's."""

from __future__ import annotations

import json
from http.cookies import SimpleCookie
from typing import Any

import pytest
from django.test import Client


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    # The world signs up seven people; the production hasher would take seconds for each.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(scope="session")
def _reused_client() -> Client:
    # Each new test client loads the middleware again, and WhiteNoise then rescans every
    # static file (a fifth of a second); one client, signed in afresh per test, avoids that.
    return Client()


@pytest.fixture
def api_for(world, _reused_client):
    """A signed-in API client for one role: `api_for("facilitator").post(path, {...})`.
    Asking for another role signs the same client in as that role."""

    def make(role: str) -> ApiClient:
        client = _reused_client
        client.cookies = SimpleCookie()
        user = world.users[role]
        if user is not None:
            client.force_login(user)
        return ApiClient(client)

    return make


class ApiClient:
    """Sends and reads JSON against /api/v1/."""

    prefix = "/api/v1"

    def __init__(self, client: Client) -> None:
        self.client = client

    def get(self, path: str, **params: Any):
        return self.client.get(self.prefix + path, params)

    def post(self, path: str, body: Any = None):
        return self._send("post", path, body)

    def patch(self, path: str, body: Any = None):
        return self._send("patch", path, body)

    def _send(self, method: str, path: str, body: Any):
        data = json.dumps(body) if body is not None else ""
        return getattr(self.client, method)(
            self.prefix + path, data=data, content_type="application/json"
        )
