"""API for relationships: members' agreements, meetings, goals and sponsorship; facilitators'
partnership health, follow-up and outbox (mounted in config.api)."""

from ninja import Router

from allied.partnerships.api import facilitators, goals_and_support, members

router = Router()
# In this order: a member's fixed paths (/relationships/commitment…) before /{relationship_id}.
router.add_router("", members.router)
router.add_router("", goals_and_support.router)
router.add_router("", facilitators.router)

__all__ = ["router"]
