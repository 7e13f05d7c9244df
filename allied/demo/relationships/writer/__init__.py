"""Writing the drafts: every table in a few bulk inserts, with the dates things happened.

`relationships` writes the relationships, members, agreements and meetings, `progress` the goals,
doors opened, check-ins and reflections, and `emails` the concerns and the outbox.
"""

from allied.demo.relationships.writer.relationships import Writer
from allied.demo.relationships.writer.rows import bulk_create_dated

__all__ = ["Writer", "bulk_create_dated"]
