"""API for organisations: the ones the caller belongs to, with the roles they hold there."""

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Router, Schema
from ninja.pagination import paginate

from allied.accounts import access, selectors
from allied.accounts.models import Organisation
from allied.core.api.schemas import READ_ERRORS, Pages

router = Router(tags=["organisations"])


class OrganisationOut(Schema):
    id: int
    name: str
    slug: str
    kind: str
    kind_label: str
    my_roles: list[str]

    @staticmethod
    def resolve_kind_label(obj: Organisation) -> str:
        return obj.get_kind_display()

    @staticmethod
    def resolve_my_roles(obj: Organisation, context: dict) -> list[str]:
        return sorted(access.roles_in(context["request"].user, obj))


@router.get("", response={200: list[OrganisationOut], **READ_ERRORS})
@paginate(Pages)
def organisation_list(request: HttpRequest) -> QuerySet[Organisation]:
    """The organisations you belong to, in any role."""
    return selectors.organisation_list_member(user=request.user)


@router.get("/{organisation_id}", response={200: OrganisationOut, **READ_ERRORS})
def organisation_detail(request: HttpRequest, organisation_id: int) -> Organisation:
    """One organisation you belong to; 404 for any other."""
    return selectors.organisation_get_member(user=request.user, organisation_id=organisation_id)
