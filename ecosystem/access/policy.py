"""The rules of who may do what; every service asks here, nowhere else decides.

"Not yours" and "does not exist" both raise :class:`Forbidden`, so that nobody learns which.
Jurisdiction is a region-code prefix: an official of ``3709`` (Tai'an) covers ``370983``.
"""

from __future__ import annotations

from ecosystem.access.subject import Subject
from ecosystem.errors import Forbidden, NotAuthenticated
from ecosystem.parties.models import Party, PartyKind, Role

SCHOOL_EDITORS = (Role.PRINCIPAL, Role.SCHOOL_STAFF)
PLEDGE_EDITORS = (Role.DONOR_ADMIN,)

# The roles a party of each kind can hold, and which of those administer the party.
_ROLES_BY_KIND: dict[PartyKind, tuple[Role, ...]] = {
    PartyKind.SCHOOL: (Role.PRINCIPAL, Role.SCHOOL_STAFF),
    PartyKind.GOVERNMENT: (Role.GOV_OFFICIAL, Role.DONOR_ADMIN),
    PartyKind.MEDIA: (Role.DONOR_ADMIN, Role.MEDIA_EDITOR),
    PartyKind.NGO: (Role.DONOR_ADMIN, Role.PLATFORM_ADMIN),
}
_PARTY_ADMINS = (Role.PRINCIPAL, Role.DONOR_ADMIN, Role.GOV_OFFICIAL)
# Who in a party may invite to each role: never to a power they do not hold themselves. A
# government's donor admin posts its pledges but may not make officials, who approve matches
# and verify parties in the jurisdiction.
_INVITED_BY: dict[Role, tuple[Role, ...]] = {
    Role.PRINCIPAL: (Role.PRINCIPAL,),
    Role.SCHOOL_STAFF: (Role.PRINCIPAL,),
    Role.GOV_OFFICIAL: (Role.GOV_OFFICIAL,),
    Role.DONOR_ADMIN: (Role.DONOR_ADMIN, Role.GOV_OFFICIAL),
    Role.MEDIA_EDITOR: (Role.DONOR_ADMIN,),
}


def roles_for_party(kind: PartyKind) -> tuple[Role, ...]:
    """The roles a party of this kind can hold."""
    return _ROLES_BY_KIND.get(kind, (Role.DONOR_ADMIN,))


def require_subject(subject: Subject | None) -> Subject:
    """The acting subject; UNAUTHENTICATED when there is none."""
    if subject is None:
        raise NotAuthenticated("Log in to do this.")
    return subject


def require_writer(subject: Subject | None) -> Subject:
    """The acting subject, allowed to change things with this request."""
    acting = require_subject(subject)
    if acting.read_only_reason is not None:
        raise Forbidden(acting.read_only_reason)
    return acting


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


def jurisdictions(subject: Subject | None) -> tuple[str, ...]:
    """The region codes this subject governs as a government official."""
    if subject is None:
        return ()
    return tuple(
        sorted(
            {
                g.region_code
                for g in subject.grants
                if g.role is Role.GOV_OFFICIAL and g.party_kind is PartyKind.GOVERNMENT
            }
        )
    )


def acting_role(subject: Subject | None, party_ids: tuple[int, ...], region_code: str) -> str:
    """The role a subject acts in on something of these parties in this region, for the
    public record: the first of its roles in the parties, else official, else admin."""
    if subject is None:
        return "SYSTEM"
    for party_id in party_ids:
        for grant in subject.grants:
            if grant.party_id == party_id:
                return grant.role.value
    if governs(subject, region_code):
        return Role.GOV_OFFICIAL.value
    if subject.is_platform_admin:
        return Role.PLATFORM_ADMIN.value
    return "USER"


def governs(subject: Subject | None, region_code: str) -> bool:
    """The subject is an official whose jurisdiction covers ``region_code``."""
    return any(region_code.startswith(code) for code in jurisdictions(subject))


def ensure_can_verify(subject: Subject | None, party: Party | None) -> Subject:
    """An official verifies parties within their jurisdiction, but never their own party."""
    acting = require_subject(subject)
    if party is None or party.id is None or not governs(acting, party.region_code):
        raise Forbidden("Only a government official whose jurisdiction covers it may verify it.")
    if acting.has_role(party.id, *_PARTY_ADMINS):
        raise Forbidden("A party cannot verify itself.")
    return acting


def may_invite(subject: Subject | None, party: Party | None, role: Role) -> bool:
    """Platform admins invite anyone; a party's own admins invite to their party, to roles no
    stronger than their own (a principal its principals and staff, an official its officials
    and donor admins, a donor admin its donor admins and editors), never platform admins.
    Those who may make an invitation are those who see it."""
    if subject is None:
        return False
    if subject.is_platform_admin:
        return True
    if party is None or party.id is None:
        return False
    return subject.has_role(party.id, *_INVITED_BY.get(role, ()))


def administers(subject: Subject | None, party: Party) -> bool:
    """The subject is one of the party's admins, or a platform admin."""
    if subject is None or party.id is None:
        return False
    return subject.is_platform_admin or subject.has_role(party.id, *_PARTY_ADMINS)


def ensure_can_invite(subject: Subject | None, party: Party | None, role: Role) -> Subject:
    """The subject, when it may invite ``role`` to the party (see ``may_invite``)."""
    acting = require_subject(subject)
    if not may_invite(acting, party, role):
        if role is Role.PLATFORM_ADMIN:
            raise Forbidden("Only a platform admin may invite another platform admin.")
        if party is not None and party.id is not None and acting.has_role(party.id, *_PARTY_ADMINS):
            holders = " or ".join(r.value for r in _INVITED_BY.get(role, ()))
            raise Forbidden(
                f"Only a platform admin or the party's {holders} may invite a {role.value}."
            )
        raise Forbidden("Only a platform admin or the party's own admins may invite to it.")
    return acting


def sees_private_details(subject: Subject | None, party: Party) -> bool:
    """Contact details of a party: its members, platform admins and officials over it."""
    if subject is None or party.id is None:
        return False
    return (
        subject.is_platform_admin
        or any(g.party_id == party.id for g in subject.grants)
        or governs(subject, party.region_code)
    )


RECORDS_DELIVERY = "Only an admin of the donor party may record its deliveries."
"""The refusal for a match that is not the subject's to deliver, and for one that does not
exist: the two must read the same."""
CONFIRMS_RECEIPT = (
    "Only the school's principal or staff may confirm what it received, or report a problem "
    "with it."
)
"""The same, for receipts."""


def ensure_records_delivery(subject: Subject | None, donor_id: int) -> Subject:
    """A donor admin of the match's donor records its deliveries."""
    acting = require_subject(subject)
    if not acting.has_role(donor_id, *PLEDGE_EDITORS):
        raise Forbidden(RECORDS_DELIVERY)
    return acting


def ensure_confirms_receipt(subject: Subject | None, school_id: int) -> Subject:
    """The school's principal or staff confirm what arrived, or report a problem."""
    acting = require_subject(subject)
    if not acting.has_role(school_id, *SCHOOL_EDITORS):
        raise Forbidden(CONFIRMS_RECEIPT)
    return acting


def evidence_uploaders(subject: Subject) -> tuple[int, ...]:
    """The parties this subject may upload evidence for: its schools (principal, staff) and
    the donors it administers."""
    return tuple(
        sorted({g.party_id for g in subject.grants if g.role in (*SCHOOL_EDITORS, *PLEDGE_EDITORS)})
    )


_UPLOADERS_ONLY = "Only a school's principal or staff, or a donor's admins, may upload evidence."


def ensure_uploads_evidence(subject: Subject | None, party_id: int | None) -> Subject:
    """Evidence is uploaded for a school by its principal or staff, for a donor by its admins."""
    acting = require_writer(subject)
    if party_id is None or party_id not in evidence_uploaders(acting):
        raise Forbidden(_UPLOADERS_ONLY)
    return acting


def ensure_uploads_some_evidence(subject: Subject | None) -> Subject:
    """The subject may upload evidence for at least one party (checked before reading a file)."""
    acting = require_writer(subject)
    if not evidence_uploaders(acting):
        raise Forbidden(_UPLOADERS_ONLY)
    return acting


def sees_evidence(
    subject: Subject | None,
    *,
    owner_party_id: int,
    match_parties: tuple[int, int] | None,
    region_code: str | None,
) -> bool:
    """An evidence photo is seen by platform admins and the members of the party it was
    uploaded for; once it is part of a match's record, also by the members of the match's
    school and donor and by the officials over the school."""
    if subject is None:
        return False
    if subject.is_platform_admin:
        return True
    members_of = {g.party_id for g in subject.grants}
    if owner_party_id in members_of:
        return True
    if match_parties is None or region_code is None:
        return False
    return bool(members_of.intersection(match_parties)) or governs(subject, region_code)


def ensure_retracts_story(subject: Subject | None, party_id: int, refusal: str) -> Subject:
    """A story is retracted by an editor of its media party, or by a platform admin."""
    acting = require_subject(subject)
    if not (_edits_stories(acting, party_id) or acting.is_platform_admin):
        raise Forbidden(refusal)
    return acting


def ensure_publishes_stories(subject: Subject | None, party_id: int | None) -> Subject:
    """A media party's editors publish its stories."""
    acting = require_subject(subject)
    if party_id is None or not _edits_stories(acting, party_id):
        raise Forbidden("Only an editor of the media party may publish its stories.")
    return acting


def _edits_stories(subject: Subject, party_id: int) -> bool:
    return any(
        g.party_id == party_id and g.role is Role.MEDIA_EDITOR and g.party_kind is PartyKind.MEDIA
        for g in subject.grants
    )
