"""The rules of who may do what; every service asks here, nowhere else decides.

"Not yours" and "does not exist" both raise :class:`Forbidden`, so that nobody learns which.
"""

from __future__ import annotations

from ecosystem.access.subject import Subject
from ecosystem.errors import Forbidden, NotAuthenticated
from ecosystem.parties.models import Role

SCHOOL_EDITORS = (Role.PRINCIPAL, Role.SCHOOL_STAFF)
PLEDGE_EDITORS = (Role.DONOR_ADMIN,)


def require_subject(subject: Subject | None) -> Subject:
    """The acting subject; UNAUTHENTICATED when there is none."""
    if subject is None:
        raise NotAuthenticated("Log in to do this.")
    return subject


def ensure_manages_school_needs(subject: Subject | None, school_id: int | None) -> Subject:
    """A principal or staff member of this school may post and edit its needs."""
    acting = require_subject(subject)
    if school_id is None or not acting.has_role(school_id, *SCHOOL_EDITORS):
        raise Forbidden("Only the school's principal or staff may manage its needs.")
    return acting


def ensure_manages_party_pledges(subject: Subject | None, party_id: int | None) -> Subject:
    """A donor admin of this party may post and withdraw its pledges."""
    acting = require_subject(subject)
    if party_id is None or not acting.has_role(party_id, *PLEDGE_EDITORS):
        raise Forbidden("Only an admin of the party may manage its pledges.")
    return acting
