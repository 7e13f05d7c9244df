"""model_update: the one way services change allowed fields of a model."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from allied.accounts.models import Organisation
from allied.core.errors import ApplicationError
from allied.core.updates import model_update

pytestmark = pytest.mark.django_db


@pytest.fixture
def organisation():
    return Organisation.objects.create(name="Northfield NHS Foundation Trust", slug="northfield")


def test_changes_only_the_allowed_fields_and_reports_which_changed(organisation):
    organisation, changed = model_update(
        instance=organisation,
        fields=["name", "slug"],
        data={"name": "Southfield NHS Trust", "slug": "northfield"},
    )
    assert changed == ["name"]
    organisation.refresh_from_db()
    assert organisation.name == "Southfield NHS Trust"


def test_refuses_a_field_outside_the_list_before_changing_anything(organisation):
    with pytest.raises(ApplicationError, match="cannot be changed here: slug"):
        model_update(instance=organisation, fields=["name"], data={"name": "X", "slug": "x"})
    organisation.refresh_from_db()
    assert organisation.name == "Northfield NHS Foundation Trust"


def test_validates_before_saving(organisation):
    with pytest.raises(ValidationError):
        model_update(instance=organisation, fields=["name"], data={"name": ""})
    organisation.refresh_from_db()
    assert organisation.name == "Northfield NHS Foundation Trust"


def test_nothing_to_change_saves_nothing(organisation, django_assert_num_queries):
    with django_assert_num_queries(0):
        _, changed = model_update(instance=organisation, fields=["name"], data={})
    assert changed == []


def test_a_value_a_form_already_set_on_the_instance_is_still_saved(organisation):
    organisation.name = "Set by a ModelForm"  # as a bound ModelForm does while validating
    _, changed = model_update(
        instance=organisation, fields=["name"], data={"name": "Set by a ModelForm"}
    )
    assert changed == []
    organisation.refresh_from_db()
    assert organisation.name == "Set by a ModelForm"
