"""What the programmes API's operations read from a request besides their parameters."""

from allied.core.errors import ApplicationError
from allied.programmes.api.schemas import PlacesIn


def places_by_side(places: list[PlacesIn]) -> dict[int, int]:
    """The places per side id; the cohort service checks the sides are the programme's."""
    result: dict[int, int] = {}
    for item in places:
        if item.side_id in result:
            raise ApplicationError("Give the places for each side once.", field="places")
        result[item.side_id] = item.number
    return result
