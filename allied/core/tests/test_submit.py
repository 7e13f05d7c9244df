"""submit: the one way a page runs a form through a service."""

from __future__ import annotations

import pytest
from django import forms
from django.contrib.messages import get_messages
from django.contrib.messages.storage.fallback import FallbackStorage
from django.contrib.sessions.backends.cache import SessionStore
from django.test import RequestFactory

from allied.core.errors import ApplicationError, NotAllowed
from allied.core.submit import submit


class NameForm(forms.Form):
    name = forms.CharField()


def _request(method="post", data=None):
    request = getattr(RequestFactory(), method)("/", data or {})
    request.session = SessionStore()
    request._messages = FallbackStorage(request)
    return request


def test_a_valid_post_runs_the_service_and_says_so():
    request = _request(data={"name": "Ada"})
    form = NameForm(request.POST)
    done = submit(request, form, lambda: form.cleaned_data["name"].upper(), success="Saved.")
    assert done and done.result == "ADA"
    assert [m.message for m in get_messages(request)] == ["Saved."]


def test_a_refusal_lands_on_the_form_and_nothing_is_said():
    request = _request(data={"name": "Ada"})
    form = NameForm(request.POST)

    def refuse():
        raise ApplicationError("That name is taken.", field="name")

    done = submit(request, form, refuse, success="Saved.")
    assert not done
    assert form.errors == {"name": ["That name is taken."]}
    assert list(get_messages(request)) == []


def test_an_invalid_form_or_a_get_never_runs_the_service():
    calls = []
    for request, data in ((_request(data={}), {}), (_request("get"), None)):
        form = NameForm(data if request.method == "POST" else None)
        assert not submit(request, form, lambda: calls.append(1))
    assert calls == []


def test_not_allowed_is_not_caught():
    request = _request(data={"name": "Ada"})
    form = NameForm(request.POST)

    def refuse():
        raise NotAllowed("Not yours.")

    with pytest.raises(NotAllowed):
        submit(request, form, refuse)


def test_the_message_may_be_written_from_the_result():
    request = _request(data={"name": "Ada"})
    form = NameForm(request.POST)
    submit(request, form, lambda: 3, success=lambda n: f"{n} saved.")
    assert [m.message for m in get_messages(request)] == ["3 saved."]
