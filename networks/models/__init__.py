"""The catalogue: networks, what they deal with, who belongs to them and where the facts come from."""

from .catalogue import (
    FIRST_YEAR,
    LAST_YEAR,
    VERIFY_INTERVAL_DAYS,
    Network,
    NetworkAlias,
    NetworkQuerySet,
    NetworkSource,
    Organisation,
    Source,
    Topic,
    VerifiedQuerySet,
    stale_cutoff,
)
from .contacts import ContactPoint, ContactPointQuerySet, VisibleContactsMixin, visibility_condition, visibility_scope
from .membership import Membership, MembershipQuerySet, Relation, RelationQuerySet, StatedCount

__all__ = [
    "FIRST_YEAR",
    "LAST_YEAR",
    "VERIFY_INTERVAL_DAYS",
    "ContactPoint",
    "ContactPointQuerySet",
    "Membership",
    "MembershipQuerySet",
    "Network",
    "NetworkAlias",
    "NetworkQuerySet",
    "NetworkSource",
    "Organisation",
    "Relation",
    "RelationQuerySet",
    "Source",
    "StatedCount",
    "Topic",
    "VerifiedQuerySet",
    "VisibleContactsMixin",
    "stale_cutoff",
    "visibility_condition",
    "visibility_scope",
]
