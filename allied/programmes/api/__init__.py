"""API for programmes, cohorts, group sessions and applications (mounted in config.api)."""

from allied.programmes.api.operations import router

__all__ = ["router"]
