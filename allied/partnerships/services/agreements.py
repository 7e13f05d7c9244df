"""The agreement at the start: proposed by one member, confirmed by all; changes are versions."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from allied.accounts.models import User
from allied.core.errors import ApplicationError
from allied.partnerships.models import Agreement, AgreementConfirmation, Relationship
from allied.partnerships.services._members import member_of, require_live


@transaction.atomic
def agreement_propose(
    *, relationship: Relationship, by: User, expectations: dict[int, str], **fields: Any
) -> Agreement:
    """Write a new version of the agreement; its author confirms it by proposing it."""
    author = member_of(relationship, by)
    require_live(relationship)
    member_ids = set(relationship.members.values_list("id", flat=True))
    if set(expectations) - member_ids:
        raise ApplicationError("Expectations can only be written for members.")
    if not any(text.strip() for text in expectations.values()):
        raise ApplicationError("Write what you expect from the relationship.", field="expectations")
    latest = relationship.agreements.order_by("-version").first()
    agreement = Agreement(
        relationship=relationship,
        version=(latest.version + 1) if latest else 1,
        expectations={str(k): v.strip() for k, v in expectations.items()},
        created_by=author,
        **fields,
    )
    agreement.full_clean()
    agreement.save()
    AgreementConfirmation.objects.create(agreement=agreement, member=author)
    return agreement


@transaction.atomic
def agreement_confirm(*, agreement: Agreement, by: User) -> AgreementConfirmation:
    """Confirm the current version of the agreement."""
    relationship = agreement.relationship
    member = member_of(relationship, by)
    latest = relationship.agreements.order_by("-version").first()
    if latest is None or latest.pk != agreement.pk:
        raise ApplicationError("A newer version of the agreement exists: confirm that one.")
    confirmation, _ = AgreementConfirmation.objects.get_or_create(
        agreement=agreement, member=member
    )
    return confirmation


def agreement_is_confirmed(agreement: Agreement | None, active_member_ids: set[int]) -> bool:
    """Whether every current member has confirmed this version."""
    if agreement is None:
        return False
    confirmed = {c.member_id for c in agreement.confirmations.all()}
    return active_member_ids <= confirmed
