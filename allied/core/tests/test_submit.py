"""submit and act: the two ways a page runs a service."""

from __future__ import annotations

import pytest
from django import forms
from django.contrib import messages
from django.contrib.messages import get_messages
from django.contrib.messages.storage.fallback import FallbackStorage
from django.contrib.sessions.backends.cache import SessionStore
from django.core.exceptions import ValidationError
from django.test import RequestFactory

from allied.core.errors import ApplicationError, NotAllowed, NotFound
from allied.core.submit import Submitted, act, submit


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
    assert done and done.value == "ADA"
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


def _said(request):
    return [(m.level, m.message) for m in get_messages(request)]


def test_an_action_runs_and_says_so():
    request = _request()
    done = act(request, lambda: 42, success="Approved.")
    assert done and done.value == 42
    assert _said(request) == [(messages.SUCCESS, "Approved.")]


def test_an_action_may_say_nothing_or_write_its_message_from_the_result():
    request = _request()
    assert act(request, lambda: 2).value == 2
    act(request, lambda: 2, success=lambda n: f"Published {n} relationships.")
    assert _said(request) == [(messages.SUCCESS, "Published 2 relationships.")]


def test_a_refused_action_says_why_as_an_error_and_nothing_else():
    request = _request()
    said_success = []

    def refuse():
        raise ApplicationError("Only an approved run can be published.", field="run")

    done = act(request, refuse, success=lambda _: said_success.append(1) or "Published.")
    assert not done
    assert said_success == []
    assert _said(request) == [(messages.ERROR, "Only an approved run can be published.")]


def test_model_validation_is_a_refusal_too():
    request = _request()

    def refuse():
        raise ValidationError({"until": ["Pick a date after today."], "reason": ["Choose one."]})

    assert not act(request, refuse, success="Paused.")
    assert _said(request) == [(messages.ERROR, "Pick a date after today. Choose one.")]


@pytest.mark.parametrize("error", [NotFound("Not there."), NotAllowed("Not yours.")])
def test_not_found_and_not_allowed_rise_from_an_action(error):
    request = _request()

    def refuse():
        raise error

    with pytest.raises(type(error)):
        act(request, refuse, success="Done.")
    assert _said(request) == []


def test_an_action_that_returns_nothing_still_counts_as_done():
    done = act(_request(), lambda: None)
    assert done and done.value is None


def test_there_is_no_value_when_nothing_ran():
    with pytest.raises(RuntimeError):
        Submitted(False).value  # noqa: B018
    request = _request(data={})
    assert not submit(request, NameForm(request.POST), lambda: "ADA")
    with pytest.raises(RuntimeError):
        submit(request, NameForm(request.POST), lambda: "ADA").value  # noqa: B018
