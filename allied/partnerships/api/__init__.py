"""API for relationships: members' agreements, meetings, goals and sponsorship; facilitators'
partnership health, follow-up and outbox (mounted in config.api)."""

from allied.partnerships.api.operations import router

__all__ = ["router"]
