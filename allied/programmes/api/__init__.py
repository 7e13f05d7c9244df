"""API for programmes, cohorts, group sessions and applications (mounted in config.api)."""

from ninja import Router

from allied.programmes.api import applications, programmes

router = Router()
router.add_router("", programmes.router)
router.add_router("", applications.router)

__all__ = ["router"]
