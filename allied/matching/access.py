"""Who may see match runs.

Match runs hold every applicant's ethnic group and gender, so only the programme's
facilitators see them: not admins, not evaluators, not the applicants themselves (they see
their partner's matching profile once a match is published, through their relationship).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from allied.programmes.access import AnyUser, can_facilitate, programmes_visible_q

if TYPE_CHECKING:
    from allied.programmes.models import Programme

__all__ = ["AnyUser", "can_facilitate", "can_match", "programmes_visible_q"]


def can_match(user: AnyUser, programme: Programme) -> bool:
    return can_facilitate(user, programme)
