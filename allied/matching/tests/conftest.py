"""Plain engine tests: no database, no Django settings needed."""

from allied.matching.tests.django_fixtures import ready  # noqa: F401  (Django-side tests)
