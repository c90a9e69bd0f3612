/* eslint-disable */
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';
export type Maybe<T> = T | null;
export type InputMaybe<T> = Maybe<T>;
export type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
export type MakeOptional<T, K extends keyof T> = Omit<T, K> & { [SubKey in K]?: Maybe<T[SubKey]> };
export type MakeMaybe<T, K extends keyof T> = Omit<T, K> & { [SubKey in K]: Maybe<T[SubKey]> };
export type MakeEmpty<T extends { [key: string]: unknown }, K extends keyof T> = { [_ in K]?: never };
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
/** All built-in and custom scalars, mapped to their actual values */
export type Scalars = {
  ID: { input: string; output: string; }
  String: { input: string; output: string; }
  Boolean: { input: boolean; output: boolean; }
  Int: { input: number; output: number; }
  Float: { input: number; output: number; }
  /** A whole number that may exceed 32 bits, such as an amount in fen. Given as a JSON number or a string of digits; a value that is not a whole number is refused by the mutation with a field error rather than by the parser, so a form can show it next to the field. */
  BigInt: { input: number | string; output: number | string; }
  /** Date (isoformat) */
  Date: { input: string; output: string; }
  /** Date with time (isoformat) */
  DateTime: { input: string; output: string; }
};

/** Approve an accepted match (officials over the school). */
export type ApproveMatchInput = {
  /** The match. */
  id: Scalars['ID']['input'];
  /** Optional. Sending the same key and input again returns the first result and writes nothing new; the same key with a different input is refused. */
  idempotencyKey?: InputMaybe<Scalars['String']['input']>;
};

/** Approve several accepted matches at once. */
export type ApproveMatchesInput = {
  /** Optional. Sending the same key and input again returns the first result and writes nothing new; the same key with a different input is refused. */
  idempotencyKey?: InputMaybe<Scalars['String']['input']>;
  /** The matches, at most 100. */
  ids: Array<Scalars['ID']['input']>;
};

/** The result of a bulk decision: each match is decided on its own; those that could not be have an error whose field is `ids.N`, and nothing of theirs changed. */
export type BulkDecisionPayload = {
  __typename?: 'BulkDecisionPayload';
  /** The ones that were not, and why. */
  errors: Array<UserError>;
  /** The matches decided. */
  matches: Array<Match>;
};

/** Cancel a need. */
export type CancelNeedInput = {
  /** The need to cancel. */
  id: Scalars['ID']['input'];
  /** Optional. Sending the same key and input again returns the first result and writes nothing new; the same key with a different input is refused. */
  idempotencyKey?: InputMaybe<Scalars['String']['input']>;
  /** Why (at most 500 characters). */
  reason?: InputMaybe<Scalars['String']['input']>;
};

/** A kind of resource, following the programme. */
export type Category =
  | 'AIR_QUALITY'
  | 'DRINKING_WATER'
  | 'FACILITIES'
  | 'LIBRARY'
  | 'NUTRITION'
  | 'OTHER'
  | 'PSYCHOSOCIAL'
  | 'SMART_CLASSROOM'
  | 'SPORTS_ARTS'
  | 'STEM_WORKSHOP'
  | 'TEACHER_TRAINING';

/** Confirm receiving some or all of what was delivered. */
export type ConfirmReceiptInput = {
  /** Photos uploaded with POST /evidence for your party (at most 10). At least one when this confirms the whole match. */
  evidenceIds?: Array<Scalars['ID']['input']>;
  /** Optional. Sending the same key and input again returns the first result and writes nothing new; the same key with a different input is refused. */
  idempotencyKey?: InputMaybe<Scalars['String']['input']>;
  /** The match. */
  matchId: Scalars['ID']['input'];
  /** Units received, at most what was delivered and not yet confirmed. */
  quantity: Scalars['BigInt']['input'];
  /** Thanks to the donor (at most 1000 characters). */
  thankYouNote?: InputMaybe<Scalars['String']['input']>;
};

/** The proof that a smaller tree is a prefix of a larger one. */
export type ConsistencyProof = {
  __typename?: 'ConsistencyProof';
  /** The root at the older size, base64. */
  fromRoot: Scalars['String']['output'];
  /** The older size. */
  fromSize: Scalars['Int']['output'];
  /** The proof (RFC 6962 §2.1.2). Standard base64 (with padding) of each 32-byte SHA-256 hash. */
  hashes: Array<Scalars['String']['output']>;
  /** The root at the newer size, base64. */
  toRoot: Scalars['String']['output'];
  /** The newer size. */
  toSize: Scalars['Int']['output'];
};

/** Delete a webhook. */
export type DeleteWebhookInput = {
  /** The webhook. */
  id: Scalars['ID']['input'];
};

/** The donor's record that part or all of a match was delivered. */
export type Delivery = Node & {
  __typename?: 'Delivery';
  /** The day it was shipped, held or paid. */
  deliveredOn: Scalars['Date']['output'];
  /** Photos of the delivery; only for the match's parties, officials and admins. */
  evidence: Array<Evidence>;
  /** The object's global ID. */
  id: Scalars['ID']['output'];
  /** Shipped, service held, or transferred. */
  kind: DeliveryKind;
  /** The match delivered. */
  match: Match;
  /** The donor's note (tracking number, details). */
  note: Scalars['String']['output'];
  /** Units of the need item delivered. */
  quantity: Scalars['BigInt']['output'];
  /** When it was recorded. */
  recordedAt: Scalars['DateTime']['output'];
};

/** How a delivery was made; it follows the pledge's kind. */
export type DeliveryKind =
  | 'SERVICE_HELD'
  | 'SHIPPED'
  | 'TRANSFERRED';

/** The result of recordDelivery. */
export type DeliveryPayload = {
  __typename?: 'DeliveryPayload';
  /** The delivery, on success. */
  delivery?: Maybe<Delivery>;
  /** Why it failed; empty on success. */
  errors: Array<UserError>;
  /** The match as it is now, on success. */
  match?: Maybe<Match>;
};

/** Where a webhook delivery is. */
export type DeliveryStatus =
  | 'DEAD'
  | 'DELIVERED'
  | 'PENDING';

/** Why a request was refused. */
export type ErrorCode =
  | 'ALREADY_ALLOCATED'
  | 'DEADLINE_IN_PAST'
  | 'FORBIDDEN'
  | 'IDEMPOTENCY_KEY_REUSED'
  | 'INVALID'
  | 'INVALID_TRANSITION'
  | 'NOT_ELIGIBLE'
  | 'NOT_FOUND'
  | 'OUT_OF_RANGE'
  | 'OVER_ALLOCATED'
  | 'REQUIRED'
  | 'STALE'
  | 'TOO_LONG'
  | 'TOO_MANY'
  | 'UNAVAILABLE'
  | 'UNKNOWN_REGION';

/** A photo uploaded as evidence of a delivery or receipt. */
export type Evidence = Node & {
  __typename?: 'Evidence';
  /** image/jpeg, image/png or image/webp. */
  contentType: Scalars['String']['output'];
  /** Height in pixels. */
  height: Scalars['Int']['output'];
  /** The object's global ID. */
  id: Scalars['ID']['output'];
  /** SHA-256 of the stored file, in hex. */
  sha256: Scalars['String']['output'];
  /** Size of the stored file. */
  sizeBytes: Scalars['Int']['output'];
  /** When it was uploaded. */
  uploadedAt: Scalars['DateTime']['output'];
  /** Where the photo is served (GET, logged in); its location data was removed. */
  url: Scalars['String']['output'];
  /** Width in pixels. */
  width: Scalars['Int']['output'];
};

/** The audit path of one entry in the tree of a given size. */
export type InclusionProof = {
  __typename?: 'InclusionProof';
  /** The path, nearest the leaf first (RFC 6962 §2.1.1). Standard base64 (with padding) of each 32-byte SHA-256 hash. */
  hashes: Array<Scalars['String']['output']>;
  /** The entry. */
  index: Scalars['Int']['output'];
  /** The entry's leaf hash, base64. */
  leafHash: Scalars['String']['output'];
  /** The tree's root at that size, base64; check it against a signed checkpoint. */
  rootHash: Scalars['String']['output'];
  /** The size of the tree it is proven in. */
  treeSize: Scalars['Int']['output'];
};

/** A role in a party offered to an email address. */
export type Invitation = Node & {
  __typename?: 'Invitation';
  /** When it was accepted. */
  acceptedAt?: Maybe<Scalars['DateTime']['output']>;
  /** Who is invited (lower-cased). */
  email: Scalars['String']['output'];
  /** After this the invitation lapses. */
  expiresAt: Scalars['DateTime']['output'];
  /** The object's global ID. */
  id: Scalars['ID']['output'];
  /** The party the role is in. */
  party?: Maybe<Party>;
  /** The role offered. */
  role: Role;
};

/** Invite someone by email to hold a role in a party. */
export type InviteMemberInput = {
  /** Whoever logs in first with this verified email. */
  email: Scalars['String']['input'];
  /** Optional. Sending the same key and input again returns the first result and writes nothing new; the same key with a different input is refused. */
  idempotencyKey?: InputMaybe<Scalars['String']['input']>;
  /** The party (or school) to join. */
  partyId: Scalars['ID']['input'];
  /** The role offered; it must fit the party's kind. */
  role: Role;
};

/** The result of an invitation. */
export type InviteMemberPayload = {
  __typename?: 'InviteMemberPayload';
  /** Why it failed; empty on success. */
  errors: Array<UserError>;
  /** The open invitation. */
  invitation?: Maybe<Invitation>;
};

/** The public, verifiable log of every state change of needs, pledges and matches: an RFC 6962 Merkle tree with Ed25519-signed checkpoints. Hashes, keys and signatures are standard base64. Check it with `ecosystem ledger verify`, trusting only the public key published by the operator (not the one this API states). */
export type Ledger = {
  __typename?: 'Ledger';
  /** The proof that the tree of `fromSize` entries is a prefix of the tree of `toSize` (0 <= fromSize <= toSize <= the latest checkpoint's size). */
  consistencyProof: ConsistencyProof;
  /** The entries in index order. A cursor is the entry's index in decimal, so `after: "41"` starts at entry 42. */
  entries: LedgerEntryConnection;
  /** The audit path of entry `index` in the tree of `treeSize` entries (any size up to the latest checkpoint's). */
  inclusionProof: InclusionProof;
  /** The signing key's id (hex, 16 digits). */
  keyId: Scalars['String']['output'];
  /** The newest signed checkpoint; null before the first. */
  latestCheckpoint?: Maybe<LedgerCheckpoint>;
  /** The Ed25519 public key checkpoints are signed with, base64. */
  publicKey: Scalars['String']['output'];
  /** How many entries have been appended so far. */
  size: Scalars['Int']['output'];
};


/** The public, verifiable log of every state change of needs, pledges and matches: an RFC 6962 Merkle tree with Ed25519-signed checkpoints. Hashes, keys and signatures are standard base64. Check it with `ecosystem ledger verify`, trusting only the public key published by the operator (not the one this API states). */
export type LedgerConsistencyProofArgs = {
  fromSize: Scalars['Int']['input'];
  toSize: Scalars['Int']['input'];
};


/** The public, verifiable log of every state change of needs, pledges and matches: an RFC 6962 Merkle tree with Ed25519-signed checkpoints. Hashes, keys and signatures are standard base64. Check it with `ecosystem ledger verify`, trusting only the public key published by the operator (not the one this API states). */
export type LedgerEntriesArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  first?: Scalars['Int']['input'];
  needId?: InputMaybe<Scalars['ID']['input']>;
};


/** The public, verifiable log of every state change of needs, pledges and matches: an RFC 6962 Merkle tree with Ed25519-signed checkpoints. Hashes, keys and signatures are standard base64. Check it with `ecosystem ledger verify`, trusting only the public key published by the operator (not the one this API states). */
export type LedgerInclusionProofArgs = {
  index: Scalars['Int']['input'];
  treeSize: Scalars['Int']['input'];
};

/** A signed tree head: the ledger had `treeSize` entries with this root at this time. The Ed25519 signature is over `note`. */
export type LedgerCheckpoint = {
  __typename?: 'LedgerCheckpoint';
  /** The signing key's id: hex of the first 8 bytes of SHA-256 of the key. */
  keyId: Scalars['String']['output'];
  /** The exact text signed: `hope-ledger`, the size, the root (base64) and the time, each on its own line ending in a newline. */
  note: Scalars['String']['output'];
  /** The RFC 6962 Merkle root, base64. */
  rootHash: Scalars['String']['output'];
  /** The Ed25519 signature over `note`, base64. */
  signature: Scalars['String']['output'];
  /** When it was signed, Unix seconds (UTC). */
  timestamp: Scalars['BigInt']['output'];
  /** How many entries it covers. */
  treeSize: Scalars['Int']['output'];
};

/** One entry of the public log, exactly as stored. Entry i is leaf i of the Merkle tree. */
export type LedgerEntry = {
  __typename?: 'LedgerEntry';
  /** The canonical JSON text (RFC 8785, integers only); its UTF-8 bytes are hashed. */
  entry: Scalars['String']['output'];
  /** Its position, from 0, without gaps. */
  index: Scalars['Int']['output'];
  /** SHA-256(0x00 || entry bytes), base64, as stored when the entry was appended (never recomputed, so an entry changed later no longer matches it). */
  leafHash: Scalars['String']['output'];
};

/** A page of a list, resumable by cursor. */
export type LedgerEntryConnection = {
  __typename?: 'LedgerEntryConnection';
  /** The items of this page. */
  edges: Array<LedgerEntryEdge>;
  /** Where this page sits. */
  pageInfo: PageInfo;
};

/** An item of a connection with its cursor. */
export type LedgerEntryEdge = {
  __typename?: 'LedgerEntryEdge';
  /** Pass as `after` to continue after this item. */
  cursor: Scalars['String']['output'];
  /** The item. */
  node: LedgerEntry;
};

/** A point on the map (WGS 84). */
export type Location = {
  __typename?: 'Location';
  /** Degrees north. */
  latitude: Scalars['Float']['output'];
  /** Degrees east. */
  longitude: Scalars['Float']['output'];
};

/** A quantity of a pledge allocated to a need item. */
export type Match = Node & {
  __typename?: 'Match';
  /** When it was proposed. */
  createdAt: Scalars['DateTime']['output'];
  /** When an official decided. */
  decidedAt?: Maybe<Scalars['DateTime']['output']>;
  /** The deliveries the donor recorded, oldest first. */
  deliveries: Array<Delivery>;
  /** The donor party. */
  donor?: Maybe<Party>;
  /** When the donor accepted. */
  donorAcceptedAt?: Maybe<Scalars['DateTime']['output']>;
  /** The score, term by term. */
  explanation: Array<ScoreTerm>;
  /** How much was delivered and received; zeros before delivery. */
  fulfilment: MatchFulfilment;
  /** The object's global ID. */
  id: Scalars['ID']['output'];
  /** How many units of the item it covers. */
  itemQuantity: Scalars['BigInt']['output'];
  /** The need the item belongs to. */
  need?: Maybe<Need>;
  /** The need item it covers. */
  needItem?: Maybe<NeedItem>;
  /** Who proposed it. */
  origin: MatchOrigin;
  /** The pledge it draws on. */
  pledge?: Maybe<Pledge>;
  /** How much of the pledge, in its unit. */
  pledgeQuantity: Scalars['BigInt']['output'];
  /** Why it was declined or rejected. */
  reason?: Maybe<Scalars['String']['output']>;
  /** The school's receipts and problem reports, oldest first. */
  receipts: Array<Receipt>;
  /** The school's county code. */
  regionCode: Scalars['String']['output'];
  /** The school. */
  school?: Maybe<School>;
  /** When the school accepted. */
  schoolAcceptedAt?: Maybe<Scalars['DateTime']['output']>;
  /** The matching score (engine proposals). */
  score: Scalars['Int']['output'];
  /** Where the match is in its life cycle. */
  status: MatchStatus;
  /** The value it carries, in fen. */
  valueFen: Scalars['BigInt']['output'];
};

/** A page of a list, resumable by cursor. */
export type MatchConnection = {
  __typename?: 'MatchConnection';
  /** The items of this page. */
  edges: Array<MatchEdge>;
  /** Where this page sits. */
  pageInfo: PageInfo;
};

/** An item of a connection with its cursor. */
export type MatchEdge = {
  __typename?: 'MatchEdge';
  /** Pass as `after` to continue after this item. */
  cursor: Scalars['String']['output'];
  /** The item. */
  node: Match;
};

/** A match changed status: one event of the outbox, as it happened. */
export type MatchEvent = {
  __typename?: 'MatchEvent';
  /** The role the change was made in (GOV_OFFICIAL, ENGINE, ...). */
  actorRole: Scalars['String']['output'];
  /** When the change happened. */
  at: Scalars['DateTime']['output'];
  /** The event's id: the same on the stream, in webhooks and on replays. */
  eventId: Scalars['ID']['output'];
  /** The status it left. */
  fromStatus?: Maybe<MatchStatus>;
  /** The match as it is now, if you may see it. */
  match?: Maybe<Match>;
  /** The match's global ID. */
  matchId: Scalars['ID']['output'];
  /** Units of the need item it covers. */
  quantity: Scalars['BigInt']['output'];
  /** The school's county code. */
  regionCode: Scalars['String']['output'];
  /** The status it reached. */
  toStatus: MatchStatus;
  /** The event type, e.g. `match.APPROVED`. */
  type: Scalars['String']['output'];
  /** The value of the match, in fen. */
  valueFen: Scalars['BigInt']['output'];
};

/** Which matches to list. */
export type MatchFilter = {
  /** Only this donor party's (a Party ID). */
  donorId?: InputMaybe<Scalars['ID']['input']>;
  /** Only this need's. */
  needId?: InputMaybe<Scalars['ID']['input']>;
  /** Only this pledge's. */
  pledgeId?: InputMaybe<Scalars['ID']['input']>;
  /** School region prefix. */
  regionCode?: InputMaybe<Scalars['String']['input']>;
  /** Only this school's (a School ID). */
  schoolId?: InputMaybe<Scalars['ID']['input']>;
  /** Only these. */
  status?: InputMaybe<Array<MatchStatus>>;
};

/** How much of a match was delivered and received. */
export type MatchFulfilment = {
  __typename?: 'MatchFulfilment';
  /** Units the donor delivered (less those reported as a problem). */
  deliveredQuantity: Scalars['BigInt']['output'];
  /** Units of the need item the match covers. */
  quantity: Scalars['BigInt']['output'];
  /** Units the school confirmed receiving. */
  receivedQuantity: Scalars['BigInt']['output'];
};

/** Who proposed a match. */
export type MatchOrigin =
  | 'DIRECT'
  | 'ENGINE'
  | 'MANUAL';

/** The result of a mutation on a match. */
export type MatchPayload = {
  __typename?: 'MatchPayload';
  /** Why it did not; empty on success. */
  errors: Array<UserError>;
  /** The match, when the mutation succeeded. */
  match?: Maybe<Match>;
};

/** Where a match is in its life cycle. */
export type MatchStatus =
  | 'ACCEPTED'
  | 'APPROVED'
  | 'CANCELLED'
  | 'CONFIRMED'
  | 'DECLINED'
  | 'DELIVERED'
  | 'EXPIRED'
  | 'IN_DELIVERY'
  | 'PROPOSED'
  | 'REJECTED'
  | 'SUPERSEDED';

/** One run of the matching engine over a region. */
export type MatchingRun = Node & {
  __typename?: 'MatchingRun';
  /** The engine's optimum before rounding to whole items; the objective is never more. Runs before this field reported it as their objective. */
  bound: Scalars['BigInt']['output'];
  /** When it was started. */
  createdAt: Scalars['DateTime']['output'];
  /** A dry run stores no proposals. */
  dryRun: Scalars['Boolean']['output'];
  /** Why it failed, in plain (English) words. */
  error?: Maybe<Scalars['String']['output']>;
  /** Why it failed, as a code to word in the reader's language; null unless FAILED. */
  failure?: Maybe<RunFailure>;
  /** When it finished. */
  finishedAt?: Maybe<Scalars['DateTime']['output']>;
  /** The object's global ID. */
  id: Scalars['ID']['output'];
  /** Open need items it considered. */
  itemsCount: Scalars['Int']['output'];
  /** Time spent loading from the database. */
  loadSeconds: Scalars['Float']['output'];
  /** Open needs of its region with items left to fund: the needs it considered, whether or not some pledge could serve them. */
  needsCount: Scalars['Int']['output'];
  /** The sum of the score terms of the proposals it made (or, in a dry run, would have made), in whole items. */
  objective: Scalars['BigInt']['output'];
  /** Parts solved and stored. */
  partsDone: Scalars['Int']['output'];
  /** Independent parts, each a job of its own. */
  partsTotal: Scalars['Int']['output'];
  /** Time spent storing proposals. */
  persistSeconds: Scalars['Float']['output'];
  /** Pledges and co-funding offers with something left that it weighed against its needs: those that may reach a school with open items of the run (none when it has no open needs). One may still find nothing it can fund there, such as a pledge for a category no school there needs. */
  pledgesCount: Scalars['Int']['output'];
  /** Percent done, 0 to 100. */
  progress: Scalars['Int']['output'];
  /** Proposals it made. */
  proposalsCount: Scalars['Int']['output'];
  /** Their value, in fen. */
  proposedValueFen: Scalars['BigInt']['output'];
  /** The region it covers. */
  region?: Maybe<Region>;
  /** The region code prefix it covers. */
  regionCode: Scalars['String']['output'];
  /** Schools with open items. */
  schoolsCount: Scalars['Int']['output'];
  /** Time spent in the engine. */
  solveSeconds: Scalars['Float']['output'];
  /** queued, loading, solving, done or failed. */
  stage: Scalars['String']['output'];
  /** When a worker took it. */
  startedAt?: Maybe<Scalars['DateTime']['output']>;
  /** Where the run is. */
  status: RunStatus;
  /** Unanswered proposals of earlier runs it replaced. */
  supersededCount: Scalars['Int']['output'];
  /** Items it left unfunded, the closest misses first. */
  unfunded: Array<UnfundedNeedItem>;
  /** Eligible items left unfunded. */
  unfundedCount: Scalars['Int']['output'];
};


/** One run of the matching engine over a region. */
export type MatchingRunUnfundedArgs = {
  first?: Scalars['Int']['input'];
};

/** A page of a list, resumable by cursor. */
export type MatchingRunConnection = {
  __typename?: 'MatchingRunConnection';
  /** The items of this page. */
  edges: Array<MatchingRunEdge>;
  /** Where this page sits. */
  pageInfo: PageInfo;
};

/** An item of a connection with its cursor. */
export type MatchingRunEdge = {
  __typename?: 'MatchingRunEdge';
  /** Pass as `after` to continue after this item. */
  cursor: Scalars['String']['output'];
  /** The item. */
  node: MatchingRun;
};

/** The result of startMatchingRun. */
export type MatchingRunPayload = {
  __typename?: 'MatchingRunPayload';
  /** Why it did not; empty on success. */
  errors: Array<UserError>;
  /** The queued run, on success. */
  run?: Maybe<MatchingRun>;
};

/** A role a user holds in a party. */
export type Membership = {
  __typename?: 'Membership';
  /** The party. */
  party?: Maybe<Party>;
  /** What the user may do for the party. */
  role: Role;
};

export type Mutation = {
  __typename?: 'Mutation';
  /** Approve an accepted match in your jurisdiction; commits its quantities. */
  approveMatch: MatchPayload;
  /** Approve accepted matches in your jurisdiction, each on its own. */
  approveMatches: BulkDecisionPayload;
  /** Cancel a need of your school. */
  cancelNeed: NeedPayload;
  /** Confirm receiving delivered units (the school's principal or staff), with photos and a thank-you note. Confirming the whole match makes it CONFIRMED; the need is FULFILLED when all its matches are. */
  confirmReceipt: ReceiptPayload;
  /** Delete a webhook: no new deliveries, pending ones are dead; its log stays. */
  deleteWebhook: WebhookPayload;
  /** Invite a member: platform admins to any party, a party's admins to theirs. */
  inviteMember: InviteMemberPayload;
  /** Offer part of your party's pledge to a chosen need item. */
  pledgeToNeed: MatchPayload;
  /** Post a need for your school (principal or staff). */
  postNeed: NeedPayload;
  /** Post a pledge for your party (donor admin). */
  postPledge: PledgePayload;
  /** Publish a story about confirmed matches (media editors). */
  publishStory: StoryPayload;
  /** Record a delivery against an approved match of your party's pledge (donor admins). The first moves the match to IN_DELIVERY, the one completing it to DELIVERED. */
  recordDelivery: DeliveryPayload;
  /** Register a URL that receives the party's events (admins of the party, or of the platform). The answer carries the signing secret, once. */
  registerWebhook: RegisterWebhookPayload;
  /** Reject a match in your jurisdiction, with a reason. */
  rejectMatch: MatchPayload;
  /** Reject matches in your jurisdiction, with one reason. */
  rejectMatches: BulkDecisionPayload;
  /** Send a delivery's event again (same event id), as a new delivery due now. */
  replayWebhookDelivery: WebhookDeliveryPayload;
  /** Report delivered units damaged, missing or wrong (the school's principal or staff); they are taken off what was delivered so the donor delivers them again. */
  reportProblem: ReceiptPayload;
  /** Accept or decline a proposed match (the school or donor). */
  respondToMatch: MatchPayload;
  /** Retract a published story, with a public reason (its media party's editors, or a platform admin). It leaves the lists of stories; its page shows the title, when and why it was retracted, and no longer the body. The ledger records it. */
  retractStory: StoryPayload;
  /** Run the matching engine over a region (platform admins, and officials within their jurisdiction). The run is queued; follow it with matchingRunProgress. */
  startMatchingRun: MatchingRunPayload;
  /** Change a need of your school while it is open to change. */
  updateNeed: NeedPayload;
  /** Verify a party within your jurisdiction (officials). */
  verifyParty: VerifyPartyPayload;
  /** Withdraw what remains of your party's pledge. */
  withdrawPledge: PledgePayload;
};


export type MutationApproveMatchArgs = {
  input: ApproveMatchInput;
};


export type MutationApproveMatchesArgs = {
  input: ApproveMatchesInput;
};


export type MutationCancelNeedArgs = {
  input: CancelNeedInput;
};


export type MutationConfirmReceiptArgs = {
  input: ConfirmReceiptInput;
};


export type MutationDeleteWebhookArgs = {
  input: DeleteWebhookInput;
};


export type MutationInviteMemberArgs = {
  input: InviteMemberInput;
};


export type MutationPledgeToNeedArgs = {
  input: PledgeToNeedInput;
};


export type MutationPostNeedArgs = {
  input: PostNeedInput;
};


export type MutationPostPledgeArgs = {
  input: PostPledgeInput;
};


export type MutationPublishStoryArgs = {
  input: PublishStoryInput;
};


export type MutationRecordDeliveryArgs = {
  input: RecordDeliveryInput;
};


export type MutationRegisterWebhookArgs = {
  input: RegisterWebhookInput;
};


export type MutationRejectMatchArgs = {
  input: RejectMatchInput;
};


export type MutationRejectMatchesArgs = {
  input: RejectMatchesInput;
};


export type MutationReplayWebhookDeliveryArgs = {
  input: ReplayWebhookDeliveryInput;
};


export type MutationReportProblemArgs = {
  input: ReportProblemInput;
};


export type MutationRespondToMatchArgs = {
  input: RespondToMatchInput;
};


export type MutationRetractStoryArgs = {
  input: RetractStoryInput;
};


export type MutationStartMatchingRunArgs = {
  input: StartMatchingRunInput;
};


export type MutationUpdateNeedArgs = {
  input: UpdateNeedInput;
};


export type MutationVerifyPartyArgs = {
  input: VerifyPartyInput;
};


export type MutationWithdrawPledgeArgs = {
  input: WithdrawPledgeInput;
};

/** A school's request for resources. */
export type Need = Node & {
  __typename?: 'Need';
  /** How many students it serves. */
  beneficiaries: Scalars['Int']['output'];
  /** The need's main category. */
  category: Category;
  /** When it was posted. */
  createdAt: Scalars['DateTime']['output'];
  /** The date by which it is needed. */
  deadline: Scalars['Date']['output'];
  /** The object's global ID. */
  id: Scalars['ID']['output'];
  /** The items, in the order the school listed them. */
  items: Array<NeedItem>;
  /** The school's county. */
  region?: Maybe<Region>;
  /** The code of the school's county. */
  regionCode: Scalars['String']['output'];
  /** The school that posted it. */
  school?: Maybe<School>;
  /** Where the need is in its life cycle. */
  status: NeedStatus;
  /** Why the school needs it, in the school's words. */
  story: Scalars['String']['output'];
  /** A short title. */
  title: Scalars['String']['output'];
  /** The value of all items, in fen. */
  totalValueFen: Scalars['BigInt']['output'];
  /** When it last changed. */
  updatedAt: Scalars['DateTime']['output'];
  /** How soon it is needed. */
  urgency: Urgency;
};

/** A page of a list, resumable by cursor. */
export type NeedConnection = {
  __typename?: 'NeedConnection';
  /** The items of this page. */
  edges: Array<NeedEdge>;
  /** Where this page sits. */
  pageInfo: PageInfo;
};

/** An item of a connection with its cursor. */
export type NeedEdge = {
  __typename?: 'NeedEdge';
  /** Pass as `after` to continue after this item. */
  cursor: Scalars['String']['output'];
  /** The item. */
  node: Need;
};

/** Which needs to list. */
export type NeedFilter = {
  /** Only this category. */
  category?: InputMaybe<Category>;
  /** Region code prefix. */
  regionCode?: InputMaybe<Scalars['String']['input']>;
  /** Only this school's. */
  schoolId?: InputMaybe<Scalars['ID']['input']>;
  /** Only these statuses. */
  status?: InputMaybe<Array<NeedStatus>>;
  /** Text in the title. */
  text?: InputMaybe<Scalars['String']['input']>;
  /** Only this urgency. */
  urgency?: InputMaybe<Urgency>;
};

/** One line of a need: what, how many and what each is worth. */
export type NeedItem = Node & {
  __typename?: 'NeedItem';
  /** The item's category. */
  category: Category;
  /** What is needed. */
  description: Scalars['String']['output'];
  /** The object's global ID. */
  id: Scalars['ID']['output'];
  /** The need this item belongs to. */
  need?: Maybe<Need>;
  /** How many are needed. */
  quantity: Scalars['BigInt']['output'];
  /** How many are not yet committed. */
  remainingQuantity: Scalars['BigInt']['output'];
  /** The unit the quantity counts. */
  unit: Scalars['String']['output'];
  /** What one unit is worth, in fen. */
  unitValueFen: Scalars['BigInt']['output'];
};

/** One item of a need. */
export type NeedItemInput = {
  /** One of the Category values. */
  category: Scalars['String']['input'];
  /** What is needed (at most 200 characters). */
  description: Scalars['String']['input'];
  /** When editing: the existing item this line replaces. */
  id?: InputMaybe<Scalars['ID']['input']>;
  /** How many: a whole number from 1. */
  quantity: Scalars['BigInt']['input'];
  /** What the quantity counts, e.g. 套 or 台 (at most 16). */
  unit: Scalars['String']['input'];
  /** What one unit is worth, in fen. */
  unitValueFen: Scalars['BigInt']['input'];
};

/** How to order needs. */
export type NeedOrder =
  | 'DEADLINE'
  | 'NEWEST'
  | 'URGENCY';

/** The result of a mutation on a need. */
export type NeedPayload = {
  __typename?: 'NeedPayload';
  /** Why it did not; empty on success. */
  errors: Array<UserError>;
  /** The need, when the mutation succeeded. */
  need?: Maybe<Need>;
};

/** Where a need is in its life cycle. */
export type NeedStatus =
  | 'CANCELLED'
  | 'CLOSED'
  | 'DRAFT'
  | 'EXPIRED'
  | 'FULFILLED'
  | 'MATCHED'
  | 'OPEN'
  | 'PARTIALLY_MATCHED';

/** Part of a pledge the engine suggests for one need item, and why. */
export type NeedSuggestion = {
  __typename?: 'NeedSuggestion';
  /** The score, term by term. */
  explanation: Array<ScoreTerm>;
  /** How many units of the item it covers. */
  itemQuantity: Scalars['BigInt']['output'];
  /** The need the item belongs to. */
  need?: Maybe<Need>;
  /** The need item. */
  needItem?: Maybe<NeedItem>;
  /** How much of the pledge, in its unit. */
  pledgeQuantity: Scalars['BigInt']['output'];
  /** The matching score. */
  score: Scalars['Int']['output'];
  /** The value it carries, in fen. */
  valueFen: Scalars['BigInt']['output'];
};

/** An object with a globally unique, opaque ID. */
export type Node = {
  /** The object's global ID. */
  id: Scalars['ID']['output'];
};

/** Where a page of a connection sits in the whole list. */
export type PageInfo = {
  __typename?: 'PageInfo';
  /** Cursor of the last item; pass as `after`. */
  endCursor?: Maybe<Scalars['String']['output']>;
  /** More items follow this page. */
  hasNextPage: Scalars['Boolean']['output'];
  /** This page was fetched after a cursor. */
  hasPreviousPage: Scalars['Boolean']['output'];
  /** Cursor of the first item. */
  startCursor?: Maybe<Scalars['String']['output']>;
};

/** An organisation or person that acts in the marketplace. */
export type Party = Node & {
  __typename?: 'Party';
  /** Contact email; only for the party's members, platform admins and officials. */
  contactEmail?: Maybe<Scalars['String']['output']>;
  /** Contact phone; only for the party's members, platform admins and officials. */
  contactPhone?: Maybe<Scalars['String']['output']>;
  /** The object's global ID. */
  id: Scalars['ID']['output'];
  /** Who the party is. */
  kind: PartyKind;
  /** Where the party is, if known. */
  location?: Maybe<Location>;
  /** The party's name. */
  name: Scalars['String']['output'];
  /** The party's region. */
  region?: Maybe<Region>;
  /** The party's region code. */
  regionCode: Scalars['String']['output'];
  /** The party seen as a school, when it is one. */
  school?: Maybe<School>;
  /** How far the party travels to serve (stores, volunteers). */
  serviceRadiusKm?: Maybe<Scalars['Float']['output']>;
  /** When a government official verified the party; null if not yet. */
  verifiedAt?: Maybe<Scalars['DateTime']['output']>;
};

/** A page of a list, resumable by cursor. */
export type PartyConnection = {
  __typename?: 'PartyConnection';
  /** The items of this page. */
  edges: Array<PartyEdge>;
  /** Where this page sits. */
  pageInfo: PageInfo;
};

/** An item of a connection with its cursor. */
export type PartyEdge = {
  __typename?: 'PartyEdge';
  /** Pass as `after` to continue after this item. */
  cursor: Scalars['String']['output'];
  /** The item. */
  node: Party;
};

/** Which parties to list. */
export type PartyFilter = {
  /** Only this kind. */
  kind?: InputMaybe<PartyKind>;
  /** Region code prefix. */
  regionCode?: InputMaybe<Scalars['String']['input']>;
  /** Text in the party's name. */
  text?: InputMaybe<Scalars['String']['input']>;
  /** Only parties an official has verified (true) or not (false). */
  verified?: InputMaybe<Scalars['Boolean']['input']>;
};

/** Who a party is in the ecosystem. */
export type PartyKind =
  | 'CUSTOMER'
  | 'ENTERPRISE'
  | 'GOVERNMENT'
  | 'MEDIA'
  | 'MICROENTERPRISE'
  | 'NGO'
  | 'SCHOOL'
  | 'SPECIALTY_STORE';

/** An offer by a party, with the restrictions it comes with. */
export type Pledge = Node & {
  __typename?: 'Pledge';
  /** First day a service is offered. */
  availableFrom?: Maybe<Scalars['Date']['output']>;
  /** Last day a service is offered. */
  availableUntil?: Maybe<Scalars['Date']['output']>;
  /** Category of goods or services. */
  category?: Maybe<Category>;
  /** Co-funding: whose money it matches; empty means anyone's. */
  coFundingPartyKinds: Array<PartyKind>;
  /** Co-funding: how many fen it adds per 100 fen of the money it matches. */
  coFundingRatioPercent?: Maybe<Scalars['Int']['output']>;
  /** When it was posted. */
  createdAt: Scalars['DateTime']['output'];
  /** What is offered, in the donor's words. */
  description: Scalars['String']['output'];
  /** What the pledge delivered and schools confirmed receiving. */
  fulfilment: PledgeFulfilment;
  /** The object's global ID. */
  id: Scalars['ID']['output'];
  /** The particular item offered, if any. */
  itemName?: Maybe<Scalars['String']['output']>;
  /** What sort of offer it is. */
  kind: PledgeKind;
  /** The party that pledged. */
  party?: Maybe<Party>;
  /** At most this much to one school. */
  perSchoolCap?: Maybe<Scalars['BigInt']['output']>;
  /** How much is offered, in `unit`: fen for money and co-funding (the cap). */
  quantity: Scalars['BigInt']['output'];
  /** The pledging party's region. */
  region?: Maybe<Region>;
  /** The pledging party's region code. */
  regionCode: Scalars['String']['output'];
  /** How much is not yet committed. */
  remainingQuantity: Scalars['BigInt']['output'];
  /** Only needs of these categories; empty means any. */
  restrictCategories: Array<Category>;
  /** Only schools within these regions; empty means anywhere. */
  restrictRegionCodes: Array<Scalars['String']['output']>;
  /** How far a service travels. */
  serviceRadiusKm?: Maybe<Scalars['Float']['output']>;
  /** Where the pledge is in its life cycle. */
  status: PledgeStatus;
  /** The best open need items for what is left of this pledge, best first, from the engine's incremental path. Only the pledge's own party sees them; empty for others. One request has them worked out for at most 3 pledges (BAD_USER_INPUT beyond); live views (subscriptions) do not get them. */
  suggestions: Array<NeedSuggestion>;
  /** A short title. */
  title: Scalars['String']['output'];
  /** The value of the whole pledge, in fen. */
  totalValueFen: Scalars['BigInt']['output'];
  /** FEN, an item unit, SESSION, HOUR or STORY. */
  unit: Scalars['String']['output'];
  /** What one unit is worth, in fen. */
  unitValueFen: Scalars['BigInt']['output'];
  /** After this day the pledge expires. */
  validUntil?: Maybe<Scalars['Date']['output']>;
};


/** An offer by a party, with the restrictions it comes with. */
export type PledgeSuggestionsArgs = {
  first?: Scalars['Int']['input'];
};

/** A page of a list, resumable by cursor. */
export type PledgeConnection = {
  __typename?: 'PledgeConnection';
  /** The items of this page. */
  edges: Array<PledgeEdge>;
  /** Where this page sits. */
  pageInfo: PageInfo;
};

/** An item of a connection with its cursor. */
export type PledgeEdge = {
  __typename?: 'PledgeEdge';
  /** Pass as `after` to continue after this item. */
  cursor: Scalars['String']['output'];
  /** The item. */
  node: Pledge;
};

/** Which pledges to list. */
export type PledgeFilter = {
  /** Only this category. */
  category?: InputMaybe<Category>;
  /** Only this kind. */
  kind?: InputMaybe<PledgeKind>;
  /** Only this party's. */
  partyId?: InputMaybe<Scalars['ID']['input']>;
  /** Only parties of this kind. */
  partyKind?: InputMaybe<PartyKind>;
  /** Region code prefix of the party. */
  regionCode?: InputMaybe<Scalars['String']['input']>;
  /** Only these statuses. */
  status?: InputMaybe<Array<PledgeStatus>>;
  /** Text in the title. */
  text?: InputMaybe<Scalars['String']['input']>;
};

/** What a pledge delivered and what schools confirmed, over all its matches. */
export type PledgeFulfilment = {
  __typename?: 'PledgeFulfilment';
  /** Confirmed received by the schools, in the pledge's unit. */
  confirmedQuantity: Scalars['BigInt']['output'];
  /** Value confirmed received by the schools, in fen. */
  confirmedValueFen: Scalars['BigInt']['output'];
  /** Delivered, in the pledge's unit. */
  deliveredQuantity: Scalars['BigInt']['output'];
  /** Value delivered, in fen. */
  deliveredValueFen: Scalars['BigInt']['output'];
};

/** What sort of offer a pledge is. */
export type PledgeKind =
  | 'CO_FUNDING'
  | 'GOODS'
  | 'MEDIA'
  | 'MONEY'
  | 'SERVICE'
  | 'VOLUNTEER';

/** How to order pledges. */
export type PledgeOrder =
  | 'LARGEST'
  | 'NEWEST';

/** The result of a mutation on a pledge. */
export type PledgePayload = {
  __typename?: 'PledgePayload';
  /** Why it did not; empty on success. */
  errors: Array<UserError>;
  /** The pledge, when the mutation succeeded. */
  pledge?: Maybe<Pledge>;
};

/** Where a pledge is in its life cycle. */
export type PledgeStatus =
  | 'ACTIVE'
  | 'EXHAUSTED'
  | 'EXPIRED'
  | 'WITHDRAWN';

/** Offer part of your pledge to a need item you chose. */
export type PledgeToNeedInput = {
  /** Optional. Sending the same key and input again returns the first result and writes nothing new; the same key with a different input is refused. */
  idempotencyKey?: InputMaybe<Scalars['String']['input']>;
  /** The need item to cover. */
  needItemId: Scalars['ID']['input'];
  /** Your party's pledge. */
  pledgeId: Scalars['ID']['input'];
  /** How many units of the item to cover. */
  quantity: Scalars['BigInt']['input'];
};

/** A new need, posted by its school's principal or staff. */
export type PostNeedInput = {
  /** Students served. */
  beneficiaries?: InputMaybe<Scalars['BigInt']['input']>;
  /** One of the Category values. */
  category: Scalars['String']['input'];
  /** By when; today or later. */
  deadline: Scalars['Date']['input'];
  /** Optional. Sending the same key and input again returns the first result and writes nothing new; the same key with a different input is refused. */
  idempotencyKey?: InputMaybe<Scalars['String']['input']>;
  /** One to 50 items. */
  items: Array<NeedItemInput>;
  /** False keeps it as a private draft. */
  publish?: Scalars['Boolean']['input'];
  /** The school the need is for. */
  schoolId: Scalars['ID']['input'];
  /** Why (at most 4000 characters). */
  story?: InputMaybe<Scalars['String']['input']>;
  /** A short title (at most 120 characters). */
  title: Scalars['String']['input'];
  /** How soon it is needed. */
  urgency: Urgency;
};

/** A new pledge; which fields apply depends on `kind`. */
export type PostPledgeInput = {
  /** MONEY: the amount; CO_FUNDING: the cap. In fen, at least 100. */
  amountFen?: InputMaybe<Scalars['BigInt']['input']>;
  /** Service window start. */
  availableFrom?: InputMaybe<Scalars['Date']['input']>;
  /** Service window end. */
  availableUntil?: InputMaybe<Scalars['Date']['input']>;
  /** Required for GOODS, SERVICE and VOLUNTEER; a Category value. */
  category?: InputMaybe<Scalars['String']['input']>;
  /** CO_FUNDING: whose money it matches (PartyKind values). */
  coFundingPartyKinds?: Array<Scalars['String']['input']>;
  /** CO_FUNDING: fen added per 100 fen matched (1 to 1000). */
  coFundingRatioPercent?: InputMaybe<Scalars['BigInt']['input']>;
  /** Details. */
  description?: InputMaybe<Scalars['String']['input']>;
  /** Optional. Sending the same key and input again returns the first result and writes nothing new; the same key with a different input is refused. */
  idempotencyKey?: InputMaybe<Scalars['String']['input']>;
  /** GOODS: the item offered. */
  itemName?: InputMaybe<Scalars['String']['input']>;
  /** What sort of offer. */
  kind: PledgeKind;
  /** The party pledging; you must be its admin. */
  partyId: Scalars['ID']['input'];
  /** At most this to one school. */
  perSchoolCap?: InputMaybe<Scalars['BigInt']['input']>;
  /** GOODS: items; SERVICE/VOLUNTEER: sessions or hours; MEDIA: stories. */
  quantity?: InputMaybe<Scalars['BigInt']['input']>;
  /** MONEY: only needs of these categories. */
  restrictCategories?: Array<Scalars['String']['input']>;
  /** Only schools within these region codes. */
  restrictRegionCodes?: Array<Scalars['String']['input']>;
  /** SERVICE/VOLUNTEER: how far from the party's location. */
  serviceRadiusKm?: InputMaybe<Scalars['Float']['input']>;
  /** A short title (at most 120 characters). */
  title: Scalars['String']['input'];
  /** GOODS: the item unit; SERVICE/VOLUNTEER: SESSION or HOUR. */
  unit?: InputMaybe<Scalars['String']['input']>;
  /** Value of one unit. */
  unitValueFen?: InputMaybe<Scalars['BigInt']['input']>;
  /** The pledge expires after. */
  validUntil?: InputMaybe<Scalars['Date']['input']>;
};

/** How poor the school's county is, as designated by the state. */
export type PovertyTier =
  | 'NATIONAL'
  | 'NONE'
  | 'PROVINCIAL';

/** What went wrong with a delivery. */
export type ProblemKind =
  | 'DAMAGED'
  | 'MISSING'
  | 'WRONG_ITEM';

/** A province's slice, with the province. */
export type ProvinceSlice = {
  __typename?: 'ProvinceSlice';
  /** Approved value, in fen. */
  approvedValueFen: Scalars['BigInt']['output'];
  /** A province code (2 digits), a Category, a PartyKind or a month (YYYY-MM). */
  key: Scalars['String']['output'];
  /** How many approved matches. */
  matches: Scalars['Int']['output'];
  /** The province. */
  region?: Maybe<Region>;
};

/** Publish a story about confirmed matches (media editors). */
export type PublishStoryInput = {
  /** The story (at most 20000 characters). */
  body: Scalars['String']['input'];
  /** Optional. Sending the same key and input again returns the first result and writes nothing new; the same key with a different input is refused. */
  idempotencyKey?: InputMaybe<Scalars['String']['input']>;
  /** The confirmed matches it tells of (1 to 20). */
  matchIds: Array<Scalars['ID']['input']>;
  /** Your media party. */
  partyId: Scalars['ID']['input'];
  /** The headline (at most 120 characters). */
  title: Scalars['String']['input'];
};

export type Query = {
  __typename?: 'Query';
  /** The public ledger: signed checkpoints, entries and proofs. Public. */
  ledger: Ledger;
  /** Matches you may see, newest first: approved ones are public; proposals are seen by their school, their donor, the officials over the school and platform admins. */
  matches: MatchConnection;
  /** Matching runs, newest first: platform admins see all, officials those over their jurisdiction, anyone the runs they started. */
  matchingRuns: MatchingRunConnection;
  /** The logged-in user, their memberships and jurisdictions. */
  me?: Maybe<Viewer>;
  /** Needs you may see, filtered and ordered. */
  needs: NeedConnection;
  /** Any object by its global ID; null if there is none you may see. */
  node?: Maybe<Node>;
  /** Parties of every kind, by name; contact details as on Party. */
  parties: PartyConnection;
  /** Pledges, filtered and ordered. */
  pledges: PledgeConnection;
  /** The provinces, or the divisions directly under `parentCode`. */
  regions: Array<Region>;
  /** Schools, filtered and ordered. */
  schools: SchoolConnection;
  /** Published stories, newest first; public. */
  stories: StoryConnection;
  /** Public figures for a region (2, 4 or 6 digits) or, without one, all of China. */
  transparency: Transparency;
  /** The webhook delivery log of the parties you administer, newest first: each event sent to each webhook, its attempts and outcome. */
  webhookDeliveries: WebhookDeliveryConnection;
  /** The active webhooks of the parties you administer (all, for platform admins). */
  webhooks: Array<Webhook>;
};


export type QueryMatchesArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  filter?: InputMaybe<MatchFilter>;
  first?: Scalars['Int']['input'];
};


export type QueryMatchingRunsArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  first?: Scalars['Int']['input'];
  regionCode?: InputMaybe<Scalars['String']['input']>;
};


export type QueryNeedsArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  filter?: InputMaybe<NeedFilter>;
  first?: Scalars['Int']['input'];
  orderBy?: NeedOrder;
};


export type QueryNodeArgs = {
  id: Scalars['ID']['input'];
};


export type QueryPartiesArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  filter?: InputMaybe<PartyFilter>;
  first?: Scalars['Int']['input'];
};


export type QueryPledgesArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  filter?: InputMaybe<PledgeFilter>;
  first?: Scalars['Int']['input'];
  orderBy?: PledgeOrder;
};


export type QueryRegionsArgs = {
  parentCode?: InputMaybe<Scalars['String']['input']>;
};


export type QuerySchoolsArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  filter?: InputMaybe<SchoolFilter>;
  first?: Scalars['Int']['input'];
  orderBy?: SchoolOrder;
};


export type QueryStoriesArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  filter?: InputMaybe<StoryFilter>;
  first?: Scalars['Int']['input'];
};


export type QueryTransparencyArgs = {
  regionCode?: InputMaybe<Scalars['String']['input']>;
};


export type QueryWebhookDeliveriesArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  first?: Scalars['Int']['input'];
  partyId?: InputMaybe<Scalars['ID']['input']>;
  status?: InputMaybe<DeliveryStatus>;
};


export type QueryWebhooksArgs = {
  partyId?: InputMaybe<Scalars['ID']['input']>;
};

/** The school's word on what arrived: units received, or a problem with some. */
export type Receipt = Node & {
  __typename?: 'Receipt';
  /** This receipt confirmed the whole match. */
  completesMatch: Scalars['Boolean']['output'];
  /** What went wrong, in the school's words. */
  description: Scalars['String']['output'];
  /** Photos of what arrived; only for the match's parties, officials and admins. */
  evidence: Array<Evidence>;
  /** The object's global ID. */
  id: Scalars['ID']['output'];
  /** RECEIVED, or PROBLEM. */
  kind: ReceiptKind;
  /** The match received. */
  match: Match;
  /** What went wrong, for a PROBLEM. */
  problem?: Maybe<ProblemKind>;
  /** Units received, or units affected by the problem (to be delivered again). */
  quantity: Scalars['BigInt']['output'];
  /** When it was recorded. */
  recordedAt: Scalars['DateTime']['output'];
  /** The school's thanks to the donor. */
  thankYouNote: Scalars['String']['output'];
};

/** What the school said of what arrived. */
export type ReceiptKind =
  | 'PROBLEM'
  | 'RECEIVED';

/** The result of confirmReceipt or reportProblem. */
export type ReceiptPayload = {
  __typename?: 'ReceiptPayload';
  /** Why it failed; empty on success. */
  errors: Array<UserError>;
  /** The match as it is now, on success. */
  match?: Maybe<Match>;
  /** The receipt, on success. */
  receipt?: Maybe<Receipt>;
};

/** Record that part or all of an approved match was delivered. */
export type RecordDeliveryInput = {
  /** The day; not in the future. */
  deliveredOn: Scalars['Date']['input'];
  /** Photos uploaded with POST /evidence for your party (at most 10). */
  evidenceIds?: Array<Scalars['ID']['input']>;
  /** Optional. Sending the same key and input again returns the first result and writes nothing new; the same key with a different input is refused. */
  idempotencyKey?: InputMaybe<Scalars['String']['input']>;
  /** SHIPPED for goods, SERVICE_HELD for services and volunteers, TRANSFERRED for money. */
  kind: DeliveryKind;
  /** The approved match. */
  matchId: Scalars['ID']['input'];
  /** A note for the school (at most 1000 characters). */
  note?: InputMaybe<Scalars['String']['input']>;
  /** Units of the need item delivered, at most what remains to deliver. */
  quantity: Scalars['BigInt']['input'];
};

/** A GB/T 2260 administrative division: province, city or county. */
export type Region = Node & {
  __typename?: 'Region';
  /** 2 digits (province), 4 (city) or 6 (county). */
  code: Scalars['String']['output'];
  /** The object's global ID. */
  id: Scalars['ID']['output'];
  /** 1 province, 2 city, 3 county-level division. */
  level: Scalars['Int']['output'];
  /** The official name, in Chinese. */
  name: Scalars['String']['output'];
  /** The name in English: the place in Hanyu Pinyin and the division's term (泰安市: Tai'an City; 延边朝鲜族自治州: Yanbian Korean Autonomous Prefecture). */
  nameEn: Scalars['String']['output'];
  /** The enclosing division; null for a province. */
  parent?: Maybe<Region>;
  /** The code of the enclosing division. */
  parentCode?: Maybe<Scalars['String']['output']>;
};

/** Register a URL to receive a party's events. */
export type RegisterWebhookInput = {
  /** 1 to 30 event types: `match.APPROVED`, `match.*`, `need.OPEN`, `delivery.RECORDED`, `receipt.*`, `story.RETRACTED`, or `*` (entities: need, pledge, match, delivery, receipt, story). */
  eventTypes: Array<Scalars['String']['input']>;
  /** The party (you must administer it). */
  partyId: Scalars['ID']['input'];
  /** An http(s) URL; in production, at a public address. */
  url: Scalars['String']['input'];
};

/** The result of registerWebhook. */
export type RegisterWebhookPayload = {
  __typename?: 'RegisterWebhookPayload';
  /** Why it was not; empty on success. */
  errors: Array<UserError>;
  /** The secret that signs its deliveries (X-Hope-Signature). Shown this once: store it now. */
  secret?: Maybe<Scalars['String']['output']>;
  /** The webhook, on success. */
  webhook?: Maybe<Webhook>;
};

/** Reject a match (officials over the school), saying why. */
export type RejectMatchInput = {
  /** The match. */
  id: Scalars['ID']['input'];
  /** Optional. Sending the same key and input again returns the first result and writes nothing new; the same key with a different input is refused. */
  idempotencyKey?: InputMaybe<Scalars['String']['input']>;
  /** Why (at most 500 characters). */
  reason: Scalars['String']['input'];
};

/** Reject several matches at once, with one reason. */
export type RejectMatchesInput = {
  /** Optional. Sending the same key and input again returns the first result and writes nothing new; the same key with a different input is refused. */
  idempotencyKey?: InputMaybe<Scalars['String']['input']>;
  /** The matches, at most 100. */
  ids: Array<Scalars['ID']['input']>;
  /** Why (at most 500 characters). */
  reason: Scalars['String']['input'];
};

/** Send a delivery's event to its webhook again. */
export type ReplayWebhookDeliveryInput = {
  /** The delivery to replay. */
  id: Scalars['ID']['input'];
};

/** Report that delivered units arrived damaged, missing or wrong. */
export type ReportProblemInput = {
  /** What happened (at most 1000 characters). */
  description: Scalars['String']['input'];
  /** Photos uploaded with POST /evidence for your party (at most 10). */
  evidenceIds?: Array<Scalars['ID']['input']>;
  /** Optional. Sending the same key and input again returns the first result and writes nothing new; the same key with a different input is refused. */
  idempotencyKey?: InputMaybe<Scalars['String']['input']>;
  /** The match. */
  matchId: Scalars['ID']['input'];
  /** What went wrong. */
  problem: ProblemKind;
  /** Units affected, at most what was delivered and not yet confirmed; they are taken off what was delivered, to be delivered again. */
  quantity: Scalars['BigInt']['input'];
};

/** The school's or the donor's answer to a proposed match. */
export type RespondToMatchInput = {
  /** True accepts, false declines. */
  accept: Scalars['Boolean']['input'];
  /** The match. */
  id: Scalars['ID']['input'];
  /** Optional. Sending the same key and input again returns the first result and writes nothing new; the same key with a different input is refused. */
  idempotencyKey?: InputMaybe<Scalars['String']['input']>;
  /** Why, when declining. */
  reason?: InputMaybe<Scalars['String']['input']>;
};

/** Retract a published story (its editors, or a platform admin). */
export type RetractStoryInput = {
  /** The story. */
  id: Scalars['ID']['input'];
  /** Optional. Sending the same key and input again returns the first result and writes nothing new; the same key with a different input is refused. */
  idempotencyKey?: InputMaybe<Scalars['String']['input']>;
  /** Why, shown with the story from now on (at most 500 characters). */
  reason: Scalars['String']['input'];
};

/** What a user may do for a party. */
export type Role =
  | 'DONOR_ADMIN'
  | 'GOV_OFFICIAL'
  | 'MEDIA_EDITOR'
  | 'PLATFORM_ADMIN'
  | 'PRINCIPAL'
  | 'SCHOOL_STAFF';

/** Why a matching run failed: TOO_LARGE (its region's network passed the server's limit; run smaller regions), RESTARTED (the server stopped before it finished), TIMED_OUT, QUEUE_UNAVAILABLE (the job queue could not be reached) or INTERNAL. */
export type RunFailure =
  | 'INTERNAL'
  | 'QUEUE_UNAVAILABLE'
  | 'RESTARTED'
  | 'TIMED_OUT'
  | 'TOO_LARGE';

export type RunStatus =
  | 'FAILED'
  | 'QUEUED'
  | 'RUNNING'
  | 'SUCCEEDED';

/** A rural school: a party of kind SCHOOL with its profile. */
export type School = Node & {
  __typename?: 'School';
  /** Whether the school boards its students. */
  boarding: Scalars['Boolean']['output'];
  /** Whether it is a Hope school. */
  hopeSchool: Scalars['Boolean']['output'];
  /** The object's global ID. */
  id: Scalars['ID']['output'];
  /** Number of left-behind children (a count only; no one is named). */
  leftBehindChildren: Scalars['Int']['output'];
  /** Where the school is, if known. */
  location?: Maybe<Location>;
  /** The school's name. */
  name: Scalars['String']['output'];
  /** The poverty designation of the school's county. */
  povertyTier: PovertyTier;
  /** The school's county. */
  region?: Maybe<Region>;
  /** The code of the school's county. */
  regionCode: Scalars['String']['output'];
  /** Number of students. */
  students: Scalars['Int']['output'];
  /** The town the school is in. */
  town?: Maybe<Scalars['String']['output']>;
  /** When the school was verified. */
  verifiedAt?: Maybe<Scalars['DateTime']['output']>;
};

/** A page of a list, resumable by cursor. */
export type SchoolConnection = {
  __typename?: 'SchoolConnection';
  /** The items of this page. */
  edges: Array<SchoolEdge>;
  /** Where this page sits. */
  pageInfo: PageInfo;
};

/** An item of a connection with its cursor. */
export type SchoolEdge = {
  __typename?: 'SchoolEdge';
  /** Pass as `after` to continue after this item. */
  cursor: Scalars['String']['output'];
  /** The item. */
  node: School;
};

/** Which schools to list. */
export type SchoolFilter = {
  /** Only Hope schools, or none. */
  hopeSchool?: InputMaybe<Scalars['Boolean']['input']>;
  /** Region code prefix. */
  regionCode?: InputMaybe<Scalars['String']['input']>;
  /** Text in the school's name. */
  text?: InputMaybe<Scalars['String']['input']>;
};

/** How to order schools. */
export type SchoolOrder =
  | 'NAME'
  | 'NEWEST';

/** One term of a match's score, so a person can read why. */
export type ScoreTerm = {
  __typename?: 'ScoreTerm';
  /** What the term measures. */
  name: Scalars['String']['output'];
  /** Its contribution to the score. */
  points: Scalars['Int']['output'];
};

/** Start a matching run. */
export type StartMatchingRunInput = {
  /** Solve and report, but store no proposals. */
  dryRun?: Scalars['Boolean']['input'];
  /** Retrying with the same key starts the run only once. */
  idempotencyKey?: InputMaybe<Scalars['String']['input']>;
  /** The region: 2 (province), 4 (city) or 6 (county) digits. */
  regionCode: Scalars['String']['input'];
};

/** A media party's story about confirmed matches; public. */
export type Story = Node & {
  __typename?: 'Story';
  /** The story; empty once it is retracted. */
  body: Scalars['String']['output'];
  /** The object's global ID. */
  id: Scalars['ID']['output'];
  /** The confirmed matches it tells of, in the editor's order. */
  matches: Array<Match>;
  /** The media party that published it. */
  party?: Maybe<Party>;
  /** When it was published. */
  publishedAt: Scalars['DateTime']['output'];
  /** When it was retracted. */
  retractedAt?: Maybe<Scalars['DateTime']['output']>;
  /** Why it was retracted, as its editor (or the platform) said; public. */
  retractionReason?: Maybe<Scalars['String']['output']>;
  /** PUBLISHED, or RETRACTED. */
  status: StoryStatus;
  /** The headline. */
  title: Scalars['String']['output'];
};

/** A page of a list, resumable by cursor. */
export type StoryConnection = {
  __typename?: 'StoryConnection';
  /** The items of this page. */
  edges: Array<StoryEdge>;
  /** Where this page sits. */
  pageInfo: PageInfo;
};

/** An item of a connection with its cursor. */
export type StoryEdge = {
  __typename?: 'StoryEdge';
  /** Pass as `after` to continue after this item. */
  cursor: Scalars['String']['output'];
  /** The item. */
  node: Story;
};

/** Which stories to list. */
export type StoryFilter = {
  /** Only those telling of this match. */
  matchId?: InputMaybe<Scalars['ID']['input']>;
  /** Only those telling of a match for this need. */
  needId?: InputMaybe<Scalars['ID']['input']>;
  /** Only this media party's. */
  partyId?: InputMaybe<Scalars['ID']['input']>;
};

/** The result of publishStory or retractStory. */
export type StoryPayload = {
  __typename?: 'StoryPayload';
  /** Why it failed; empty on success. */
  errors: Array<UserError>;
  /** The published story, on success. */
  story?: Maybe<Story>;
};

/** Whether a story stands or was retracted. */
export type StoryStatus =
  | 'PUBLISHED'
  | 'RETRACTED';

export type Subscription = {
  __typename?: 'Subscription';
  /** Match events in a region (2, 4 or 6 digits), live, as the relay publishes them. Seen as the matches query is: approvals by anyone; proposals by their school, their donor, officials over the school and platform admins. Live only: events while you are not connected are not replayed (webhooks deliver every one). */
  matchEvents: MatchEvent;
  /** A run's progress, live: the run now, then again whenever it changes, until it has finished. Seen by whoever may see the run. */
  matchingRunProgress: MatchingRun;
};


export type SubscriptionMatchEventsArgs = {
  regionCode: Scalars['String']['input'];
};


export type SubscriptionMatchingRunProgressArgs = {
  runId: Scalars['ID']['input'];
};

/** Where the value is, from pledge to confirmed receipt. Public; matches count in their school's region. */
export type Transparency = {
  __typename?: 'Transparency';
  /** Approved matches and later. */
  approvedValueFen: Scalars['BigInt']['output'];
  /** Largest first. */
  byCategory: Array<TransparencySlice>;
  /** By the month of approval, oldest first. */
  byMonth: Array<TransparencySlice>;
  /** By the donor's kind of party, largest first. */
  byPartyKind: Array<TransparencySlice>;
  /** Largest first. */
  byProvince: Array<ProvinceSlice>;
  /** When the figures were computed. Right after a change, while newer figures are being computed, the last ones answer: this says how old they are. */
  computedAt: Scalars['DateTime']['output'];
  /** Value the schools confirmed receiving, partial receipts included, in fen. */
  confirmedValueFen: Scalars['BigInt']['output'];
  /** Value delivered so far, in fen: partial deliveries count for what they handed over, and what the schools confirmed is included. */
  deliveredValueFen: Scalars['BigInt']['output'];
  /** Approved over needed value, 0 to 1: a cancelled or expired need counts in both for what was approved of it before it ended. */
  fillRate: Scalars['Float']['output'];
  /** Share of approved value reaching schools where 30% or more of the pupils are left-behind children. */
  leftBehindShare: Scalars['Float']['output'];
  /** Median days from a need's opening to a match's approval. */
  medianDaysToApproval?: Maybe<Scalars['Float']['output']>;
  /** Median days from a need's opening to the confirmed receipt. */
  medianDaysToReceipt?: Maybe<Scalars['Float']['output']>;
  /** Value of the public needs, in fen; of a cancelled or expired need, the part approved before it ended (its approved matches go on to delivery), so approved value never exceeds it. */
  neededValueFen: Scalars['BigInt']['output'];
  /** Public needs in the region (cancelled and expired ones excepted). */
  needs: Scalars['Int']['output'];
  /** Other parties in the region. */
  parties: Scalars['Int']['output'];
  /** Pledges of parties in the region, in fen; of a withdrawn or expired pledge, what it gave (its approved matches) before it ended. */
  pledgedValueFen: Scalars['BigInt']['output'];
  /** Share of approved value reaching schools in poverty counties. */
  povertyShare: Scalars['Float']['output'];
  /** Matches waiting for answers or approval. */
  proposedValueFen: Scalars['BigInt']['output'];
  /** The region (empty: all of China). */
  regionCode: Scalars['String']['output'];
  /** Schools in the region. */
  schools: Scalars['Int']['output'];
};

/** Approved value for one province, category, party kind or month. */
export type TransparencySlice = {
  __typename?: 'TransparencySlice';
  /** Approved value, in fen. */
  approvedValueFen: Scalars['BigInt']['output'];
  /** A province code (2 digits), a Category, a PartyKind or a month (YYYY-MM). */
  key: Scalars['String']['output'];
  /** How many approved matches. */
  matches: Scalars['Int']['output'];
};

/** An eligible need item a run left unfunded, and by how much. */
export type UnfundedNeedItem = {
  __typename?: 'UnfundedNeedItem';
  /** The need item. */
  needItem?: Maybe<NeedItem>;
  /** Points per value unit its score fell short: with a score higher by more than this, the optimum would have funded it. */
  pointsShort: Scalars['Int']['output'];
};

/** Changes to a need; omitted fields stay as they are. */
export type UpdateNeedInput = {
  /** Students served. */
  beneficiaries?: InputMaybe<Scalars['BigInt']['input']>;
  /** A new category. */
  category?: InputMaybe<Scalars['String']['input']>;
  /** A new deadline. */
  deadline?: InputMaybe<Scalars['Date']['input']>;
  /** The need to change. */
  id: Scalars['ID']['input'];
  /** Optional. Sending the same key and input again returns the first result and writes nothing new; the same key with a different input is refused. */
  idempotencyKey?: InputMaybe<Scalars['String']['input']>;
  /** The complete new list of items: lines with an id keep that item, lines without one are added, items not listed are removed. Only while nothing is allocated. */
  items?: InputMaybe<Array<NeedItemInput>>;
  /** True opens a draft; false keeps a draft one (a published need refuses it). */
  publish?: InputMaybe<Scalars['Boolean']['input']>;
  /** A new story. */
  story?: InputMaybe<Scalars['String']['input']>;
  /** A new title. */
  title?: InputMaybe<Scalars['String']['input']>;
  /** A new urgency. */
  urgency?: InputMaybe<Urgency>;
};

/** How soon the school needs it. */
export type Urgency =
  | 'CRITICAL'
  | 'HIGH'
  | 'LOW'
  | 'MEDIUM';

/** A business rule refused the input; nothing was written. */
export type UserError = {
  __typename?: 'UserError';
  /** When the input named a value the field does not take: the values it takes (for a party's roles, those of its kind). Null otherwise. */
  allowed?: Maybe<Array<Scalars['String']['output']>>;
  /** A stable code to branch on. */
  code: ErrorCode;
  /** The input field at fault, as a dotted path (`items.0.quantity`); null for the whole input. */
  field?: Maybe<Scalars['String']['output']>;
  /** When the input was above the range the field takes: its largest value (a whole number, or a date as YYYY-MM-DD). Null otherwise. */
  maximum?: Maybe<Scalars['String']['output']>;
  /** What is wrong, in plain words. */
  message: Scalars['String']['output'];
  /** When the input was below the range the field takes: its smallest value (a whole number, or a date as YYYY-MM-DD). Null otherwise. */
  minimum?: Maybe<Scalars['String']['output']>;
};

/** Vouch for a party in your jurisdiction. */
export type VerifyPartyInput = {
  /** Optional. Sending the same key and input again returns the first result and writes nothing new; the same key with a different input is refused. */
  idempotencyKey?: InputMaybe<Scalars['String']['input']>;
  /** The party (or school) to verify. */
  partyId: Scalars['ID']['input'];
};

/** The result of a verification. */
export type VerifyPartyPayload = {
  __typename?: 'VerifyPartyPayload';
  /** Why it failed; empty on success. */
  errors: Array<UserError>;
  /** The verified party. */
  party?: Maybe<Party>;
};

/** The logged-in user, with the roles the server has granted them. */
export type Viewer = {
  __typename?: 'Viewer';
  /** The email the identity provider gave. */
  email?: Maybe<Scalars['String']['output']>;
  /** The user's global ID. */
  id: Scalars['ID']['output'];
  /** Region codes the user governs as a government official. */
  jurisdictionCodes: Array<Scalars['String']['output']>;
  /** The regions the user governs as a government official. */
  jurisdictions: Array<Region>;
  /** Roles held, by party. */
  memberships: Array<Membership>;
  /** The name the identity provider gave. */
  name: Scalars['String']['output'];
};

/** A partner system's URL that receives a party's events, signed. */
export type Webhook = Node & {
  __typename?: 'Webhook';
  /** False once deleted. */
  active: Scalars['Boolean']['output'];
  /** When it was registered. */
  createdAt: Scalars['DateTime']['output'];
  /** The event types it receives, such as `match.APPROVED`, `match.*` or `*`. */
  eventTypes: Array<Scalars['String']['output']>;
  /** The object's global ID. */
  id: Scalars['ID']['output'];
  /** The party whose events it receives. */
  party?: Maybe<Party>;
  /** Where deliveries are POSTed. */
  url: Scalars['String']['output'];
};

/** One event sent, or to be sent, to one webhook. */
export type WebhookDelivery = Node & {
  __typename?: 'WebhookDelivery';
  /** Attempts made so far. */
  attemptCount: Scalars['Int']['output'];
  /** When it was created. */
  createdAt: Scalars['DateTime']['output'];
  /** When it was delivered. */
  deliveredAt?: Maybe<Scalars['DateTime']['output']>;
  /** The event's id, sent as X-Hope-Event-Id: de-duplicate by it. */
  eventId: Scalars['ID']['output'];
  /** The event type. */
  eventType: Scalars['String']['output'];
  /** The object's global ID. */
  id: Scalars['ID']['output'];
  /** When it was last tried. */
  lastAttemptAt?: Maybe<Scalars['DateTime']['output']>;
  /** Why the last attempt failed. */
  lastError?: Maybe<Scalars['String']['output']>;
  /** The HTTP status the receiver last answered. */
  lastResponseCode?: Maybe<Scalars['Int']['output']>;
  /** When it is attempted next, while PENDING. */
  nextAttemptAt?: Maybe<Scalars['DateTime']['output']>;
  /** The delivery this one replays, if it is a replay. */
  replayOfId?: Maybe<Scalars['ID']['output']>;
  /** Where the delivery is. */
  status: DeliveryStatus;
  /** The webhook it goes to. */
  webhookId: Scalars['ID']['output'];
};

/** A page of a list, resumable by cursor. */
export type WebhookDeliveryConnection = {
  __typename?: 'WebhookDeliveryConnection';
  /** The items of this page. */
  edges: Array<WebhookDeliveryEdge>;
  /** Where this page sits. */
  pageInfo: PageInfo;
};

/** An item of a connection with its cursor. */
export type WebhookDeliveryEdge = {
  __typename?: 'WebhookDeliveryEdge';
  /** Pass as `after` to continue after this item. */
  cursor: Scalars['String']['output'];
  /** The item. */
  node: WebhookDelivery;
};

/** The result of replayWebhookDelivery. */
export type WebhookDeliveryPayload = {
  __typename?: 'WebhookDeliveryPayload';
  /** The new delivery, due now, on success. */
  delivery?: Maybe<WebhookDelivery>;
  /** Why not; empty on success. */
  errors: Array<UserError>;
};

/** The result of deleteWebhook. */
export type WebhookPayload = {
  __typename?: 'WebhookPayload';
  /** Why not; empty on success. */
  errors: Array<UserError>;
  /** The webhook, on success. */
  webhook?: Maybe<Webhook>;
};

/** Withdraw what remains of a pledge. */
export type WithdrawPledgeInput = {
  /** The pledge to withdraw. */
  id: Scalars['ID']['input'];
  /** Optional. Sending the same key and input again returns the first result and writes nothing new; the same key with a different input is refused. */
  idempotencyKey?: InputMaybe<Scalars['String']['input']>;
  /** Why (at most 500 characters). */
  reason?: InputMaybe<Scalars['String']['input']>;
};

export type ApproveMatchMutationVariables = Exact<{
  input: ApproveMatchInput;
}>;


export type ApproveMatchMutation = { __typename?: 'Mutation', approveMatch: { __typename?: 'MatchPayload', match?: { __typename?: 'Match', id: string, status: MatchStatus, origin: MatchOrigin, pledgeQuantity: number | string, itemQuantity: number | string, valueFen: number | string, reason?: string | null, schoolAcceptedAt?: string | null, donorAcceptedAt?: string | null, decidedAt?: string | null, pledge?: { __typename?: 'Pledge', id: string, remainingQuantity: number | string, status: PledgeStatus } | null, needItem?: { __typename?: 'NeedItem', id: string, remainingQuantity: number | string } | null, need?: { __typename?: 'Need', id: string, status: NeedStatus } | null } | null, errors: Array<{ __typename?: 'UserError', field?: string | null, message: string, code: ErrorCode }> } };

export type MatchFieldsFragment = { __typename?: 'Match', id: string, status: MatchStatus, origin: MatchOrigin, pledgeQuantity: number | string, itemQuantity: number | string, valueFen: number | string, reason?: string | null, schoolAcceptedAt?: string | null, donorAcceptedAt?: string | null, decidedAt?: string | null, pledge?: { __typename?: 'Pledge', id: string, remainingQuantity: number | string, status: PledgeStatus } | null, needItem?: { __typename?: 'NeedItem', id: string, remainingQuantity: number | string } | null, need?: { __typename?: 'Need', id: string, status: NeedStatus } | null };

export type ApproveMatchesMutationVariables = Exact<{
  input: ApproveMatchesInput;
}>;


export type ApproveMatchesMutation = { __typename?: 'Mutation', approveMatches: { __typename?: 'BulkDecisionPayload', matches: Array<{ __typename?: 'Match', id: string, status: MatchStatus }>, errors: Array<{ __typename?: 'UserError', field?: string | null, message: string, code: ErrorCode }> } };

export type CancelNeedMutationVariables = Exact<{
  input: CancelNeedInput;
}>;


export type CancelNeedMutation = { __typename?: 'Mutation', cancelNeed: { __typename?: 'NeedPayload', need?: { __typename?: 'Need', id: string, title: string, story: string, category: Category, urgency: Urgency, deadline: string, beneficiaries: number, status: NeedStatus, totalValueFen: number | string, items: Array<{ __typename?: 'NeedItem', id: string, description: string, category: Category, quantity: number | string, remainingQuantity: number | string, unit: string, unitValueFen: number | string }> } | null, errors: Array<{ __typename?: 'UserError', field?: string | null, message: string, code: ErrorCode }> } };

export type ConfirmReceiptMutationVariables = Exact<{
  input: ConfirmReceiptInput;
}>;


export type ConfirmReceiptMutation = { __typename?: 'Mutation', confirmReceipt: { __typename?: 'ReceiptPayload', receipt?: { __typename?: 'Receipt', id: string, kind: ReceiptKind, problem?: ProblemKind | null, quantity: number | string, completesMatch: boolean, thankYouNote: string, description: string, recordedAt: string, evidence: Array<{ __typename?: 'Evidence', id: string, url: string, contentType: string, width: number, height: number }> } | null, match?: { __typename?: 'Match', id: string, status: MatchStatus, fulfilment: { __typename?: 'MatchFulfilment', quantity: number | string, deliveredQuantity: number | string, receivedQuantity: number | string }, need?: { __typename?: 'Need', id: string, status: NeedStatus } | null } | null, errors: Array<{ __typename?: 'UserError', field?: string | null, message: string, code: ErrorCode, minimum?: string | null, maximum?: string | null }> } };

export type ReceiptFieldsFragment = { __typename?: 'Receipt', id: string, kind: ReceiptKind, problem?: ProblemKind | null, quantity: number | string, completesMatch: boolean, thankYouNote: string, description: string, recordedAt: string, evidence: Array<{ __typename?: 'Evidence', id: string, url: string, contentType: string, width: number, height: number }> };

export type DeleteWebhookMutationVariables = Exact<{
  input: DeleteWebhookInput;
}>;


export type DeleteWebhookMutation = { __typename?: 'Mutation', deleteWebhook: { __typename?: 'WebhookPayload', webhook?: { __typename?: 'Webhook', id: string, active: boolean } | null, errors: Array<{ __typename?: 'UserError', field?: string | null, message: string, code: ErrorCode }> } };

export type InviteMemberMutationVariables = Exact<{
  input: InviteMemberInput;
}>;


export type InviteMemberMutation = { __typename?: 'Mutation', inviteMember: { __typename?: 'InviteMemberPayload', invitation?: { __typename?: 'Invitation', id: string, email: string, role: Role, expiresAt: string, acceptedAt?: string | null, party?: { __typename?: 'Party', id: string, name: string } | null } | null, errors: Array<{ __typename?: 'UserError', field?: string | null, message: string, code: ErrorCode, allowed?: Array<string> | null }> } };

export type LedgerQueryVariables = Exact<{ [key: string]: never; }>;


export type LedgerQuery = { __typename?: 'Query', ledger: { __typename?: 'Ledger', publicKey: string, keyId: string, size: number, latestCheckpoint?: { __typename?: 'LedgerCheckpoint', treeSize: number, rootHash: string, timestamp: number | string, keyId: string, signature: string, note: string } | null } };

export type LedgerConsistencyProofQueryVariables = Exact<{
  fromSize: Scalars['Int']['input'];
  toSize: Scalars['Int']['input'];
}>;


export type LedgerConsistencyProofQuery = { __typename?: 'Query', ledger: { __typename?: 'Ledger', consistencyProof: { __typename?: 'ConsistencyProof', fromSize: number, toSize: number, fromRoot: string, toRoot: string, hashes: Array<string> } } };

export type LedgerEntriesQueryVariables = Exact<{
  first: Scalars['Int']['input'];
  after?: InputMaybe<Scalars['String']['input']>;
}>;


export type LedgerEntriesQuery = { __typename?: 'Query', ledger: { __typename?: 'Ledger', entries: { __typename?: 'LedgerEntryConnection', edges: Array<{ __typename?: 'LedgerEntryEdge', cursor: string, node: { __typename?: 'LedgerEntry', index: number, entry: string, leafHash: string } }>, pageInfo: { __typename?: 'PageInfo', hasNextPage: boolean, endCursor?: string | null } } } };

export type LedgerInclusionProofQueryVariables = Exact<{
  index: Scalars['Int']['input'];
  treeSize: Scalars['Int']['input'];
}>;


export type LedgerInclusionProofQuery = { __typename?: 'Query', ledger: { __typename?: 'Ledger', inclusionProof: { __typename?: 'InclusionProof', index: number, treeSize: number, leafHash: string, rootHash: string, hashes: Array<string> } } };

export type MatchEventsSubscriptionVariables = Exact<{
  regionCode: Scalars['String']['input'];
}>;


export type MatchEventsSubscription = { __typename?: 'Subscription', matchEvents: { __typename?: 'MatchEvent', eventId: string, type: string, matchId: string, fromStatus?: MatchStatus | null, toStatus: MatchStatus, regionCode: string, valueFen: number | string, quantity: number | string, actorRole: string, at: string, match?: { __typename?: 'Match', id: string, status: MatchStatus } | null } };

export type MatchFulfilmentQueryVariables = Exact<{
  id: Scalars['ID']['input'];
}>;


export type MatchFulfilmentQuery = { __typename?: 'Query', node?: { __typename?: 'Delivery' } | { __typename?: 'Evidence' } | { __typename?: 'Invitation' } | { __typename?: 'Match', id: string, status: MatchStatus, fulfilment: { __typename?: 'MatchFulfilment', quantity: number | string, deliveredQuantity: number | string, receivedQuantity: number | string }, deliveries: Array<{ __typename?: 'Delivery', id: string, kind: DeliveryKind, deliveredOn: string, quantity: number | string, note: string, recordedAt: string, evidence: Array<{ __typename?: 'Evidence', id: string, url: string, contentType: string }> }>, receipts: Array<{ __typename?: 'Receipt', id: string, kind: ReceiptKind, problem?: ProblemKind | null, quantity: number | string, completesMatch: boolean, thankYouNote: string, description: string, recordedAt: string, evidence: Array<{ __typename?: 'Evidence', id: string, url: string, contentType: string }> }>, need?: { __typename?: 'Need', id: string, status: NeedStatus } | null, pledge?: { __typename?: 'Pledge', id: string, fulfilment: { __typename?: 'PledgeFulfilment', deliveredQuantity: number | string, deliveredValueFen: number | string, confirmedQuantity: number | string, confirmedValueFen: number | string } } | null } | { __typename?: 'MatchingRun' } | { __typename?: 'Need' } | { __typename?: 'NeedItem' } | { __typename?: 'Party' } | { __typename?: 'Pledge' } | { __typename?: 'Receipt' } | { __typename?: 'Region' } | { __typename?: 'School' } | { __typename?: 'Story' } | { __typename?: 'Webhook' } | { __typename?: 'WebhookDelivery' } | null };

export type MatchesQueryVariables = Exact<{
  first: Scalars['Int']['input'];
  after?: InputMaybe<Scalars['String']['input']>;
  filter?: InputMaybe<MatchFilter>;
}>;


export type MatchesQuery = { __typename?: 'Query', matches: { __typename?: 'MatchConnection', edges: Array<{ __typename?: 'MatchEdge', cursor: string, node: { __typename?: 'Match', id: string, status: MatchStatus, origin: MatchOrigin, pledgeQuantity: number | string, itemQuantity: number | string, valueFen: number | string, score: number, regionCode: string, explanation: Array<{ __typename?: 'ScoreTerm', name: string, points: number }>, school?: { __typename?: 'School', id: string, name: string } | null, donor?: { __typename?: 'Party', id: string, name: string } | null } }>, pageInfo: { __typename?: 'PageInfo', hasNextPage: boolean, endCursor?: string | null } } };

export type MatchingRunProgressSubscriptionVariables = Exact<{
  runId: Scalars['ID']['input'];
}>;


export type MatchingRunProgressSubscription = { __typename?: 'Subscription', matchingRunProgress: { __typename?: 'MatchingRun', id: string, status: RunStatus, stage: string, progress: number, partsTotal: number, partsDone: number, proposalsCount: number, error?: string | null, failure?: RunFailure | null } };

export type MatchingRunsQueryVariables = Exact<{
  first: Scalars['Int']['input'];
  after?: InputMaybe<Scalars['String']['input']>;
  regionCode?: InputMaybe<Scalars['String']['input']>;
}>;


export type MatchingRunsQuery = { __typename?: 'Query', matchingRuns: { __typename?: 'MatchingRunConnection', edges: Array<{ __typename?: 'MatchingRunEdge', node: { __typename?: 'MatchingRun', id: string, regionCode: string, dryRun: boolean, status: RunStatus, stage: string, progress: number, partsTotal: number, partsDone: number, needsCount: number, itemsCount: number, pledgesCount: number, schoolsCount: number, proposalsCount: number, proposedValueFen: number | string, unfundedCount: number, supersededCount: number, objective: number | string, bound: number | string, loadSeconds: number, solveSeconds: number, persistSeconds: number, error?: string | null, failure?: RunFailure | null, createdAt: string, finishedAt?: string | null, unfunded: Array<{ __typename?: 'UnfundedNeedItem', pointsShort: number, needItem?: { __typename?: 'NeedItem', id: string, description: string } | null }> } }>, pageInfo: { __typename?: 'PageInfo', hasNextPage: boolean, endCursor?: string | null } } };

export type MeQueryVariables = Exact<{ [key: string]: never; }>;


export type MeQuery = { __typename?: 'Query', me?: { __typename?: 'Viewer', id: string, name: string, email?: string | null, jurisdictionCodes: Array<string>, memberships: Array<{ __typename?: 'Membership', role: Role, party?: { __typename?: 'Party', id: string, kind: PartyKind, name: string } | null }>, jurisdictions: Array<{ __typename?: 'Region', code: string, name: string }> } | null };

export type NeedLedgerEntriesQueryVariables = Exact<{
  needId: Scalars['ID']['input'];
  first: Scalars['Int']['input'];
  after?: InputMaybe<Scalars['String']['input']>;
}>;


export type NeedLedgerEntriesQuery = { __typename?: 'Query', ledger: { __typename?: 'Ledger', entries: { __typename?: 'LedgerEntryConnection', edges: Array<{ __typename?: 'LedgerEntryEdge', node: { __typename?: 'LedgerEntry', index: number, entry: string, leafHash: string } }>, pageInfo: { __typename?: 'PageInfo', hasNextPage: boolean, endCursor?: string | null } } } };

export type NeedsQueryVariables = Exact<{
  first: Scalars['Int']['input'];
  after?: InputMaybe<Scalars['String']['input']>;
  filter?: InputMaybe<NeedFilter>;
  orderBy?: InputMaybe<NeedOrder>;
}>;


export type NeedsQuery = { __typename?: 'Query', needs: { __typename?: 'NeedConnection', edges: Array<{ __typename?: 'NeedEdge', cursor: string, node: { __typename?: 'Need', id: string, title: string, story: string, category: Category, urgency: Urgency, deadline: string, beneficiaries: number, status: NeedStatus, totalValueFen: number | string, regionCode: string, createdAt: string, school?: { __typename?: 'School', id: string, name: string, town?: string | null, students: number, leftBehindChildren: number, hopeSchool: boolean, povertyTier: PovertyTier, region?: { __typename?: 'Region', code: string, name: string, nameEn: string } | null } | null, region?: { __typename?: 'Region', code: string, name: string, nameEn: string, parent?: { __typename?: 'Region', code: string, name: string, nameEn: string } | null } | null, items: Array<{ __typename?: 'NeedItem', id: string, description: string, category: Category, quantity: number | string, remainingQuantity: number | string, unit: string, unitValueFen: number | string }> } }>, pageInfo: { __typename?: 'PageInfo', hasNextPage: boolean, hasPreviousPage: boolean, startCursor?: string | null, endCursor?: string | null } } };

export type NeedFieldsFragment = { __typename?: 'Need', id: string, title: string, story: string, category: Category, urgency: Urgency, deadline: string, beneficiaries: number, status: NeedStatus, totalValueFen: number | string, regionCode: string, createdAt: string, school?: { __typename?: 'School', id: string, name: string, town?: string | null, students: number, leftBehindChildren: number, hopeSchool: boolean, povertyTier: PovertyTier, region?: { __typename?: 'Region', code: string, name: string, nameEn: string } | null } | null, region?: { __typename?: 'Region', code: string, name: string, nameEn: string, parent?: { __typename?: 'Region', code: string, name: string, nameEn: string } | null } | null, items: Array<{ __typename?: 'NeedItem', id: string, description: string, category: Category, quantity: number | string, remainingQuantity: number | string, unit: string, unitValueFen: number | string }> };

export type NodeQueryVariables = Exact<{
  id: Scalars['ID']['input'];
}>;


export type NodeQuery = { __typename?: 'Query', node?: { __typename: 'Delivery', quantity: number | string, note: string, id: string, deliveryKind: DeliveryKind, match: { __typename?: 'Match', id: string } } | { __typename: 'Evidence', contentType: string, width: number, height: number, url: string, id: string } | { __typename: 'Invitation', email: string, role: Role, id: string, party?: { __typename?: 'Party', id: string, name: string } | null } | { __typename: 'Match', id: string } | { __typename: 'MatchingRun', id: string } | { __typename: 'Need', title: string, status: NeedStatus, id: string, items: Array<{ __typename?: 'NeedItem', id: string, quantity: number | string }> } | { __typename: 'NeedItem', description: string, id: string, need?: { __typename?: 'Need', id: string } | null } | { __typename: 'Party', name: string, kind: PartyKind, id: string } | { __typename: 'Pledge', title: string, remainingQuantity: number | string, id: string, pledgeStatus: PledgeStatus } | { __typename: 'Receipt', quantity: number | string, thankYouNote: string, completesMatch: boolean, id: string, receiptKind: ReceiptKind, match: { __typename?: 'Match', id: string } } | { __typename: 'Region', code: string, name: string, id: string } | { __typename: 'School', name: string, students: number, id: string } | { __typename: 'Story', title: string, body: string, id: string, party?: { __typename?: 'Party', id: string, name: string } | null } | { __typename: 'Webhook', url: string, eventTypes: Array<string>, active: boolean, id: string } | { __typename: 'WebhookDelivery', eventType: string, webhookId: string, id: string, deliveryStatus: DeliveryStatus } | null };

export type PartiesQueryVariables = Exact<{
  first: Scalars['Int']['input'];
  after?: InputMaybe<Scalars['String']['input']>;
  filter?: InputMaybe<PartyFilter>;
}>;


export type PartiesQuery = { __typename?: 'Query', parties: { __typename?: 'PartyConnection', edges: Array<{ __typename?: 'PartyEdge', node: { __typename?: 'Party', id: string, kind: PartyKind, name: string, regionCode: string, verifiedAt?: string | null } }>, pageInfo: { __typename?: 'PageInfo', hasNextPage: boolean, endCursor?: string | null } } };

export type PartyQueryVariables = Exact<{
  id: Scalars['ID']['input'];
}>;


export type PartyQuery = { __typename?: 'Query', node?: { __typename?: 'Delivery', id: string } | { __typename?: 'Evidence', id: string } | { __typename?: 'Invitation', id: string } | { __typename?: 'Match', id: string } | { __typename?: 'MatchingRun', id: string } | { __typename?: 'Need', id: string } | { __typename?: 'NeedItem', id: string } | { __typename?: 'Party', kind: PartyKind, name: string, regionCode: string, verifiedAt?: string | null, contactEmail?: string | null, contactPhone?: string | null, id: string } | { __typename?: 'Pledge', id: string } | { __typename?: 'Receipt', id: string } | { __typename?: 'Region', id: string } | { __typename?: 'School', id: string } | { __typename?: 'Story', id: string } | { __typename?: 'Webhook', id: string } | { __typename?: 'WebhookDelivery', id: string } | null };

export type PledgeSuggestionsQueryVariables = Exact<{
  id: Scalars['ID']['input'];
  first?: InputMaybe<Scalars['Int']['input']>;
}>;


export type PledgeSuggestionsQuery = { __typename?: 'Query', node?: { __typename?: 'Delivery', id: string } | { __typename?: 'Evidence', id: string } | { __typename?: 'Invitation', id: string } | { __typename?: 'Match', id: string } | { __typename?: 'MatchingRun', id: string } | { __typename?: 'Need', id: string } | { __typename?: 'NeedItem', id: string } | { __typename?: 'Party', id: string } | { __typename?: 'Pledge', remainingQuantity: number | string, id: string, suggestions: Array<{ __typename?: 'NeedSuggestion', pledgeQuantity: number | string, itemQuantity: number | string, valueFen: number | string, score: number, explanation: Array<{ __typename?: 'ScoreTerm', name: string, points: number }>, needItem?: { __typename?: 'NeedItem', id: string, description: string } | null, need?: { __typename?: 'Need', id: string, title: string, deadline: string, school?: { __typename?: 'School', id: string, name: string } | null, region?: { __typename?: 'Region', code: string, name: string, nameEn: string, parent?: { __typename?: 'Region', code: string, name: string, nameEn: string } | null } | null } | null }> } | { __typename?: 'Receipt', id: string } | { __typename?: 'Region', id: string } | { __typename?: 'School', id: string } | { __typename?: 'Story', id: string } | { __typename?: 'Webhook', id: string } | { __typename?: 'WebhookDelivery', id: string } | null };

export type PledgeToNeedMutationVariables = Exact<{
  input: PledgeToNeedInput;
}>;


export type PledgeToNeedMutation = { __typename?: 'Mutation', pledgeToNeed: { __typename?: 'MatchPayload', match?: { __typename?: 'Match', id: string, status: MatchStatus, origin: MatchOrigin, pledgeQuantity: number | string, itemQuantity: number | string, valueFen: number | string, reason?: string | null, schoolAcceptedAt?: string | null, donorAcceptedAt?: string | null, decidedAt?: string | null, pledge?: { __typename?: 'Pledge', id: string, remainingQuantity: number | string, status: PledgeStatus } | null, needItem?: { __typename?: 'NeedItem', id: string, remainingQuantity: number | string } | null, need?: { __typename?: 'Need', id: string, status: NeedStatus } | null } | null, errors: Array<{ __typename?: 'UserError', field?: string | null, message: string, code: ErrorCode, minimum?: string | null, maximum?: string | null }> } };

export type PledgesQueryVariables = Exact<{
  first: Scalars['Int']['input'];
  after?: InputMaybe<Scalars['String']['input']>;
  filter?: InputMaybe<PledgeFilter>;
  orderBy?: InputMaybe<PledgeOrder>;
}>;


export type PledgesQuery = { __typename?: 'Query', pledges: { __typename?: 'PledgeConnection', edges: Array<{ __typename?: 'PledgeEdge', cursor: string, node: { __typename?: 'Pledge', id: string, kind: PledgeKind, status: PledgeStatus, title: string, description: string, category?: Category | null, itemName?: string | null, quantity: number | string, remainingQuantity: number | string, unit: string, unitValueFen: number | string, totalValueFen: number | string, serviceRadiusKm?: number | null, availableFrom?: string | null, availableUntil?: string | null, validUntil?: string | null, perSchoolCap?: number | string | null, restrictRegionCodes: Array<string>, restrictCategories: Array<Category>, coFundingRatioPercent?: number | null, coFundingPartyKinds: Array<PartyKind>, regionCode: string, createdAt: string, party?: { __typename?: 'Party', id: string, kind: PartyKind, name: string } | null } }>, pageInfo: { __typename?: 'PageInfo', hasNextPage: boolean, hasPreviousPage: boolean, startCursor?: string | null, endCursor?: string | null } } };

export type PledgeFieldsFragment = { __typename?: 'Pledge', id: string, kind: PledgeKind, status: PledgeStatus, title: string, description: string, category?: Category | null, itemName?: string | null, quantity: number | string, remainingQuantity: number | string, unit: string, unitValueFen: number | string, totalValueFen: number | string, serviceRadiusKm?: number | null, availableFrom?: string | null, availableUntil?: string | null, validUntil?: string | null, perSchoolCap?: number | string | null, restrictRegionCodes: Array<string>, restrictCategories: Array<Category>, coFundingRatioPercent?: number | null, coFundingPartyKinds: Array<PartyKind>, regionCode: string, createdAt: string, party?: { __typename?: 'Party', id: string, kind: PartyKind, name: string } | null };

export type PostNeedMutationVariables = Exact<{
  input: PostNeedInput;
}>;


export type PostNeedMutation = { __typename?: 'Mutation', postNeed: { __typename?: 'NeedPayload', need?: { __typename?: 'Need', id: string, title: string, story: string, category: Category, urgency: Urgency, deadline: string, beneficiaries: number, status: NeedStatus, totalValueFen: number | string, items: Array<{ __typename?: 'NeedItem', id: string, description: string, category: Category, quantity: number | string, remainingQuantity: number | string, unit: string, unitValueFen: number | string }> } | null, errors: Array<{ __typename?: 'UserError', field?: string | null, message: string, code: ErrorCode, allowed?: Array<string> | null, minimum?: string | null, maximum?: string | null }> } };

export type PostPledgeMutationVariables = Exact<{
  input: PostPledgeInput;
}>;


export type PostPledgeMutation = { __typename?: 'Mutation', postPledge: { __typename?: 'PledgePayload', pledge?: { __typename?: 'Pledge', id: string, kind: PledgeKind, status: PledgeStatus, title: string, category?: Category | null, itemName?: string | null, quantity: number | string, remainingQuantity: number | string, unit: string, unitValueFen: number | string, totalValueFen: number | string, serviceRadiusKm?: number | null, perSchoolCap?: number | string | null, restrictRegionCodes: Array<string>, restrictCategories: Array<Category>, coFundingRatioPercent?: number | null, coFundingPartyKinds: Array<PartyKind> } | null, errors: Array<{ __typename?: 'UserError', field?: string | null, message: string, code: ErrorCode, allowed?: Array<string> | null, minimum?: string | null, maximum?: string | null }> } };

export type PublishStoryMutationVariables = Exact<{
  input: PublishStoryInput;
}>;


export type PublishStoryMutation = { __typename?: 'Mutation', publishStory: { __typename?: 'StoryPayload', story?: { __typename?: 'Story', id: string, title: string, body: string, publishedAt: string, party?: { __typename?: 'Party', id: string, name: string } | null, matches: Array<{ __typename?: 'Match', id: string, status: MatchStatus }> } | null, errors: Array<{ __typename?: 'UserError', field?: string | null, message: string, code: ErrorCode }> } };

export type RecordDeliveryMutationVariables = Exact<{
  input: RecordDeliveryInput;
}>;


export type RecordDeliveryMutation = { __typename?: 'Mutation', recordDelivery: { __typename?: 'DeliveryPayload', delivery?: { __typename?: 'Delivery', id: string, kind: DeliveryKind, deliveredOn: string, quantity: number | string, note: string, recordedAt: string, evidence: Array<{ __typename?: 'Evidence', id: string, url: string, contentType: string }> } | null, match?: { __typename?: 'Match', id: string, status: MatchStatus, fulfilment: { __typename?: 'MatchFulfilment', quantity: number | string, deliveredQuantity: number | string, receivedQuantity: number | string } } | null, errors: Array<{ __typename?: 'UserError', field?: string | null, message: string, code: ErrorCode, minimum?: string | null, maximum?: string | null }> } };

export type RegionsQueryVariables = Exact<{
  parentCode?: InputMaybe<Scalars['String']['input']>;
}>;


export type RegionsQuery = { __typename?: 'Query', regions: Array<{ __typename?: 'Region', id: string, code: string, name: string, nameEn: string, level: number, parentCode?: string | null }> };

export type RegisterWebhookMutationVariables = Exact<{
  input: RegisterWebhookInput;
}>;


export type RegisterWebhookMutation = { __typename?: 'Mutation', registerWebhook: { __typename?: 'RegisterWebhookPayload', secret?: string | null, webhook?: { __typename?: 'Webhook', id: string, url: string, eventTypes: Array<string>, active: boolean, createdAt: string, party?: { __typename?: 'Party', id: string, name: string } | null } | null, errors: Array<{ __typename?: 'UserError', field?: string | null, message: string, code: ErrorCode }> } };

export type WebhookFieldsFragment = { __typename?: 'Webhook', id: string, url: string, eventTypes: Array<string>, active: boolean, createdAt: string, party?: { __typename?: 'Party', id: string, name: string } | null };

export type RejectMatchMutationVariables = Exact<{
  input: RejectMatchInput;
}>;


export type RejectMatchMutation = { __typename?: 'Mutation', rejectMatch: { __typename?: 'MatchPayload', match?: { __typename?: 'Match', id: string, status: MatchStatus, origin: MatchOrigin, pledgeQuantity: number | string, itemQuantity: number | string, valueFen: number | string, reason?: string | null, schoolAcceptedAt?: string | null, donorAcceptedAt?: string | null, decidedAt?: string | null, pledge?: { __typename?: 'Pledge', id: string, remainingQuantity: number | string, status: PledgeStatus } | null, needItem?: { __typename?: 'NeedItem', id: string, remainingQuantity: number | string } | null, need?: { __typename?: 'Need', id: string, status: NeedStatus } | null } | null, errors: Array<{ __typename?: 'UserError', field?: string | null, message: string, code: ErrorCode }> } };

export type RejectMatchesMutationVariables = Exact<{
  input: RejectMatchesInput;
}>;


export type RejectMatchesMutation = { __typename?: 'Mutation', rejectMatches: { __typename?: 'BulkDecisionPayload', matches: Array<{ __typename?: 'Match', id: string, status: MatchStatus, reason?: string | null }>, errors: Array<{ __typename?: 'UserError', field?: string | null, message: string, code: ErrorCode }> } };

export type ReplayWebhookDeliveryMutationVariables = Exact<{
  input: ReplayWebhookDeliveryInput;
}>;


export type ReplayWebhookDeliveryMutation = { __typename?: 'Mutation', replayWebhookDelivery: { __typename?: 'WebhookDeliveryPayload', delivery?: { __typename?: 'WebhookDelivery', id: string, eventId: string, status: DeliveryStatus, attemptCount: number, replayOfId?: string | null } | null, errors: Array<{ __typename?: 'UserError', field?: string | null, message: string, code: ErrorCode }> } };

export type ReportProblemMutationVariables = Exact<{
  input: ReportProblemInput;
}>;


export type ReportProblemMutation = { __typename?: 'Mutation', reportProblem: { __typename?: 'ReceiptPayload', receipt?: { __typename?: 'Receipt', id: string, kind: ReceiptKind, problem?: ProblemKind | null, quantity: number | string, description: string, recordedAt: string, evidence: Array<{ __typename?: 'Evidence', id: string, url: string }> } | null, match?: { __typename?: 'Match', id: string, status: MatchStatus, fulfilment: { __typename?: 'MatchFulfilment', quantity: number | string, deliveredQuantity: number | string, receivedQuantity: number | string } } | null, errors: Array<{ __typename?: 'UserError', field?: string | null, message: string, code: ErrorCode }> } };

export type RespondToMatchMutationVariables = Exact<{
  input: RespondToMatchInput;
}>;


export type RespondToMatchMutation = { __typename?: 'Mutation', respondToMatch: { __typename?: 'MatchPayload', match?: { __typename?: 'Match', id: string, status: MatchStatus, origin: MatchOrigin, pledgeQuantity: number | string, itemQuantity: number | string, valueFen: number | string, reason?: string | null, schoolAcceptedAt?: string | null, donorAcceptedAt?: string | null, decidedAt?: string | null, pledge?: { __typename?: 'Pledge', id: string, remainingQuantity: number | string, status: PledgeStatus } | null, needItem?: { __typename?: 'NeedItem', id: string, remainingQuantity: number | string } | null, need?: { __typename?: 'Need', id: string, status: NeedStatus } | null } | null, errors: Array<{ __typename?: 'UserError', field?: string | null, message: string, code: ErrorCode }> } };

export type RetractStoryMutationVariables = Exact<{
  input: RetractStoryInput;
}>;


export type RetractStoryMutation = { __typename?: 'Mutation', retractStory: { __typename?: 'StoryPayload', story?: { __typename?: 'Story', id: string, title: string, body: string, status: StoryStatus, retractedAt?: string | null, retractionReason?: string | null } | null, errors: Array<{ __typename?: 'UserError', field?: string | null, message: string, code: ErrorCode }> } };

export type SchoolsQueryVariables = Exact<{
  first: Scalars['Int']['input'];
  after?: InputMaybe<Scalars['String']['input']>;
  filter?: InputMaybe<SchoolFilter>;
  orderBy?: InputMaybe<SchoolOrder>;
}>;


export type SchoolsQuery = { __typename?: 'Query', schools: { __typename?: 'SchoolConnection', edges: Array<{ __typename?: 'SchoolEdge', cursor: string, node: { __typename?: 'School', id: string, name: string, town?: string | null, students: number, leftBehindChildren: number, boarding: boolean, hopeSchool: boolean, povertyTier: PovertyTier, location?: { __typename?: 'Location', latitude: number, longitude: number } | null, region?: { __typename?: 'Region', code: string, name: string } | null } }>, pageInfo: { __typename?: 'PageInfo', hasNextPage: boolean, hasPreviousPage: boolean, startCursor?: string | null, endCursor?: string | null } } };

export type StartMatchingRunMutationVariables = Exact<{
  input: StartMatchingRunInput;
}>;


export type StartMatchingRunMutation = { __typename?: 'Mutation', startMatchingRun: { __typename?: 'MatchingRunPayload', run?: { __typename?: 'MatchingRun', id: string, regionCode: string, dryRun: boolean, status: RunStatus, progress: number } | null, errors: Array<{ __typename?: 'UserError', field?: string | null, message: string, code: ErrorCode }> } };

export type StoriesQueryVariables = Exact<{
  first: Scalars['Int']['input'];
  after?: InputMaybe<Scalars['String']['input']>;
  filter?: InputMaybe<StoryFilter>;
}>;


export type StoriesQuery = { __typename?: 'Query', stories: { __typename?: 'StoryConnection', edges: Array<{ __typename?: 'StoryEdge', cursor: string, node: { __typename?: 'Story', id: string, title: string, body: string, publishedAt: string, party?: { __typename?: 'Party', id: string, name: string } | null, matches: Array<{ __typename?: 'Match', id: string, status: MatchStatus, valueFen: number | string, school?: { __typename?: 'School', id: string, name: string } | null, donor?: { __typename?: 'Party', id: string, name: string } | null }> } }>, pageInfo: { __typename?: 'PageInfo', hasNextPage: boolean, endCursor?: string | null } } };

export type TransparencyQueryVariables = Exact<{
  regionCode?: InputMaybe<Scalars['String']['input']>;
}>;


export type TransparencyQuery = { __typename?: 'Query', transparency: { __typename?: 'Transparency', regionCode: string, pledgedValueFen: number | string, proposedValueFen: number | string, approvedValueFen: number | string, deliveredValueFen: number | string, confirmedValueFen: number | string, neededValueFen: number | string, schools: number, needs: number, parties: number, fillRate: number, medianDaysToApproval?: number | null, medianDaysToReceipt?: number | null, povertyShare: number, leftBehindShare: number, computedAt: string, byProvince: Array<{ __typename?: 'ProvinceSlice', key: string, approvedValueFen: number | string, matches: number, region?: { __typename?: 'Region', code: string, name: string, nameEn: string } | null }>, byCategory: Array<{ __typename?: 'TransparencySlice', key: string, approvedValueFen: number | string, matches: number }>, byPartyKind: Array<{ __typename?: 'TransparencySlice', key: string, approvedValueFen: number | string, matches: number }>, byMonth: Array<{ __typename?: 'TransparencySlice', key: string, approvedValueFen: number | string, matches: number }> } };

export type UpdateNeedMutationVariables = Exact<{
  input: UpdateNeedInput;
}>;


export type UpdateNeedMutation = { __typename?: 'Mutation', updateNeed: { __typename?: 'NeedPayload', need?: { __typename?: 'Need', id: string, title: string, story: string, category: Category, urgency: Urgency, deadline: string, beneficiaries: number, status: NeedStatus, totalValueFen: number | string, items: Array<{ __typename?: 'NeedItem', id: string, description: string, category: Category, quantity: number | string, remainingQuantity: number | string, unit: string, unitValueFen: number | string }> } | null, errors: Array<{ __typename?: 'UserError', field?: string | null, message: string, code: ErrorCode, allowed?: Array<string> | null, minimum?: string | null, maximum?: string | null }> } };

export type VerifyPartyMutationVariables = Exact<{
  input: VerifyPartyInput;
}>;


export type VerifyPartyMutation = { __typename?: 'Mutation', verifyParty: { __typename?: 'VerifyPartyPayload', party?: { __typename?: 'Party', id: string, name: string, verifiedAt?: string | null } | null, errors: Array<{ __typename?: 'UserError', field?: string | null, message: string, code: ErrorCode }> } };

export type WebConfirmReceiptMutationVariables = Exact<{
  input: ConfirmReceiptInput;
}>;


export type WebConfirmReceiptMutation = { __typename?: 'Mutation', confirmReceipt: { __typename?: 'ReceiptPayload', match?: { __typename?: 'Match', id: string, status: MatchStatus, fulfilment: { __typename?: 'MatchFulfilment', quantity: number | string, deliveredQuantity: number | string, receivedQuantity: number | string } } | null, errors: Array<{ __typename?: 'UserError', field?: string | null, message: string, code: ErrorCode, minimum?: string | null, maximum?: string | null }> } };

export type WebFulfilmentQueryVariables = Exact<{
  first: Scalars['Int']['input'];
  after?: InputMaybe<Scalars['String']['input']>;
  filter?: InputMaybe<MatchFilter>;
}>;


export type WebFulfilmentQuery = { __typename?: 'Query', matches: { __typename?: 'MatchConnection', edges: Array<{ __typename?: 'MatchEdge', cursor: string, node: { __typename?: 'Match', id: string, status: MatchStatus, origin: MatchOrigin, pledgeQuantity: number | string, itemQuantity: number | string, valueFen: number | string, score: number, regionCode: string, schoolAcceptedAt?: string | null, donorAcceptedAt?: string | null, decidedAt?: string | null, reason?: string | null, createdAt: string, explanation: Array<{ __typename?: 'ScoreTerm', name: string, points: number }>, school?: { __typename?: 'School', id: string, name: string, region?: { __typename?: 'Region', code: string, name: string, nameEn: string } | null } | null, donor?: { __typename?: 'Party', id: string, name: string, kind: PartyKind, verifiedAt?: string | null } | null, need?: { __typename?: 'Need', id: string, title: string } | null, needItem?: { __typename?: 'NeedItem', id: string, description: string, unit: string, quantity: number | string, remainingQuantity: number | string } | null, pledge?: { __typename?: 'Pledge', id: string, title: string, kind: PledgeKind, unit: string } | null, fulfilment: { __typename?: 'MatchFulfilment', quantity: number | string, deliveredQuantity: number | string, receivedQuantity: number | string }, deliveries: Array<{ __typename?: 'Delivery', id: string, kind: DeliveryKind, deliveredOn: string, quantity: number | string, note: string, recordedAt: string, evidence: Array<{ __typename?: 'Evidence', id: string, url: string, contentType: string }> }>, receipts: Array<{ __typename?: 'Receipt', id: string, kind: ReceiptKind, problem?: ProblemKind | null, quantity: number | string, completesMatch: boolean, thankYouNote: string, description: string, recordedAt: string, evidence: Array<{ __typename?: 'Evidence', id: string, url: string, contentType: string }> }> } }>, pageInfo: { __typename?: 'PageInfo', hasNextPage: boolean, endCursor?: string | null } } };

export type WebFulfilmentMatchFragment = { __typename?: 'Match', id: string, status: MatchStatus, origin: MatchOrigin, pledgeQuantity: number | string, itemQuantity: number | string, valueFen: number | string, score: number, regionCode: string, schoolAcceptedAt?: string | null, donorAcceptedAt?: string | null, decidedAt?: string | null, reason?: string | null, createdAt: string, explanation: Array<{ __typename?: 'ScoreTerm', name: string, points: number }>, school?: { __typename?: 'School', id: string, name: string, region?: { __typename?: 'Region', code: string, name: string, nameEn: string } | null } | null, donor?: { __typename?: 'Party', id: string, name: string, kind: PartyKind, verifiedAt?: string | null } | null, need?: { __typename?: 'Need', id: string, title: string } | null, needItem?: { __typename?: 'NeedItem', id: string, description: string, unit: string, quantity: number | string, remainingQuantity: number | string } | null, pledge?: { __typename?: 'Pledge', id: string, title: string, kind: PledgeKind, unit: string } | null, fulfilment: { __typename?: 'MatchFulfilment', quantity: number | string, deliveredQuantity: number | string, receivedQuantity: number | string }, deliveries: Array<{ __typename?: 'Delivery', id: string, kind: DeliveryKind, deliveredOn: string, quantity: number | string, note: string, recordedAt: string, evidence: Array<{ __typename?: 'Evidence', id: string, url: string, contentType: string }> }>, receipts: Array<{ __typename?: 'Receipt', id: string, kind: ReceiptKind, problem?: ProblemKind | null, quantity: number | string, completesMatch: boolean, thankYouNote: string, description: string, recordedAt: string, evidence: Array<{ __typename?: 'Evidence', id: string, url: string, contentType: string }> }> };

export type WebMatchesQueryVariables = Exact<{
  first: Scalars['Int']['input'];
  after?: InputMaybe<Scalars['String']['input']>;
  filter?: InputMaybe<MatchFilter>;
}>;


export type WebMatchesQuery = { __typename?: 'Query', matches: { __typename?: 'MatchConnection', edges: Array<{ __typename?: 'MatchEdge', cursor: string, node: { __typename?: 'Match', id: string, status: MatchStatus, origin: MatchOrigin, pledgeQuantity: number | string, itemQuantity: number | string, valueFen: number | string, score: number, regionCode: string, schoolAcceptedAt?: string | null, donorAcceptedAt?: string | null, decidedAt?: string | null, reason?: string | null, createdAt: string, explanation: Array<{ __typename?: 'ScoreTerm', name: string, points: number }>, school?: { __typename?: 'School', id: string, name: string, region?: { __typename?: 'Region', code: string, name: string, nameEn: string } | null } | null, donor?: { __typename?: 'Party', id: string, name: string, kind: PartyKind, verifiedAt?: string | null } | null, need?: { __typename?: 'Need', id: string, title: string } | null, needItem?: { __typename?: 'NeedItem', id: string, description: string, unit: string, quantity: number | string, remainingQuantity: number | string } | null, pledge?: { __typename?: 'Pledge', id: string, title: string, kind: PledgeKind, unit: string } | null } }>, pageInfo: { __typename?: 'PageInfo', hasNextPage: boolean, endCursor?: string | null } } };

export type WebMatchFieldsFragment = { __typename?: 'Match', id: string, status: MatchStatus, origin: MatchOrigin, pledgeQuantity: number | string, itemQuantity: number | string, valueFen: number | string, score: number, regionCode: string, schoolAcceptedAt?: string | null, donorAcceptedAt?: string | null, decidedAt?: string | null, reason?: string | null, createdAt: string, explanation: Array<{ __typename?: 'ScoreTerm', name: string, points: number }>, school?: { __typename?: 'School', id: string, name: string, region?: { __typename?: 'Region', code: string, name: string, nameEn: string } | null } | null, donor?: { __typename?: 'Party', id: string, name: string, kind: PartyKind, verifiedAt?: string | null } | null, need?: { __typename?: 'Need', id: string, title: string } | null, needItem?: { __typename?: 'NeedItem', id: string, description: string, unit: string, quantity: number | string, remainingQuantity: number | string } | null, pledge?: { __typename?: 'Pledge', id: string, title: string, kind: PledgeKind, unit: string } | null };

export type WebMatchingRunsQueryVariables = Exact<{
  first: Scalars['Int']['input'];
}>;


export type WebMatchingRunsQuery = { __typename?: 'Query', matchingRuns: { __typename?: 'MatchingRunConnection', edges: Array<{ __typename?: 'MatchingRunEdge', node: { __typename?: 'MatchingRun', id: string, regionCode: string, dryRun: boolean, status: RunStatus, stage: string, partsTotal: number, proposalsCount: number, proposedValueFen: number | string, unfundedCount: number, createdAt: string, region?: { __typename?: 'Region', code: string, name: string, nameEn: string, parent?: { __typename?: 'Region', code: string, name: string, nameEn: string } | null } | null } }>, pageInfo: { __typename?: 'PageInfo', hasNextPage: boolean } } };

export type WebMeQueryVariables = Exact<{ [key: string]: never; }>;


export type WebMeQuery = { __typename?: 'Query', me?: { __typename?: 'Viewer', id: string, name: string, email?: string | null, jurisdictionCodes: Array<string>, memberships: Array<{ __typename?: 'Membership', role: Role, party?: { __typename?: 'Party', id: string, kind: PartyKind, name: string, regionCode: string, verifiedAt?: string | null, school?: { __typename?: 'School', id: string, name: string } | null } | null }>, jurisdictions: Array<{ __typename?: 'Region', code: string, name: string, nameEn: string, level: number }> } | null };

export type WebNeedQueryVariables = Exact<{
  id: Scalars['ID']['input'];
}>;


export type WebNeedQuery = { __typename?: 'Query', node?: { __typename?: 'Delivery', id: string } | { __typename?: 'Evidence', id: string } | { __typename?: 'Invitation', id: string } | { __typename?: 'Match', id: string } | { __typename?: 'MatchingRun', id: string } | { __typename?: 'Need', title: string, story: string, category: Category, urgency: Urgency, deadline: string, beneficiaries: number, status: NeedStatus, totalValueFen: number | string, regionCode: string, createdAt: string, updatedAt: string, id: string, school?: { __typename?: 'School', id: string, name: string, town?: string | null, students: number, leftBehindChildren: number, boarding: boolean, hopeSchool: boolean, povertyTier: PovertyTier, verifiedAt?: string | null, region?: { __typename?: 'Region', code: string, name: string, nameEn: string, parent?: { __typename?: 'Region', code: string, name: string, nameEn: string, parent?: { __typename?: 'Region', code: string, name: string, nameEn: string } | null } | null } | null } | null, items: Array<{ __typename?: 'NeedItem', id: string, description: string, category: Category, quantity: number | string, remainingQuantity: number | string, unit: string, unitValueFen: number | string }> } | { __typename?: 'NeedItem', id: string } | { __typename?: 'Party', id: string } | { __typename?: 'Pledge', id: string } | { __typename?: 'Receipt', id: string } | { __typename?: 'Region', id: string } | { __typename?: 'School', id: string } | { __typename?: 'Story', id: string } | { __typename?: 'Webhook', id: string } | { __typename?: 'WebhookDelivery', id: string } | null, matches: { __typename?: 'MatchConnection', edges: Array<{ __typename?: 'MatchEdge', node: { __typename?: 'Match', id: string, status: MatchStatus, origin: MatchOrigin, itemQuantity: number | string, valueFen: number | string, decidedAt?: string | null, donor?: { __typename?: 'Party', id: string, name: string, kind: PartyKind } | null, needItem?: { __typename?: 'NeedItem', id: string, description: string, unit: string } | null, fulfilment: { __typename?: 'MatchFulfilment', quantity: number | string, deliveredQuantity: number | string, receivedQuantity: number | string }, deliveries: Array<{ __typename?: 'Delivery', id: string, kind: DeliveryKind, deliveredOn: string, quantity: number | string }>, receipts: Array<{ __typename?: 'Receipt', id: string, kind: ReceiptKind, problem?: ProblemKind | null, quantity: number | string, recordedAt: string }> } }> } };

export type WebNeedOffersQueryVariables = Exact<{
  needId: Scalars['ID']['input'];
  donorId: Scalars['ID']['input'];
}>;


export type WebNeedOffersQuery = { __typename?: 'Query', matches: { __typename?: 'MatchConnection', edges: Array<{ __typename?: 'MatchEdge', node: { __typename?: 'Match', id: string, status: MatchStatus, itemQuantity: number | string, needItem?: { __typename?: 'NeedItem', id: string, description: string, unit: string } | null, pledge?: { __typename?: 'Pledge', id: string, title: string } | null } }> } };

export type WebPartiesQueryVariables = Exact<{
  first: Scalars['Int']['input'];
  after?: InputMaybe<Scalars['String']['input']>;
  filter?: InputMaybe<PartyFilter>;
}>;


export type WebPartiesQuery = { __typename?: 'Query', parties: { __typename?: 'PartyConnection', edges: Array<{ __typename?: 'PartyEdge', cursor: string, node: { __typename?: 'Party', id: string, kind: PartyKind, name: string, regionCode: string, verifiedAt?: string | null, region?: { __typename?: 'Region', code: string, name: string, nameEn: string } | null } }>, pageInfo: { __typename?: 'PageInfo', hasNextPage: boolean, endCursor?: string | null } } };

export type WebPledgeQueryVariables = Exact<{
  id: Scalars['ID']['input'];
}>;


export type WebPledgeQuery = { __typename?: 'Query', node?: { __typename?: 'Delivery', id: string } | { __typename?: 'Evidence', id: string } | { __typename?: 'Invitation', id: string } | { __typename?: 'Match', id: string } | { __typename?: 'MatchingRun', id: string } | { __typename?: 'Need', id: string } | { __typename?: 'NeedItem', id: string } | { __typename?: 'Party', id: string } | { __typename?: 'Pledge', kind: PledgeKind, status: PledgeStatus, title: string, description: string, category?: Category | null, itemName?: string | null, quantity: number | string, remainingQuantity: number | string, unit: string, unitValueFen: number | string, totalValueFen: number | string, validUntil?: string | null, perSchoolCap?: number | string | null, restrictCategories: Array<Category>, restrictRegionCodes: Array<string>, serviceRadiusKm?: number | null, availableFrom?: string | null, availableUntil?: string | null, coFundingRatioPercent?: number | null, coFundingPartyKinds: Array<PartyKind>, id: string, party?: { __typename?: 'Party', id: string, name: string } | null } | { __typename?: 'Receipt', id: string } | { __typename?: 'Region', id: string } | { __typename?: 'School', id: string } | { __typename?: 'Story', id: string } | { __typename?: 'Webhook', id: string } | { __typename?: 'WebhookDelivery', id: string } | null };

export type WebRecordDeliveryMutationVariables = Exact<{
  input: RecordDeliveryInput;
}>;


export type WebRecordDeliveryMutation = { __typename?: 'Mutation', recordDelivery: { __typename?: 'DeliveryPayload', match?: { __typename?: 'Match', id: string, status: MatchStatus, fulfilment: { __typename?: 'MatchFulfilment', quantity: number | string, deliveredQuantity: number | string, receivedQuantity: number | string } } | null, errors: Array<{ __typename?: 'UserError', field?: string | null, message: string, code: ErrorCode, minimum?: string | null, maximum?: string | null }> } };

export type WebReportProblemMutationVariables = Exact<{
  input: ReportProblemInput;
}>;


export type WebReportProblemMutation = { __typename?: 'Mutation', reportProblem: { __typename?: 'ReceiptPayload', match?: { __typename?: 'Match', id: string, status: MatchStatus, fulfilment: { __typename?: 'MatchFulfilment', quantity: number | string, deliveredQuantity: number | string, receivedQuantity: number | string } } | null, errors: Array<{ __typename?: 'UserError', field?: string | null, message: string, code: ErrorCode, minimum?: string | null, maximum?: string | null }> } };

export type WebRunUnfundedQueryVariables = Exact<{
  id: Scalars['ID']['input'];
  first: Scalars['Int']['input'];
}>;


export type WebRunUnfundedQuery = { __typename?: 'Query', node?: { __typename?: 'Delivery', id: string } | { __typename?: 'Evidence', id: string } | { __typename?: 'Invitation', id: string } | { __typename?: 'Match', id: string } | { __typename?: 'MatchingRun', unfundedCount: number, id: string, unfunded: Array<{ __typename?: 'UnfundedNeedItem', pointsShort: number, needItem?: { __typename?: 'NeedItem', id: string, description: string, need?: { __typename?: 'Need', id: string, title: string, school?: { __typename?: 'School', id: string, name: string } | null, region?: { __typename?: 'Region', code: string, name: string, nameEn: string, parent?: { __typename?: 'Region', code: string, name: string, nameEn: string } | null } | null } | null } | null }> } | { __typename?: 'Need', id: string } | { __typename?: 'NeedItem', id: string } | { __typename?: 'Party', id: string } | { __typename?: 'Pledge', id: string } | { __typename?: 'Receipt', id: string } | { __typename?: 'Region', id: string } | { __typename?: 'School', id: string } | { __typename?: 'Story', id: string } | { __typename?: 'Webhook', id: string } | { __typename?: 'WebhookDelivery', id: string } | null };

export type WebSchoolsQueryVariables = Exact<{
  first: Scalars['Int']['input'];
  after?: InputMaybe<Scalars['String']['input']>;
  filter?: InputMaybe<SchoolFilter>;
}>;


export type WebSchoolsQuery = { __typename?: 'Query', schools: { __typename?: 'SchoolConnection', edges: Array<{ __typename?: 'SchoolEdge', cursor: string, node: { __typename?: 'School', id: string, name: string, town?: string | null, students: number, hopeSchool: boolean, verifiedAt?: string | null, region?: { __typename?: 'Region', code: string, name: string, nameEn: string } | null } }>, pageInfo: { __typename?: 'PageInfo', hasNextPage: boolean, endCursor?: string | null } } };

export type WebStoriesQueryVariables = Exact<{
  first: Scalars['Int']['input'];
  after?: InputMaybe<Scalars['String']['input']>;
  filter?: InputMaybe<StoryFilter>;
}>;


export type WebStoriesQuery = { __typename?: 'Query', stories: { __typename?: 'StoryConnection', edges: Array<{ __typename?: 'StoryEdge', cursor: string, node: { __typename?: 'Story', id: string, title: string, body: string, publishedAt: string, status: StoryStatus, retractedAt?: string | null, retractionReason?: string | null, party?: { __typename?: 'Party', id: string, name: string } | null, matches: Array<{ __typename?: 'Match', id: string, school?: { __typename?: 'School', id: string, name: string } | null, need?: { __typename?: 'Need', id: string, title: string } | null }> } }>, pageInfo: { __typename?: 'PageInfo', hasNextPage: boolean, endCursor?: string | null } } };

export type WebhookDeliveriesQueryVariables = Exact<{
  first: Scalars['Int']['input'];
  after?: InputMaybe<Scalars['String']['input']>;
  partyId?: InputMaybe<Scalars['ID']['input']>;
  status?: InputMaybe<DeliveryStatus>;
}>;


export type WebhookDeliveriesQuery = { __typename?: 'Query', webhookDeliveries: { __typename?: 'WebhookDeliveryConnection', edges: Array<{ __typename?: 'WebhookDeliveryEdge', cursor: string, node: { __typename?: 'WebhookDelivery', id: string, eventId: string, eventType: string, webhookId: string, status: DeliveryStatus, attemptCount: number, nextAttemptAt?: string | null, lastAttemptAt?: string | null, lastResponseCode?: number | null, lastError?: string | null, deliveredAt?: string | null, replayOfId?: string | null, createdAt: string } }>, pageInfo: { __typename?: 'PageInfo', hasNextPage: boolean, endCursor?: string | null } } };

export type DeliveryFieldsFragment = { __typename?: 'WebhookDelivery', id: string, eventId: string, eventType: string, webhookId: string, status: DeliveryStatus, attemptCount: number, nextAttemptAt?: string | null, lastAttemptAt?: string | null, lastResponseCode?: number | null, lastError?: string | null, deliveredAt?: string | null, replayOfId?: string | null, createdAt: string };

export type WebhooksQueryVariables = Exact<{
  partyId?: InputMaybe<Scalars['ID']['input']>;
}>;


export type WebhooksQuery = { __typename?: 'Query', webhooks: Array<{ __typename?: 'Webhook', id: string, url: string, eventTypes: Array<string>, active: boolean, createdAt: string }> };

export type WithdrawPledgeMutationVariables = Exact<{
  input: WithdrawPledgeInput;
}>;


export type WithdrawPledgeMutation = { __typename?: 'Mutation', withdrawPledge: { __typename?: 'PledgePayload', pledge?: { __typename?: 'Pledge', id: string, kind: PledgeKind, status: PledgeStatus, title: string, category?: Category | null, itemName?: string | null, quantity: number | string, remainingQuantity: number | string, unit: string, unitValueFen: number | string, totalValueFen: number | string, serviceRadiusKm?: number | null, perSchoolCap?: number | string | null, restrictRegionCodes: Array<string>, restrictCategories: Array<Category>, coFundingRatioPercent?: number | null, coFundingPartyKinds: Array<PartyKind> } | null, errors: Array<{ __typename?: 'UserError', field?: string | null, message: string, code: ErrorCode }> } };

export const MatchFieldsFragmentDoc = {"kind":"Document","definitions":[{"kind":"FragmentDefinition","name":{"kind":"Name","value":"MatchFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Match"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"origin"}},{"kind":"Field","name":{"kind":"Name","value":"pledgeQuantity"}},{"kind":"Field","name":{"kind":"Name","value":"itemQuantity"}},{"kind":"Field","name":{"kind":"Name","value":"valueFen"}},{"kind":"Field","name":{"kind":"Name","value":"reason"}},{"kind":"Field","name":{"kind":"Name","value":"schoolAcceptedAt"}},{"kind":"Field","name":{"kind":"Name","value":"donorAcceptedAt"}},{"kind":"Field","name":{"kind":"Name","value":"decidedAt"}},{"kind":"Field","name":{"kind":"Name","value":"pledge"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"remainingQuantity"}},{"kind":"Field","name":{"kind":"Name","value":"status"}}]}},{"kind":"Field","name":{"kind":"Name","value":"needItem"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"remainingQuantity"}}]}},{"kind":"Field","name":{"kind":"Name","value":"need"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}}]}}]}}]} as unknown as DocumentNode<MatchFieldsFragment, unknown>;
export const ReceiptFieldsFragmentDoc = {"kind":"Document","definitions":[{"kind":"FragmentDefinition","name":{"kind":"Name","value":"ReceiptFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Receipt"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"problem"}},{"kind":"Field","name":{"kind":"Name","value":"quantity"}},{"kind":"Field","name":{"kind":"Name","value":"completesMatch"}},{"kind":"Field","name":{"kind":"Name","value":"thankYouNote"}},{"kind":"Field","name":{"kind":"Name","value":"description"}},{"kind":"Field","name":{"kind":"Name","value":"recordedAt"}},{"kind":"Field","name":{"kind":"Name","value":"evidence"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"url"}},{"kind":"Field","name":{"kind":"Name","value":"contentType"}},{"kind":"Field","name":{"kind":"Name","value":"width"}},{"kind":"Field","name":{"kind":"Name","value":"height"}}]}}]}}]} as unknown as DocumentNode<ReceiptFieldsFragment, unknown>;
export const NeedFieldsFragmentDoc = {"kind":"Document","definitions":[{"kind":"FragmentDefinition","name":{"kind":"Name","value":"NeedFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Need"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"title"}},{"kind":"Field","name":{"kind":"Name","value":"story"}},{"kind":"Field","name":{"kind":"Name","value":"category"}},{"kind":"Field","name":{"kind":"Name","value":"urgency"}},{"kind":"Field","name":{"kind":"Name","value":"deadline"}},{"kind":"Field","name":{"kind":"Name","value":"beneficiaries"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"totalValueFen"}},{"kind":"Field","name":{"kind":"Name","value":"regionCode"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"school"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"town"}},{"kind":"Field","name":{"kind":"Name","value":"students"}},{"kind":"Field","name":{"kind":"Name","value":"leftBehindChildren"}},{"kind":"Field","name":{"kind":"Name","value":"hopeSchool"}},{"kind":"Field","name":{"kind":"Name","value":"povertyTier"}},{"kind":"Field","name":{"kind":"Name","value":"region"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"nameEn"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"region"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"nameEn"}},{"kind":"Field","name":{"kind":"Name","value":"parent"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"nameEn"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"items"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"description"}},{"kind":"Field","name":{"kind":"Name","value":"category"}},{"kind":"Field","name":{"kind":"Name","value":"quantity"}},{"kind":"Field","name":{"kind":"Name","value":"remainingQuantity"}},{"kind":"Field","name":{"kind":"Name","value":"unit"}},{"kind":"Field","name":{"kind":"Name","value":"unitValueFen"}}]}}]}}]} as unknown as DocumentNode<NeedFieldsFragment, unknown>;
export const PledgeFieldsFragmentDoc = {"kind":"Document","definitions":[{"kind":"FragmentDefinition","name":{"kind":"Name","value":"PledgeFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Pledge"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"title"}},{"kind":"Field","name":{"kind":"Name","value":"description"}},{"kind":"Field","name":{"kind":"Name","value":"category"}},{"kind":"Field","name":{"kind":"Name","value":"itemName"}},{"kind":"Field","name":{"kind":"Name","value":"quantity"}},{"kind":"Field","name":{"kind":"Name","value":"remainingQuantity"}},{"kind":"Field","name":{"kind":"Name","value":"unit"}},{"kind":"Field","name":{"kind":"Name","value":"unitValueFen"}},{"kind":"Field","name":{"kind":"Name","value":"totalValueFen"}},{"kind":"Field","name":{"kind":"Name","value":"serviceRadiusKm"}},{"kind":"Field","name":{"kind":"Name","value":"availableFrom"}},{"kind":"Field","name":{"kind":"Name","value":"availableUntil"}},{"kind":"Field","name":{"kind":"Name","value":"validUntil"}},{"kind":"Field","name":{"kind":"Name","value":"perSchoolCap"}},{"kind":"Field","name":{"kind":"Name","value":"restrictRegionCodes"}},{"kind":"Field","name":{"kind":"Name","value":"restrictCategories"}},{"kind":"Field","name":{"kind":"Name","value":"coFundingRatioPercent"}},{"kind":"Field","name":{"kind":"Name","value":"coFundingPartyKinds"}},{"kind":"Field","name":{"kind":"Name","value":"regionCode"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"party"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}}]}}]} as unknown as DocumentNode<PledgeFieldsFragment, unknown>;
export const WebhookFieldsFragmentDoc = {"kind":"Document","definitions":[{"kind":"FragmentDefinition","name":{"kind":"Name","value":"WebhookFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Webhook"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"url"}},{"kind":"Field","name":{"kind":"Name","value":"eventTypes"}},{"kind":"Field","name":{"kind":"Name","value":"active"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"party"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}}]}}]} as unknown as DocumentNode<WebhookFieldsFragment, unknown>;
export const WebFulfilmentMatchFragmentDoc = {"kind":"Document","definitions":[{"kind":"FragmentDefinition","name":{"kind":"Name","value":"WebFulfilmentMatch"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Match"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"origin"}},{"kind":"Field","name":{"kind":"Name","value":"pledgeQuantity"}},{"kind":"Field","name":{"kind":"Name","value":"itemQuantity"}},{"kind":"Field","name":{"kind":"Name","value":"valueFen"}},{"kind":"Field","name":{"kind":"Name","value":"score"}},{"kind":"Field","name":{"kind":"Name","value":"explanation"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"points"}}]}},{"kind":"Field","name":{"kind":"Name","value":"regionCode"}},{"kind":"Field","name":{"kind":"Name","value":"schoolAcceptedAt"}},{"kind":"Field","name":{"kind":"Name","value":"donorAcceptedAt"}},{"kind":"Field","name":{"kind":"Name","value":"decidedAt"}},{"kind":"Field","name":{"kind":"Name","value":"reason"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"school"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"region"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"nameEn"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"donor"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"verifiedAt"}}]}},{"kind":"Field","name":{"kind":"Name","value":"need"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"title"}}]}},{"kind":"Field","name":{"kind":"Name","value":"needItem"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"description"}},{"kind":"Field","name":{"kind":"Name","value":"unit"}},{"kind":"Field","name":{"kind":"Name","value":"quantity"}},{"kind":"Field","name":{"kind":"Name","value":"remainingQuantity"}}]}},{"kind":"Field","name":{"kind":"Name","value":"pledge"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"title"}},{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"unit"}}]}},{"kind":"Field","name":{"kind":"Name","value":"fulfilment"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"quantity"}},{"kind":"Field","name":{"kind":"Name","value":"deliveredQuantity"}},{"kind":"Field","name":{"kind":"Name","value":"receivedQuantity"}}]}},{"kind":"Field","name":{"kind":"Name","value":"deliveries"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"deliveredOn"}},{"kind":"Field","name":{"kind":"Name","value":"quantity"}},{"kind":"Field","name":{"kind":"Name","value":"note"}},{"kind":"Field","name":{"kind":"Name","value":"recordedAt"}},{"kind":"Field","name":{"kind":"Name","value":"evidence"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"url"}},{"kind":"Field","name":{"kind":"Name","value":"contentType"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"receipts"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"problem"}},{"kind":"Field","name":{"kind":"Name","value":"quantity"}},{"kind":"Field","name":{"kind":"Name","value":"completesMatch"}},{"kind":"Field","name":{"kind":"Name","value":"thankYouNote"}},{"kind":"Field","name":{"kind":"Name","value":"description"}},{"kind":"Field","name":{"kind":"Name","value":"recordedAt"}},{"kind":"Field","name":{"kind":"Name","value":"evidence"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"url"}},{"kind":"Field","name":{"kind":"Name","value":"contentType"}}]}}]}}]}}]} as unknown as DocumentNode<WebFulfilmentMatchFragment, unknown>;
export const WebMatchFieldsFragmentDoc = {"kind":"Document","definitions":[{"kind":"FragmentDefinition","name":{"kind":"Name","value":"WebMatchFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Match"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"origin"}},{"kind":"Field","name":{"kind":"Name","value":"pledgeQuantity"}},{"kind":"Field","name":{"kind":"Name","value":"itemQuantity"}},{"kind":"Field","name":{"kind":"Name","value":"valueFen"}},{"kind":"Field","name":{"kind":"Name","value":"score"}},{"kind":"Field","name":{"kind":"Name","value":"explanation"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"points"}}]}},{"kind":"Field","name":{"kind":"Name","value":"regionCode"}},{"kind":"Field","name":{"kind":"Name","value":"schoolAcceptedAt"}},{"kind":"Field","name":{"kind":"Name","value":"donorAcceptedAt"}},{"kind":"Field","name":{"kind":"Name","value":"decidedAt"}},{"kind":"Field","name":{"kind":"Name","value":"reason"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"school"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"region"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"nameEn"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"donor"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"verifiedAt"}}]}},{"kind":"Field","name":{"kind":"Name","value":"need"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"title"}}]}},{"kind":"Field","name":{"kind":"Name","value":"needItem"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"description"}},{"kind":"Field","name":{"kind":"Name","value":"unit"}},{"kind":"Field","name":{"kind":"Name","value":"quantity"}},{"kind":"Field","name":{"kind":"Name","value":"remainingQuantity"}}]}},{"kind":"Field","name":{"kind":"Name","value":"pledge"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"title"}},{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"unit"}}]}}]}}]} as unknown as DocumentNode<WebMatchFieldsFragment, unknown>;
export const DeliveryFieldsFragmentDoc = {"kind":"Document","definitions":[{"kind":"FragmentDefinition","name":{"kind":"Name","value":"DeliveryFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"WebhookDelivery"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"eventId"}},{"kind":"Field","name":{"kind":"Name","value":"eventType"}},{"kind":"Field","name":{"kind":"Name","value":"webhookId"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"attemptCount"}},{"kind":"Field","name":{"kind":"Name","value":"nextAttemptAt"}},{"kind":"Field","name":{"kind":"Name","value":"lastAttemptAt"}},{"kind":"Field","name":{"kind":"Name","value":"lastResponseCode"}},{"kind":"Field","name":{"kind":"Name","value":"lastError"}},{"kind":"Field","name":{"kind":"Name","value":"deliveredAt"}},{"kind":"Field","name":{"kind":"Name","value":"replayOfId"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}}]}}]} as unknown as DocumentNode<DeliveryFieldsFragment, unknown>;
export const ApproveMatchDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"ApproveMatch"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ApproveMatchInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"approveMatch"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"match"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"MatchFields"}}]}},{"kind":"Field","name":{"kind":"Name","value":"errors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"field"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"code"}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"MatchFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Match"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"origin"}},{"kind":"Field","name":{"kind":"Name","value":"pledgeQuantity"}},{"kind":"Field","name":{"kind":"Name","value":"itemQuantity"}},{"kind":"Field","name":{"kind":"Name","value":"valueFen"}},{"kind":"Field","name":{"kind":"Name","value":"reason"}},{"kind":"Field","name":{"kind":"Name","value":"schoolAcceptedAt"}},{"kind":"Field","name":{"kind":"Name","value":"donorAcceptedAt"}},{"kind":"Field","name":{"kind":"Name","value":"decidedAt"}},{"kind":"Field","name":{"kind":"Name","value":"pledge"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"remainingQuantity"}},{"kind":"Field","name":{"kind":"Name","value":"status"}}]}},{"kind":"Field","name":{"kind":"Name","value":"needItem"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"remainingQuantity"}}]}},{"kind":"Field","name":{"kind":"Name","value":"need"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}}]}}]}}]} as unknown as DocumentNode<ApproveMatchMutation, ApproveMatchMutationVariables>;
export const ApproveMatchesDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"ApproveMatches"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ApproveMatchesInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"approveMatches"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"matches"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}}]}},{"kind":"Field","name":{"kind":"Name","value":"errors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"field"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"code"}}]}}]}}]}}]} as unknown as DocumentNode<ApproveMatchesMutation, ApproveMatchesMutationVariables>;
export const CancelNeedDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"CancelNeed"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"CancelNeedInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"cancelNeed"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"need"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"title"}},{"kind":"Field","name":{"kind":"Name","value":"story"}},{"kind":"Field","name":{"kind":"Name","value":"category"}},{"kind":"Field","name":{"kind":"Name","value":"urgency"}},{"kind":"Field","name":{"kind":"Name","value":"deadline"}},{"kind":"Field","name":{"kind":"Name","value":"beneficiaries"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"totalValueFen"}},{"kind":"Field","name":{"kind":"Name","value":"items"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"description"}},{"kind":"Field","name":{"kind":"Name","value":"category"}},{"kind":"Field","name":{"kind":"Name","value":"quantity"}},{"kind":"Field","name":{"kind":"Name","value":"remainingQuantity"}},{"kind":"Field","name":{"kind":"Name","value":"unit"}},{"kind":"Field","name":{"kind":"Name","value":"unitValueFen"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"errors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"field"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"code"}}]}}]}}]}}]} as unknown as DocumentNode<CancelNeedMutation, CancelNeedMutationVariables>;
export const ConfirmReceiptDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"ConfirmReceipt"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ConfirmReceiptInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"confirmReceipt"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"receipt"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"ReceiptFields"}}]}},{"kind":"Field","name":{"kind":"Name","value":"match"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"fulfilment"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"quantity"}},{"kind":"Field","name":{"kind":"Name","value":"deliveredQuantity"}},{"kind":"Field","name":{"kind":"Name","value":"receivedQuantity"}}]}},{"kind":"Field","name":{"kind":"Name","value":"need"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"errors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"field"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"minimum"}},{"kind":"Field","name":{"kind":"Name","value":"maximum"}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"ReceiptFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Receipt"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"problem"}},{"kind":"Field","name":{"kind":"Name","value":"quantity"}},{"kind":"Field","name":{"kind":"Name","value":"completesMatch"}},{"kind":"Field","name":{"kind":"Name","value":"thankYouNote"}},{"kind":"Field","name":{"kind":"Name","value":"description"}},{"kind":"Field","name":{"kind":"Name","value":"recordedAt"}},{"kind":"Field","name":{"kind":"Name","value":"evidence"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"url"}},{"kind":"Field","name":{"kind":"Name","value":"contentType"}},{"kind":"Field","name":{"kind":"Name","value":"width"}},{"kind":"Field","name":{"kind":"Name","value":"height"}}]}}]}}]} as unknown as DocumentNode<ConfirmReceiptMutation, ConfirmReceiptMutationVariables>;
export const DeleteWebhookDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"DeleteWebhook"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"DeleteWebhookInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"deleteWebhook"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"webhook"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"active"}}]}},{"kind":"Field","name":{"kind":"Name","value":"errors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"field"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"code"}}]}}]}}]}}]} as unknown as DocumentNode<DeleteWebhookMutation, DeleteWebhookMutationVariables>;
export const InviteMemberDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"InviteMember"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"InviteMemberInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"inviteMember"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"invitation"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"email"}},{"kind":"Field","name":{"kind":"Name","value":"role"}},{"kind":"Field","name":{"kind":"Name","value":"expiresAt"}},{"kind":"Field","name":{"kind":"Name","value":"acceptedAt"}},{"kind":"Field","name":{"kind":"Name","value":"party"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"errors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"field"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"allowed"}}]}}]}}]}}]} as unknown as DocumentNode<InviteMemberMutation, InviteMemberMutationVariables>;
export const LedgerDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"Ledger"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"ledger"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"publicKey"}},{"kind":"Field","name":{"kind":"Name","value":"keyId"}},{"kind":"Field","name":{"kind":"Name","value":"size"}},{"kind":"Field","name":{"kind":"Name","value":"latestCheckpoint"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"treeSize"}},{"kind":"Field","name":{"kind":"Name","value":"rootHash"}},{"kind":"Field","name":{"kind":"Name","value":"timestamp"}},{"kind":"Field","name":{"kind":"Name","value":"keyId"}},{"kind":"Field","name":{"kind":"Name","value":"signature"}},{"kind":"Field","name":{"kind":"Name","value":"note"}}]}}]}}]}}]} as unknown as DocumentNode<LedgerQuery, LedgerQueryVariables>;
export const LedgerConsistencyProofDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"LedgerConsistencyProof"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"fromSize"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"toSize"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"ledger"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"consistencyProof"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"fromSize"},"value":{"kind":"Variable","name":{"kind":"Name","value":"fromSize"}}},{"kind":"Argument","name":{"kind":"Name","value":"toSize"},"value":{"kind":"Variable","name":{"kind":"Name","value":"toSize"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"fromSize"}},{"kind":"Field","name":{"kind":"Name","value":"toSize"}},{"kind":"Field","name":{"kind":"Name","value":"fromRoot"}},{"kind":"Field","name":{"kind":"Name","value":"toRoot"}},{"kind":"Field","name":{"kind":"Name","value":"hashes"}}]}}]}}]}}]} as unknown as DocumentNode<LedgerConsistencyProofQuery, LedgerConsistencyProofQueryVariables>;
export const LedgerEntriesDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"LedgerEntries"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"first"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"after"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"ledger"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"entries"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"first"}}},{"kind":"Argument","name":{"kind":"Name","value":"after"},"value":{"kind":"Variable","name":{"kind":"Name","value":"after"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"cursor"}},{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"index"}},{"kind":"Field","name":{"kind":"Name","value":"entry"}},{"kind":"Field","name":{"kind":"Name","value":"leafHash"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"pageInfo"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"hasNextPage"}},{"kind":"Field","name":{"kind":"Name","value":"endCursor"}}]}}]}}]}}]}}]} as unknown as DocumentNode<LedgerEntriesQuery, LedgerEntriesQueryVariables>;
export const LedgerInclusionProofDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"LedgerInclusionProof"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"index"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"treeSize"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"ledger"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"inclusionProof"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"index"},"value":{"kind":"Variable","name":{"kind":"Name","value":"index"}}},{"kind":"Argument","name":{"kind":"Name","value":"treeSize"},"value":{"kind":"Variable","name":{"kind":"Name","value":"treeSize"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"index"}},{"kind":"Field","name":{"kind":"Name","value":"treeSize"}},{"kind":"Field","name":{"kind":"Name","value":"leafHash"}},{"kind":"Field","name":{"kind":"Name","value":"rootHash"}},{"kind":"Field","name":{"kind":"Name","value":"hashes"}}]}}]}}]}}]} as unknown as DocumentNode<LedgerInclusionProofQuery, LedgerInclusionProofQueryVariables>;
export const MatchEventsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"subscription","name":{"kind":"Name","value":"MatchEvents"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"regionCode"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"matchEvents"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"regionCode"},"value":{"kind":"Variable","name":{"kind":"Name","value":"regionCode"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"eventId"}},{"kind":"Field","name":{"kind":"Name","value":"type"}},{"kind":"Field","name":{"kind":"Name","value":"matchId"}},{"kind":"Field","name":{"kind":"Name","value":"fromStatus"}},{"kind":"Field","name":{"kind":"Name","value":"toStatus"}},{"kind":"Field","name":{"kind":"Name","value":"regionCode"}},{"kind":"Field","name":{"kind":"Name","value":"valueFen"}},{"kind":"Field","name":{"kind":"Name","value":"quantity"}},{"kind":"Field","name":{"kind":"Name","value":"actorRole"}},{"kind":"Field","name":{"kind":"Name","value":"at"}},{"kind":"Field","name":{"kind":"Name","value":"match"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}}]}}]}}]}}]} as unknown as DocumentNode<MatchEventsSubscription, MatchEventsSubscriptionVariables>;
export const MatchFulfilmentDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"MatchFulfilment"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"node"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Match"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"fulfilment"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"quantity"}},{"kind":"Field","name":{"kind":"Name","value":"deliveredQuantity"}},{"kind":"Field","name":{"kind":"Name","value":"receivedQuantity"}}]}},{"kind":"Field","name":{"kind":"Name","value":"deliveries"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"deliveredOn"}},{"kind":"Field","name":{"kind":"Name","value":"quantity"}},{"kind":"Field","name":{"kind":"Name","value":"note"}},{"kind":"Field","name":{"kind":"Name","value":"recordedAt"}},{"kind":"Field","name":{"kind":"Name","value":"evidence"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"url"}},{"kind":"Field","name":{"kind":"Name","value":"contentType"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"receipts"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"problem"}},{"kind":"Field","name":{"kind":"Name","value":"quantity"}},{"kind":"Field","name":{"kind":"Name","value":"completesMatch"}},{"kind":"Field","name":{"kind":"Name","value":"thankYouNote"}},{"kind":"Field","name":{"kind":"Name","value":"description"}},{"kind":"Field","name":{"kind":"Name","value":"recordedAt"}},{"kind":"Field","name":{"kind":"Name","value":"evidence"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"url"}},{"kind":"Field","name":{"kind":"Name","value":"contentType"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"need"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}}]}},{"kind":"Field","name":{"kind":"Name","value":"pledge"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"fulfilment"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"deliveredQuantity"}},{"kind":"Field","name":{"kind":"Name","value":"deliveredValueFen"}},{"kind":"Field","name":{"kind":"Name","value":"confirmedQuantity"}},{"kind":"Field","name":{"kind":"Name","value":"confirmedValueFen"}}]}}]}}]}}]}}]}}]} as unknown as DocumentNode<MatchFulfilmentQuery, MatchFulfilmentQueryVariables>;
export const MatchesDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"Matches"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"first"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"after"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"filter"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"MatchFilter"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"matches"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"first"}}},{"kind":"Argument","name":{"kind":"Name","value":"after"},"value":{"kind":"Variable","name":{"kind":"Name","value":"after"}}},{"kind":"Argument","name":{"kind":"Name","value":"filter"},"value":{"kind":"Variable","name":{"kind":"Name","value":"filter"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"cursor"}},{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"origin"}},{"kind":"Field","name":{"kind":"Name","value":"pledgeQuantity"}},{"kind":"Field","name":{"kind":"Name","value":"itemQuantity"}},{"kind":"Field","name":{"kind":"Name","value":"valueFen"}},{"kind":"Field","name":{"kind":"Name","value":"score"}},{"kind":"Field","name":{"kind":"Name","value":"explanation"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"points"}}]}},{"kind":"Field","name":{"kind":"Name","value":"regionCode"}},{"kind":"Field","name":{"kind":"Name","value":"school"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"donor"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"pageInfo"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"hasNextPage"}},{"kind":"Field","name":{"kind":"Name","value":"endCursor"}}]}}]}}]}}]} as unknown as DocumentNode<MatchesQuery, MatchesQueryVariables>;
export const MatchingRunProgressDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"subscription","name":{"kind":"Name","value":"MatchingRunProgress"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"runId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"matchingRunProgress"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"runId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"runId"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"stage"}},{"kind":"Field","name":{"kind":"Name","value":"progress"}},{"kind":"Field","name":{"kind":"Name","value":"partsTotal"}},{"kind":"Field","name":{"kind":"Name","value":"partsDone"}},{"kind":"Field","name":{"kind":"Name","value":"proposalsCount"}},{"kind":"Field","name":{"kind":"Name","value":"error"}},{"kind":"Field","name":{"kind":"Name","value":"failure"}}]}}]}}]} as unknown as DocumentNode<MatchingRunProgressSubscription, MatchingRunProgressSubscriptionVariables>;
export const MatchingRunsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"MatchingRuns"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"first"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"after"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"regionCode"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"matchingRuns"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"first"}}},{"kind":"Argument","name":{"kind":"Name","value":"after"},"value":{"kind":"Variable","name":{"kind":"Name","value":"after"}}},{"kind":"Argument","name":{"kind":"Name","value":"regionCode"},"value":{"kind":"Variable","name":{"kind":"Name","value":"regionCode"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"regionCode"}},{"kind":"Field","name":{"kind":"Name","value":"dryRun"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"stage"}},{"kind":"Field","name":{"kind":"Name","value":"progress"}},{"kind":"Field","name":{"kind":"Name","value":"partsTotal"}},{"kind":"Field","name":{"kind":"Name","value":"partsDone"}},{"kind":"Field","name":{"kind":"Name","value":"needsCount"}},{"kind":"Field","name":{"kind":"Name","value":"itemsCount"}},{"kind":"Field","name":{"kind":"Name","value":"pledgesCount"}},{"kind":"Field","name":{"kind":"Name","value":"schoolsCount"}},{"kind":"Field","name":{"kind":"Name","value":"proposalsCount"}},{"kind":"Field","name":{"kind":"Name","value":"proposedValueFen"}},{"kind":"Field","name":{"kind":"Name","value":"unfundedCount"}},{"kind":"Field","name":{"kind":"Name","value":"supersededCount"}},{"kind":"Field","name":{"kind":"Name","value":"objective"}},{"kind":"Field","name":{"kind":"Name","value":"bound"}},{"kind":"Field","name":{"kind":"Name","value":"loadSeconds"}},{"kind":"Field","name":{"kind":"Name","value":"solveSeconds"}},{"kind":"Field","name":{"kind":"Name","value":"persistSeconds"}},{"kind":"Field","name":{"kind":"Name","value":"error"}},{"kind":"Field","name":{"kind":"Name","value":"failure"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"finishedAt"}},{"kind":"Field","name":{"kind":"Name","value":"unfunded"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"20"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"pointsShort"}},{"kind":"Field","name":{"kind":"Name","value":"needItem"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"description"}}]}}]}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"pageInfo"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"hasNextPage"}},{"kind":"Field","name":{"kind":"Name","value":"endCursor"}}]}}]}}]}}]} as unknown as DocumentNode<MatchingRunsQuery, MatchingRunsQueryVariables>;
export const MeDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"Me"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"me"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"email"}},{"kind":"Field","name":{"kind":"Name","value":"memberships"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"role"}},{"kind":"Field","name":{"kind":"Name","value":"party"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"jurisdictionCodes"}},{"kind":"Field","name":{"kind":"Name","value":"jurisdictions"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}}]}}]}}]} as unknown as DocumentNode<MeQuery, MeQueryVariables>;
export const NeedLedgerEntriesDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"NeedLedgerEntries"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"needId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"first"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"after"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"ledger"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"entries"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"needId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"needId"}}},{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"first"}}},{"kind":"Argument","name":{"kind":"Name","value":"after"},"value":{"kind":"Variable","name":{"kind":"Name","value":"after"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"index"}},{"kind":"Field","name":{"kind":"Name","value":"entry"}},{"kind":"Field","name":{"kind":"Name","value":"leafHash"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"pageInfo"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"hasNextPage"}},{"kind":"Field","name":{"kind":"Name","value":"endCursor"}}]}}]}}]}}]}}]} as unknown as DocumentNode<NeedLedgerEntriesQuery, NeedLedgerEntriesQueryVariables>;
export const NeedsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"Needs"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"first"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"after"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"filter"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"NeedFilter"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"orderBy"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"NeedOrder"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"needs"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"first"}}},{"kind":"Argument","name":{"kind":"Name","value":"after"},"value":{"kind":"Variable","name":{"kind":"Name","value":"after"}}},{"kind":"Argument","name":{"kind":"Name","value":"filter"},"value":{"kind":"Variable","name":{"kind":"Name","value":"filter"}}},{"kind":"Argument","name":{"kind":"Name","value":"orderBy"},"value":{"kind":"Variable","name":{"kind":"Name","value":"orderBy"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"cursor"}},{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"NeedFields"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"pageInfo"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"hasNextPage"}},{"kind":"Field","name":{"kind":"Name","value":"hasPreviousPage"}},{"kind":"Field","name":{"kind":"Name","value":"startCursor"}},{"kind":"Field","name":{"kind":"Name","value":"endCursor"}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"NeedFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Need"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"title"}},{"kind":"Field","name":{"kind":"Name","value":"story"}},{"kind":"Field","name":{"kind":"Name","value":"category"}},{"kind":"Field","name":{"kind":"Name","value":"urgency"}},{"kind":"Field","name":{"kind":"Name","value":"deadline"}},{"kind":"Field","name":{"kind":"Name","value":"beneficiaries"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"totalValueFen"}},{"kind":"Field","name":{"kind":"Name","value":"regionCode"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"school"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"town"}},{"kind":"Field","name":{"kind":"Name","value":"students"}},{"kind":"Field","name":{"kind":"Name","value":"leftBehindChildren"}},{"kind":"Field","name":{"kind":"Name","value":"hopeSchool"}},{"kind":"Field","name":{"kind":"Name","value":"povertyTier"}},{"kind":"Field","name":{"kind":"Name","value":"region"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"nameEn"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"region"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"nameEn"}},{"kind":"Field","name":{"kind":"Name","value":"parent"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"nameEn"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"items"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"description"}},{"kind":"Field","name":{"kind":"Name","value":"category"}},{"kind":"Field","name":{"kind":"Name","value":"quantity"}},{"kind":"Field","name":{"kind":"Name","value":"remainingQuantity"}},{"kind":"Field","name":{"kind":"Name","value":"unit"}},{"kind":"Field","name":{"kind":"Name","value":"unitValueFen"}}]}}]}}]} as unknown as DocumentNode<NeedsQuery, NeedsQueryVariables>;
export const NodeDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"Node"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"node"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Need"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"title"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"items"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"quantity"}}]}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"NeedItem"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"description"}},{"kind":"Field","name":{"kind":"Name","value":"need"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}}]}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"School"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"students"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Party"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"kind"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Pledge"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"title"}},{"kind":"Field","alias":{"kind":"Name","value":"pledgeStatus"},"name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"remainingQuantity"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Region"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Story"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"title"}},{"kind":"Field","name":{"kind":"Name","value":"body"}},{"kind":"Field","name":{"kind":"Name","value":"party"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Delivery"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","alias":{"kind":"Name","value":"deliveryKind"},"name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"quantity"}},{"kind":"Field","name":{"kind":"Name","value":"note"}},{"kind":"Field","name":{"kind":"Name","value":"match"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}}]}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Receipt"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","alias":{"kind":"Name","value":"receiptKind"},"name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"quantity"}},{"kind":"Field","name":{"kind":"Name","value":"thankYouNote"}},{"kind":"Field","name":{"kind":"Name","value":"completesMatch"}},{"kind":"Field","name":{"kind":"Name","value":"match"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}}]}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Evidence"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"contentType"}},{"kind":"Field","name":{"kind":"Name","value":"width"}},{"kind":"Field","name":{"kind":"Name","value":"height"}},{"kind":"Field","name":{"kind":"Name","value":"url"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Webhook"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"url"}},{"kind":"Field","name":{"kind":"Name","value":"eventTypes"}},{"kind":"Field","name":{"kind":"Name","value":"active"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"WebhookDelivery"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"eventType"}},{"kind":"Field","name":{"kind":"Name","value":"webhookId"}},{"kind":"Field","alias":{"kind":"Name","value":"deliveryStatus"},"name":{"kind":"Name","value":"status"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Invitation"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"email"}},{"kind":"Field","name":{"kind":"Name","value":"role"}},{"kind":"Field","name":{"kind":"Name","value":"party"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}}]}}]}}]}}]} as unknown as DocumentNode<NodeQuery, NodeQueryVariables>;
export const PartiesDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"Parties"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"first"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"after"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"filter"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"PartyFilter"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"parties"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"first"}}},{"kind":"Argument","name":{"kind":"Name","value":"after"},"value":{"kind":"Variable","name":{"kind":"Name","value":"after"}}},{"kind":"Argument","name":{"kind":"Name","value":"filter"},"value":{"kind":"Variable","name":{"kind":"Name","value":"filter"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"regionCode"}},{"kind":"Field","name":{"kind":"Name","value":"verifiedAt"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"pageInfo"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"hasNextPage"}},{"kind":"Field","name":{"kind":"Name","value":"endCursor"}}]}}]}}]}}]} as unknown as DocumentNode<PartiesQuery, PartiesQueryVariables>;
export const PartyDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"Party"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"node"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Party"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"regionCode"}},{"kind":"Field","name":{"kind":"Name","value":"verifiedAt"}},{"kind":"Field","name":{"kind":"Name","value":"contactEmail"}},{"kind":"Field","name":{"kind":"Name","value":"contactPhone"}}]}}]}}]}}]} as unknown as DocumentNode<PartyQuery, PartyQueryVariables>;
export const PledgeSuggestionsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"PledgeSuggestions"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"first"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"node"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Pledge"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"remainingQuantity"}},{"kind":"Field","name":{"kind":"Name","value":"suggestions"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"first"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"pledgeQuantity"}},{"kind":"Field","name":{"kind":"Name","value":"itemQuantity"}},{"kind":"Field","name":{"kind":"Name","value":"valueFen"}},{"kind":"Field","name":{"kind":"Name","value":"score"}},{"kind":"Field","name":{"kind":"Name","value":"explanation"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"points"}}]}},{"kind":"Field","name":{"kind":"Name","value":"needItem"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"description"}}]}},{"kind":"Field","name":{"kind":"Name","value":"need"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"title"}},{"kind":"Field","name":{"kind":"Name","value":"deadline"}},{"kind":"Field","name":{"kind":"Name","value":"school"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"region"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"nameEn"}},{"kind":"Field","name":{"kind":"Name","value":"parent"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"nameEn"}}]}}]}}]}}]}}]}}]}}]}}]} as unknown as DocumentNode<PledgeSuggestionsQuery, PledgeSuggestionsQueryVariables>;
export const PledgeToNeedDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"PledgeToNeed"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"PledgeToNeedInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"pledgeToNeed"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"match"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"MatchFields"}}]}},{"kind":"Field","name":{"kind":"Name","value":"errors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"field"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"minimum"}},{"kind":"Field","name":{"kind":"Name","value":"maximum"}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"MatchFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Match"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"origin"}},{"kind":"Field","name":{"kind":"Name","value":"pledgeQuantity"}},{"kind":"Field","name":{"kind":"Name","value":"itemQuantity"}},{"kind":"Field","name":{"kind":"Name","value":"valueFen"}},{"kind":"Field","name":{"kind":"Name","value":"reason"}},{"kind":"Field","name":{"kind":"Name","value":"schoolAcceptedAt"}},{"kind":"Field","name":{"kind":"Name","value":"donorAcceptedAt"}},{"kind":"Field","name":{"kind":"Name","value":"decidedAt"}},{"kind":"Field","name":{"kind":"Name","value":"pledge"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"remainingQuantity"}},{"kind":"Field","name":{"kind":"Name","value":"status"}}]}},{"kind":"Field","name":{"kind":"Name","value":"needItem"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"remainingQuantity"}}]}},{"kind":"Field","name":{"kind":"Name","value":"need"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}}]}}]}}]} as unknown as DocumentNode<PledgeToNeedMutation, PledgeToNeedMutationVariables>;
export const PledgesDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"Pledges"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"first"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"after"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"filter"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"PledgeFilter"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"orderBy"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"PledgeOrder"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"pledges"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"first"}}},{"kind":"Argument","name":{"kind":"Name","value":"after"},"value":{"kind":"Variable","name":{"kind":"Name","value":"after"}}},{"kind":"Argument","name":{"kind":"Name","value":"filter"},"value":{"kind":"Variable","name":{"kind":"Name","value":"filter"}}},{"kind":"Argument","name":{"kind":"Name","value":"orderBy"},"value":{"kind":"Variable","name":{"kind":"Name","value":"orderBy"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"cursor"}},{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"PledgeFields"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"pageInfo"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"hasNextPage"}},{"kind":"Field","name":{"kind":"Name","value":"hasPreviousPage"}},{"kind":"Field","name":{"kind":"Name","value":"startCursor"}},{"kind":"Field","name":{"kind":"Name","value":"endCursor"}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"PledgeFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Pledge"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"title"}},{"kind":"Field","name":{"kind":"Name","value":"description"}},{"kind":"Field","name":{"kind":"Name","value":"category"}},{"kind":"Field","name":{"kind":"Name","value":"itemName"}},{"kind":"Field","name":{"kind":"Name","value":"quantity"}},{"kind":"Field","name":{"kind":"Name","value":"remainingQuantity"}},{"kind":"Field","name":{"kind":"Name","value":"unit"}},{"kind":"Field","name":{"kind":"Name","value":"unitValueFen"}},{"kind":"Field","name":{"kind":"Name","value":"totalValueFen"}},{"kind":"Field","name":{"kind":"Name","value":"serviceRadiusKm"}},{"kind":"Field","name":{"kind":"Name","value":"availableFrom"}},{"kind":"Field","name":{"kind":"Name","value":"availableUntil"}},{"kind":"Field","name":{"kind":"Name","value":"validUntil"}},{"kind":"Field","name":{"kind":"Name","value":"perSchoolCap"}},{"kind":"Field","name":{"kind":"Name","value":"restrictRegionCodes"}},{"kind":"Field","name":{"kind":"Name","value":"restrictCategories"}},{"kind":"Field","name":{"kind":"Name","value":"coFundingRatioPercent"}},{"kind":"Field","name":{"kind":"Name","value":"coFundingPartyKinds"}},{"kind":"Field","name":{"kind":"Name","value":"regionCode"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"party"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}}]}}]} as unknown as DocumentNode<PledgesQuery, PledgesQueryVariables>;
export const PostNeedDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"PostNeed"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"PostNeedInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"postNeed"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"need"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"title"}},{"kind":"Field","name":{"kind":"Name","value":"story"}},{"kind":"Field","name":{"kind":"Name","value":"category"}},{"kind":"Field","name":{"kind":"Name","value":"urgency"}},{"kind":"Field","name":{"kind":"Name","value":"deadline"}},{"kind":"Field","name":{"kind":"Name","value":"beneficiaries"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"totalValueFen"}},{"kind":"Field","name":{"kind":"Name","value":"items"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"description"}},{"kind":"Field","name":{"kind":"Name","value":"category"}},{"kind":"Field","name":{"kind":"Name","value":"quantity"}},{"kind":"Field","name":{"kind":"Name","value":"remainingQuantity"}},{"kind":"Field","name":{"kind":"Name","value":"unit"}},{"kind":"Field","name":{"kind":"Name","value":"unitValueFen"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"errors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"field"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"allowed"}},{"kind":"Field","name":{"kind":"Name","value":"minimum"}},{"kind":"Field","name":{"kind":"Name","value":"maximum"}}]}}]}}]}}]} as unknown as DocumentNode<PostNeedMutation, PostNeedMutationVariables>;
export const PostPledgeDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"PostPledge"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"PostPledgeInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"postPledge"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"pledge"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"title"}},{"kind":"Field","name":{"kind":"Name","value":"category"}},{"kind":"Field","name":{"kind":"Name","value":"itemName"}},{"kind":"Field","name":{"kind":"Name","value":"quantity"}},{"kind":"Field","name":{"kind":"Name","value":"remainingQuantity"}},{"kind":"Field","name":{"kind":"Name","value":"unit"}},{"kind":"Field","name":{"kind":"Name","value":"unitValueFen"}},{"kind":"Field","name":{"kind":"Name","value":"totalValueFen"}},{"kind":"Field","name":{"kind":"Name","value":"serviceRadiusKm"}},{"kind":"Field","name":{"kind":"Name","value":"perSchoolCap"}},{"kind":"Field","name":{"kind":"Name","value":"restrictRegionCodes"}},{"kind":"Field","name":{"kind":"Name","value":"restrictCategories"}},{"kind":"Field","name":{"kind":"Name","value":"coFundingRatioPercent"}},{"kind":"Field","name":{"kind":"Name","value":"coFundingPartyKinds"}}]}},{"kind":"Field","name":{"kind":"Name","value":"errors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"field"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"allowed"}},{"kind":"Field","name":{"kind":"Name","value":"minimum"}},{"kind":"Field","name":{"kind":"Name","value":"maximum"}}]}}]}}]}}]} as unknown as DocumentNode<PostPledgeMutation, PostPledgeMutationVariables>;
export const PublishStoryDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"PublishStory"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"PublishStoryInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"publishStory"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"story"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"title"}},{"kind":"Field","name":{"kind":"Name","value":"body"}},{"kind":"Field","name":{"kind":"Name","value":"publishedAt"}},{"kind":"Field","name":{"kind":"Name","value":"party"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"matches"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"errors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"field"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"code"}}]}}]}}]}}]} as unknown as DocumentNode<PublishStoryMutation, PublishStoryMutationVariables>;
export const RecordDeliveryDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"RecordDelivery"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"RecordDeliveryInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"recordDelivery"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"delivery"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"deliveredOn"}},{"kind":"Field","name":{"kind":"Name","value":"quantity"}},{"kind":"Field","name":{"kind":"Name","value":"note"}},{"kind":"Field","name":{"kind":"Name","value":"recordedAt"}},{"kind":"Field","name":{"kind":"Name","value":"evidence"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"url"}},{"kind":"Field","name":{"kind":"Name","value":"contentType"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"match"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"fulfilment"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"quantity"}},{"kind":"Field","name":{"kind":"Name","value":"deliveredQuantity"}},{"kind":"Field","name":{"kind":"Name","value":"receivedQuantity"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"errors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"field"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"minimum"}},{"kind":"Field","name":{"kind":"Name","value":"maximum"}}]}}]}}]}}]} as unknown as DocumentNode<RecordDeliveryMutation, RecordDeliveryMutationVariables>;
export const RegionsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"Regions"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"parentCode"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"regions"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"parentCode"},"value":{"kind":"Variable","name":{"kind":"Name","value":"parentCode"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"nameEn"}},{"kind":"Field","name":{"kind":"Name","value":"level"}},{"kind":"Field","name":{"kind":"Name","value":"parentCode"}}]}}]}}]} as unknown as DocumentNode<RegionsQuery, RegionsQueryVariables>;
export const RegisterWebhookDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"RegisterWebhook"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"RegisterWebhookInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"registerWebhook"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"webhook"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"WebhookFields"}}]}},{"kind":"Field","name":{"kind":"Name","value":"secret"}},{"kind":"Field","name":{"kind":"Name","value":"errors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"field"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"code"}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"WebhookFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Webhook"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"url"}},{"kind":"Field","name":{"kind":"Name","value":"eventTypes"}},{"kind":"Field","name":{"kind":"Name","value":"active"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"party"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}}]}}]} as unknown as DocumentNode<RegisterWebhookMutation, RegisterWebhookMutationVariables>;
export const RejectMatchDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"RejectMatch"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"RejectMatchInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"rejectMatch"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"match"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"MatchFields"}}]}},{"kind":"Field","name":{"kind":"Name","value":"errors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"field"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"code"}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"MatchFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Match"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"origin"}},{"kind":"Field","name":{"kind":"Name","value":"pledgeQuantity"}},{"kind":"Field","name":{"kind":"Name","value":"itemQuantity"}},{"kind":"Field","name":{"kind":"Name","value":"valueFen"}},{"kind":"Field","name":{"kind":"Name","value":"reason"}},{"kind":"Field","name":{"kind":"Name","value":"schoolAcceptedAt"}},{"kind":"Field","name":{"kind":"Name","value":"donorAcceptedAt"}},{"kind":"Field","name":{"kind":"Name","value":"decidedAt"}},{"kind":"Field","name":{"kind":"Name","value":"pledge"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"remainingQuantity"}},{"kind":"Field","name":{"kind":"Name","value":"status"}}]}},{"kind":"Field","name":{"kind":"Name","value":"needItem"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"remainingQuantity"}}]}},{"kind":"Field","name":{"kind":"Name","value":"need"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}}]}}]}}]} as unknown as DocumentNode<RejectMatchMutation, RejectMatchMutationVariables>;
export const RejectMatchesDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"RejectMatches"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"RejectMatchesInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"rejectMatches"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"matches"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"reason"}}]}},{"kind":"Field","name":{"kind":"Name","value":"errors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"field"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"code"}}]}}]}}]}}]} as unknown as DocumentNode<RejectMatchesMutation, RejectMatchesMutationVariables>;
export const ReplayWebhookDeliveryDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"ReplayWebhookDelivery"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ReplayWebhookDeliveryInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"replayWebhookDelivery"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"delivery"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"eventId"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"attemptCount"}},{"kind":"Field","name":{"kind":"Name","value":"replayOfId"}}]}},{"kind":"Field","name":{"kind":"Name","value":"errors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"field"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"code"}}]}}]}}]}}]} as unknown as DocumentNode<ReplayWebhookDeliveryMutation, ReplayWebhookDeliveryMutationVariables>;
export const ReportProblemDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"ReportProblem"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ReportProblemInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"reportProblem"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"receipt"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"problem"}},{"kind":"Field","name":{"kind":"Name","value":"quantity"}},{"kind":"Field","name":{"kind":"Name","value":"description"}},{"kind":"Field","name":{"kind":"Name","value":"recordedAt"}},{"kind":"Field","name":{"kind":"Name","value":"evidence"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"url"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"match"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"fulfilment"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"quantity"}},{"kind":"Field","name":{"kind":"Name","value":"deliveredQuantity"}},{"kind":"Field","name":{"kind":"Name","value":"receivedQuantity"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"errors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"field"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"code"}}]}}]}}]}}]} as unknown as DocumentNode<ReportProblemMutation, ReportProblemMutationVariables>;
export const RespondToMatchDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"RespondToMatch"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"RespondToMatchInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"respondToMatch"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"match"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"MatchFields"}}]}},{"kind":"Field","name":{"kind":"Name","value":"errors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"field"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"code"}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"MatchFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Match"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"origin"}},{"kind":"Field","name":{"kind":"Name","value":"pledgeQuantity"}},{"kind":"Field","name":{"kind":"Name","value":"itemQuantity"}},{"kind":"Field","name":{"kind":"Name","value":"valueFen"}},{"kind":"Field","name":{"kind":"Name","value":"reason"}},{"kind":"Field","name":{"kind":"Name","value":"schoolAcceptedAt"}},{"kind":"Field","name":{"kind":"Name","value":"donorAcceptedAt"}},{"kind":"Field","name":{"kind":"Name","value":"decidedAt"}},{"kind":"Field","name":{"kind":"Name","value":"pledge"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"remainingQuantity"}},{"kind":"Field","name":{"kind":"Name","value":"status"}}]}},{"kind":"Field","name":{"kind":"Name","value":"needItem"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"remainingQuantity"}}]}},{"kind":"Field","name":{"kind":"Name","value":"need"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}}]}}]}}]} as unknown as DocumentNode<RespondToMatchMutation, RespondToMatchMutationVariables>;
export const RetractStoryDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"RetractStory"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"RetractStoryInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"retractStory"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"story"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"title"}},{"kind":"Field","name":{"kind":"Name","value":"body"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"retractedAt"}},{"kind":"Field","name":{"kind":"Name","value":"retractionReason"}}]}},{"kind":"Field","name":{"kind":"Name","value":"errors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"field"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"code"}}]}}]}}]}}]} as unknown as DocumentNode<RetractStoryMutation, RetractStoryMutationVariables>;
export const SchoolsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"Schools"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"first"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"after"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"filter"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"SchoolFilter"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"orderBy"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"SchoolOrder"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"schools"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"first"}}},{"kind":"Argument","name":{"kind":"Name","value":"after"},"value":{"kind":"Variable","name":{"kind":"Name","value":"after"}}},{"kind":"Argument","name":{"kind":"Name","value":"filter"},"value":{"kind":"Variable","name":{"kind":"Name","value":"filter"}}},{"kind":"Argument","name":{"kind":"Name","value":"orderBy"},"value":{"kind":"Variable","name":{"kind":"Name","value":"orderBy"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"cursor"}},{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"town"}},{"kind":"Field","name":{"kind":"Name","value":"students"}},{"kind":"Field","name":{"kind":"Name","value":"leftBehindChildren"}},{"kind":"Field","name":{"kind":"Name","value":"boarding"}},{"kind":"Field","name":{"kind":"Name","value":"hopeSchool"}},{"kind":"Field","name":{"kind":"Name","value":"povertyTier"}},{"kind":"Field","name":{"kind":"Name","value":"location"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"latitude"}},{"kind":"Field","name":{"kind":"Name","value":"longitude"}}]}},{"kind":"Field","name":{"kind":"Name","value":"region"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"pageInfo"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"hasNextPage"}},{"kind":"Field","name":{"kind":"Name","value":"hasPreviousPage"}},{"kind":"Field","name":{"kind":"Name","value":"startCursor"}},{"kind":"Field","name":{"kind":"Name","value":"endCursor"}}]}}]}}]}}]} as unknown as DocumentNode<SchoolsQuery, SchoolsQueryVariables>;
export const StartMatchingRunDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"StartMatchingRun"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"StartMatchingRunInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"startMatchingRun"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"run"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"regionCode"}},{"kind":"Field","name":{"kind":"Name","value":"dryRun"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"progress"}}]}},{"kind":"Field","name":{"kind":"Name","value":"errors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"field"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"code"}}]}}]}}]}}]} as unknown as DocumentNode<StartMatchingRunMutation, StartMatchingRunMutationVariables>;
export const StoriesDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"Stories"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"first"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"after"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"filter"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"StoryFilter"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"stories"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"first"}}},{"kind":"Argument","name":{"kind":"Name","value":"after"},"value":{"kind":"Variable","name":{"kind":"Name","value":"after"}}},{"kind":"Argument","name":{"kind":"Name","value":"filter"},"value":{"kind":"Variable","name":{"kind":"Name","value":"filter"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"cursor"}},{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"title"}},{"kind":"Field","name":{"kind":"Name","value":"body"}},{"kind":"Field","name":{"kind":"Name","value":"publishedAt"}},{"kind":"Field","name":{"kind":"Name","value":"party"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"matches"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"valueFen"}},{"kind":"Field","name":{"kind":"Name","value":"school"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"donor"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}}]}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"pageInfo"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"hasNextPage"}},{"kind":"Field","name":{"kind":"Name","value":"endCursor"}}]}}]}}]}}]} as unknown as DocumentNode<StoriesQuery, StoriesQueryVariables>;
export const TransparencyDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"Transparency"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"regionCode"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"transparency"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"regionCode"},"value":{"kind":"Variable","name":{"kind":"Name","value":"regionCode"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"regionCode"}},{"kind":"Field","name":{"kind":"Name","value":"pledgedValueFen"}},{"kind":"Field","name":{"kind":"Name","value":"proposedValueFen"}},{"kind":"Field","name":{"kind":"Name","value":"approvedValueFen"}},{"kind":"Field","name":{"kind":"Name","value":"deliveredValueFen"}},{"kind":"Field","name":{"kind":"Name","value":"confirmedValueFen"}},{"kind":"Field","name":{"kind":"Name","value":"neededValueFen"}},{"kind":"Field","name":{"kind":"Name","value":"schools"}},{"kind":"Field","name":{"kind":"Name","value":"needs"}},{"kind":"Field","name":{"kind":"Name","value":"parties"}},{"kind":"Field","name":{"kind":"Name","value":"fillRate"}},{"kind":"Field","name":{"kind":"Name","value":"medianDaysToApproval"}},{"kind":"Field","name":{"kind":"Name","value":"medianDaysToReceipt"}},{"kind":"Field","name":{"kind":"Name","value":"povertyShare"}},{"kind":"Field","name":{"kind":"Name","value":"leftBehindShare"}},{"kind":"Field","name":{"kind":"Name","value":"byProvince"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"key"}},{"kind":"Field","name":{"kind":"Name","value":"approvedValueFen"}},{"kind":"Field","name":{"kind":"Name","value":"matches"}},{"kind":"Field","name":{"kind":"Name","value":"region"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"nameEn"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"byCategory"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"key"}},{"kind":"Field","name":{"kind":"Name","value":"approvedValueFen"}},{"kind":"Field","name":{"kind":"Name","value":"matches"}}]}},{"kind":"Field","name":{"kind":"Name","value":"byPartyKind"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"key"}},{"kind":"Field","name":{"kind":"Name","value":"approvedValueFen"}},{"kind":"Field","name":{"kind":"Name","value":"matches"}}]}},{"kind":"Field","name":{"kind":"Name","value":"byMonth"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"key"}},{"kind":"Field","name":{"kind":"Name","value":"approvedValueFen"}},{"kind":"Field","name":{"kind":"Name","value":"matches"}}]}},{"kind":"Field","name":{"kind":"Name","value":"computedAt"}}]}}]}}]} as unknown as DocumentNode<TransparencyQuery, TransparencyQueryVariables>;
export const UpdateNeedDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"UpdateNeed"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"UpdateNeedInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"updateNeed"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"need"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"title"}},{"kind":"Field","name":{"kind":"Name","value":"story"}},{"kind":"Field","name":{"kind":"Name","value":"category"}},{"kind":"Field","name":{"kind":"Name","value":"urgency"}},{"kind":"Field","name":{"kind":"Name","value":"deadline"}},{"kind":"Field","name":{"kind":"Name","value":"beneficiaries"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"totalValueFen"}},{"kind":"Field","name":{"kind":"Name","value":"items"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"description"}},{"kind":"Field","name":{"kind":"Name","value":"category"}},{"kind":"Field","name":{"kind":"Name","value":"quantity"}},{"kind":"Field","name":{"kind":"Name","value":"remainingQuantity"}},{"kind":"Field","name":{"kind":"Name","value":"unit"}},{"kind":"Field","name":{"kind":"Name","value":"unitValueFen"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"errors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"field"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"allowed"}},{"kind":"Field","name":{"kind":"Name","value":"minimum"}},{"kind":"Field","name":{"kind":"Name","value":"maximum"}}]}}]}}]}}]} as unknown as DocumentNode<UpdateNeedMutation, UpdateNeedMutationVariables>;
export const VerifyPartyDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"VerifyParty"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"VerifyPartyInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"verifyParty"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"party"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"verifiedAt"}}]}},{"kind":"Field","name":{"kind":"Name","value":"errors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"field"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"code"}}]}}]}}]}}]} as unknown as DocumentNode<VerifyPartyMutation, VerifyPartyMutationVariables>;
export const WebConfirmReceiptDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"WebConfirmReceipt"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ConfirmReceiptInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"confirmReceipt"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"match"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"fulfilment"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"quantity"}},{"kind":"Field","name":{"kind":"Name","value":"deliveredQuantity"}},{"kind":"Field","name":{"kind":"Name","value":"receivedQuantity"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"errors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"field"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"minimum"}},{"kind":"Field","name":{"kind":"Name","value":"maximum"}}]}}]}}]}}]} as unknown as DocumentNode<WebConfirmReceiptMutation, WebConfirmReceiptMutationVariables>;
export const WebFulfilmentDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"WebFulfilment"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"first"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"after"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"filter"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"MatchFilter"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"matches"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"first"}}},{"kind":"Argument","name":{"kind":"Name","value":"after"},"value":{"kind":"Variable","name":{"kind":"Name","value":"after"}}},{"kind":"Argument","name":{"kind":"Name","value":"filter"},"value":{"kind":"Variable","name":{"kind":"Name","value":"filter"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"cursor"}},{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"WebFulfilmentMatch"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"pageInfo"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"hasNextPage"}},{"kind":"Field","name":{"kind":"Name","value":"endCursor"}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"WebFulfilmentMatch"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Match"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"origin"}},{"kind":"Field","name":{"kind":"Name","value":"pledgeQuantity"}},{"kind":"Field","name":{"kind":"Name","value":"itemQuantity"}},{"kind":"Field","name":{"kind":"Name","value":"valueFen"}},{"kind":"Field","name":{"kind":"Name","value":"score"}},{"kind":"Field","name":{"kind":"Name","value":"explanation"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"points"}}]}},{"kind":"Field","name":{"kind":"Name","value":"regionCode"}},{"kind":"Field","name":{"kind":"Name","value":"schoolAcceptedAt"}},{"kind":"Field","name":{"kind":"Name","value":"donorAcceptedAt"}},{"kind":"Field","name":{"kind":"Name","value":"decidedAt"}},{"kind":"Field","name":{"kind":"Name","value":"reason"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"school"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"region"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"nameEn"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"donor"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"verifiedAt"}}]}},{"kind":"Field","name":{"kind":"Name","value":"need"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"title"}}]}},{"kind":"Field","name":{"kind":"Name","value":"needItem"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"description"}},{"kind":"Field","name":{"kind":"Name","value":"unit"}},{"kind":"Field","name":{"kind":"Name","value":"quantity"}},{"kind":"Field","name":{"kind":"Name","value":"remainingQuantity"}}]}},{"kind":"Field","name":{"kind":"Name","value":"pledge"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"title"}},{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"unit"}}]}},{"kind":"Field","name":{"kind":"Name","value":"fulfilment"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"quantity"}},{"kind":"Field","name":{"kind":"Name","value":"deliveredQuantity"}},{"kind":"Field","name":{"kind":"Name","value":"receivedQuantity"}}]}},{"kind":"Field","name":{"kind":"Name","value":"deliveries"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"deliveredOn"}},{"kind":"Field","name":{"kind":"Name","value":"quantity"}},{"kind":"Field","name":{"kind":"Name","value":"note"}},{"kind":"Field","name":{"kind":"Name","value":"recordedAt"}},{"kind":"Field","name":{"kind":"Name","value":"evidence"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"url"}},{"kind":"Field","name":{"kind":"Name","value":"contentType"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"receipts"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"problem"}},{"kind":"Field","name":{"kind":"Name","value":"quantity"}},{"kind":"Field","name":{"kind":"Name","value":"completesMatch"}},{"kind":"Field","name":{"kind":"Name","value":"thankYouNote"}},{"kind":"Field","name":{"kind":"Name","value":"description"}},{"kind":"Field","name":{"kind":"Name","value":"recordedAt"}},{"kind":"Field","name":{"kind":"Name","value":"evidence"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"url"}},{"kind":"Field","name":{"kind":"Name","value":"contentType"}}]}}]}}]}}]} as unknown as DocumentNode<WebFulfilmentQuery, WebFulfilmentQueryVariables>;
export const WebMatchesDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"WebMatches"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"first"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"after"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"filter"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"MatchFilter"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"matches"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"first"}}},{"kind":"Argument","name":{"kind":"Name","value":"after"},"value":{"kind":"Variable","name":{"kind":"Name","value":"after"}}},{"kind":"Argument","name":{"kind":"Name","value":"filter"},"value":{"kind":"Variable","name":{"kind":"Name","value":"filter"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"cursor"}},{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"WebMatchFields"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"pageInfo"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"hasNextPage"}},{"kind":"Field","name":{"kind":"Name","value":"endCursor"}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"WebMatchFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Match"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"origin"}},{"kind":"Field","name":{"kind":"Name","value":"pledgeQuantity"}},{"kind":"Field","name":{"kind":"Name","value":"itemQuantity"}},{"kind":"Field","name":{"kind":"Name","value":"valueFen"}},{"kind":"Field","name":{"kind":"Name","value":"score"}},{"kind":"Field","name":{"kind":"Name","value":"explanation"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"points"}}]}},{"kind":"Field","name":{"kind":"Name","value":"regionCode"}},{"kind":"Field","name":{"kind":"Name","value":"schoolAcceptedAt"}},{"kind":"Field","name":{"kind":"Name","value":"donorAcceptedAt"}},{"kind":"Field","name":{"kind":"Name","value":"decidedAt"}},{"kind":"Field","name":{"kind":"Name","value":"reason"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"school"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"region"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"nameEn"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"donor"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"verifiedAt"}}]}},{"kind":"Field","name":{"kind":"Name","value":"need"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"title"}}]}},{"kind":"Field","name":{"kind":"Name","value":"needItem"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"description"}},{"kind":"Field","name":{"kind":"Name","value":"unit"}},{"kind":"Field","name":{"kind":"Name","value":"quantity"}},{"kind":"Field","name":{"kind":"Name","value":"remainingQuantity"}}]}},{"kind":"Field","name":{"kind":"Name","value":"pledge"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"title"}},{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"unit"}}]}}]}}]} as unknown as DocumentNode<WebMatchesQuery, WebMatchesQueryVariables>;
export const WebMatchingRunsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"WebMatchingRuns"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"first"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"matchingRuns"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"first"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"regionCode"}},{"kind":"Field","name":{"kind":"Name","value":"region"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"nameEn"}},{"kind":"Field","name":{"kind":"Name","value":"parent"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"nameEn"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"dryRun"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"stage"}},{"kind":"Field","name":{"kind":"Name","value":"partsTotal"}},{"kind":"Field","name":{"kind":"Name","value":"proposalsCount"}},{"kind":"Field","name":{"kind":"Name","value":"proposedValueFen"}},{"kind":"Field","name":{"kind":"Name","value":"unfundedCount"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"pageInfo"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"hasNextPage"}}]}}]}}]}}]} as unknown as DocumentNode<WebMatchingRunsQuery, WebMatchingRunsQueryVariables>;
export const WebMeDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"WebMe"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"me"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"email"}},{"kind":"Field","name":{"kind":"Name","value":"memberships"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"role"}},{"kind":"Field","name":{"kind":"Name","value":"party"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"regionCode"}},{"kind":"Field","name":{"kind":"Name","value":"verifiedAt"}},{"kind":"Field","name":{"kind":"Name","value":"school"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"jurisdictionCodes"}},{"kind":"Field","name":{"kind":"Name","value":"jurisdictions"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"nameEn"}},{"kind":"Field","name":{"kind":"Name","value":"level"}}]}}]}}]}}]} as unknown as DocumentNode<WebMeQuery, WebMeQueryVariables>;
export const WebNeedDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"WebNeed"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"node"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Need"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"title"}},{"kind":"Field","name":{"kind":"Name","value":"story"}},{"kind":"Field","name":{"kind":"Name","value":"category"}},{"kind":"Field","name":{"kind":"Name","value":"urgency"}},{"kind":"Field","name":{"kind":"Name","value":"deadline"}},{"kind":"Field","name":{"kind":"Name","value":"beneficiaries"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"totalValueFen"}},{"kind":"Field","name":{"kind":"Name","value":"regionCode"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"updatedAt"}},{"kind":"Field","name":{"kind":"Name","value":"school"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"town"}},{"kind":"Field","name":{"kind":"Name","value":"students"}},{"kind":"Field","name":{"kind":"Name","value":"leftBehindChildren"}},{"kind":"Field","name":{"kind":"Name","value":"boarding"}},{"kind":"Field","name":{"kind":"Name","value":"hopeSchool"}},{"kind":"Field","name":{"kind":"Name","value":"povertyTier"}},{"kind":"Field","name":{"kind":"Name","value":"verifiedAt"}},{"kind":"Field","name":{"kind":"Name","value":"region"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"nameEn"}},{"kind":"Field","name":{"kind":"Name","value":"parent"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"nameEn"}},{"kind":"Field","name":{"kind":"Name","value":"parent"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"nameEn"}}]}}]}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"items"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"description"}},{"kind":"Field","name":{"kind":"Name","value":"category"}},{"kind":"Field","name":{"kind":"Name","value":"quantity"}},{"kind":"Field","name":{"kind":"Name","value":"remainingQuantity"}},{"kind":"Field","name":{"kind":"Name","value":"unit"}},{"kind":"Field","name":{"kind":"Name","value":"unitValueFen"}}]}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"matches"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"100"}},{"kind":"Argument","name":{"kind":"Name","value":"filter"},"value":{"kind":"ObjectValue","fields":[{"kind":"ObjectField","name":{"kind":"Name","value":"needId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}},{"kind":"ObjectField","name":{"kind":"Name","value":"status"},"value":{"kind":"ListValue","values":[{"kind":"EnumValue","value":"APPROVED"},{"kind":"EnumValue","value":"IN_DELIVERY"},{"kind":"EnumValue","value":"DELIVERED"},{"kind":"EnumValue","value":"CONFIRMED"}]}}]}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"origin"}},{"kind":"Field","name":{"kind":"Name","value":"itemQuantity"}},{"kind":"Field","name":{"kind":"Name","value":"valueFen"}},{"kind":"Field","name":{"kind":"Name","value":"decidedAt"}},{"kind":"Field","name":{"kind":"Name","value":"donor"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"kind"}}]}},{"kind":"Field","name":{"kind":"Name","value":"needItem"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"description"}},{"kind":"Field","name":{"kind":"Name","value":"unit"}}]}},{"kind":"Field","name":{"kind":"Name","value":"fulfilment"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"quantity"}},{"kind":"Field","name":{"kind":"Name","value":"deliveredQuantity"}},{"kind":"Field","name":{"kind":"Name","value":"receivedQuantity"}}]}},{"kind":"Field","name":{"kind":"Name","value":"deliveries"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"deliveredOn"}},{"kind":"Field","name":{"kind":"Name","value":"quantity"}}]}},{"kind":"Field","name":{"kind":"Name","value":"receipts"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"problem"}},{"kind":"Field","name":{"kind":"Name","value":"quantity"}},{"kind":"Field","name":{"kind":"Name","value":"recordedAt"}}]}}]}}]}}]}}]}}]} as unknown as DocumentNode<WebNeedQuery, WebNeedQueryVariables>;
export const WebNeedOffersDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"WebNeedOffers"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"needId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"donorId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"matches"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"50"}},{"kind":"Argument","name":{"kind":"Name","value":"filter"},"value":{"kind":"ObjectValue","fields":[{"kind":"ObjectField","name":{"kind":"Name","value":"needId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"needId"}}},{"kind":"ObjectField","name":{"kind":"Name","value":"donorId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"donorId"}}},{"kind":"ObjectField","name":{"kind":"Name","value":"status"},"value":{"kind":"ListValue","values":[{"kind":"EnumValue","value":"PROPOSED"},{"kind":"EnumValue","value":"ACCEPTED"}]}}]}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"itemQuantity"}},{"kind":"Field","name":{"kind":"Name","value":"needItem"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"description"}},{"kind":"Field","name":{"kind":"Name","value":"unit"}}]}},{"kind":"Field","name":{"kind":"Name","value":"pledge"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"title"}}]}}]}}]}}]}}]}}]} as unknown as DocumentNode<WebNeedOffersQuery, WebNeedOffersQueryVariables>;
export const WebPartiesDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"WebParties"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"first"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"after"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"filter"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"PartyFilter"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"parties"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"first"}}},{"kind":"Argument","name":{"kind":"Name","value":"after"},"value":{"kind":"Variable","name":{"kind":"Name","value":"after"}}},{"kind":"Argument","name":{"kind":"Name","value":"filter"},"value":{"kind":"Variable","name":{"kind":"Name","value":"filter"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"cursor"}},{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"regionCode"}},{"kind":"Field","name":{"kind":"Name","value":"verifiedAt"}},{"kind":"Field","name":{"kind":"Name","value":"region"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"nameEn"}}]}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"pageInfo"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"hasNextPage"}},{"kind":"Field","name":{"kind":"Name","value":"endCursor"}}]}}]}}]}}]} as unknown as DocumentNode<WebPartiesQuery, WebPartiesQueryVariables>;
export const WebPledgeDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"WebPledge"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"node"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Pledge"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"title"}},{"kind":"Field","name":{"kind":"Name","value":"description"}},{"kind":"Field","name":{"kind":"Name","value":"category"}},{"kind":"Field","name":{"kind":"Name","value":"itemName"}},{"kind":"Field","name":{"kind":"Name","value":"quantity"}},{"kind":"Field","name":{"kind":"Name","value":"remainingQuantity"}},{"kind":"Field","name":{"kind":"Name","value":"unit"}},{"kind":"Field","name":{"kind":"Name","value":"unitValueFen"}},{"kind":"Field","name":{"kind":"Name","value":"totalValueFen"}},{"kind":"Field","name":{"kind":"Name","value":"validUntil"}},{"kind":"Field","name":{"kind":"Name","value":"perSchoolCap"}},{"kind":"Field","name":{"kind":"Name","value":"restrictCategories"}},{"kind":"Field","name":{"kind":"Name","value":"restrictRegionCodes"}},{"kind":"Field","name":{"kind":"Name","value":"serviceRadiusKm"}},{"kind":"Field","name":{"kind":"Name","value":"availableFrom"}},{"kind":"Field","name":{"kind":"Name","value":"availableUntil"}},{"kind":"Field","name":{"kind":"Name","value":"coFundingRatioPercent"}},{"kind":"Field","name":{"kind":"Name","value":"coFundingPartyKinds"}},{"kind":"Field","name":{"kind":"Name","value":"party"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}}]}}]}}]}}]} as unknown as DocumentNode<WebPledgeQuery, WebPledgeQueryVariables>;
export const WebRecordDeliveryDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"WebRecordDelivery"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"RecordDeliveryInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"recordDelivery"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"match"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"fulfilment"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"quantity"}},{"kind":"Field","name":{"kind":"Name","value":"deliveredQuantity"}},{"kind":"Field","name":{"kind":"Name","value":"receivedQuantity"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"errors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"field"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"minimum"}},{"kind":"Field","name":{"kind":"Name","value":"maximum"}}]}}]}}]}}]} as unknown as DocumentNode<WebRecordDeliveryMutation, WebRecordDeliveryMutationVariables>;
export const WebReportProblemDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"WebReportProblem"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ReportProblemInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"reportProblem"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"match"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"fulfilment"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"quantity"}},{"kind":"Field","name":{"kind":"Name","value":"deliveredQuantity"}},{"kind":"Field","name":{"kind":"Name","value":"receivedQuantity"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"errors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"field"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"minimum"}},{"kind":"Field","name":{"kind":"Name","value":"maximum"}}]}}]}}]}}]} as unknown as DocumentNode<WebReportProblemMutation, WebReportProblemMutationVariables>;
export const WebRunUnfundedDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"WebRunUnfunded"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"first"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"node"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"MatchingRun"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"unfundedCount"}},{"kind":"Field","name":{"kind":"Name","value":"unfunded"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"first"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"pointsShort"}},{"kind":"Field","name":{"kind":"Name","value":"needItem"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"description"}},{"kind":"Field","name":{"kind":"Name","value":"need"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"title"}},{"kind":"Field","name":{"kind":"Name","value":"school"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"region"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"nameEn"}},{"kind":"Field","name":{"kind":"Name","value":"parent"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"nameEn"}}]}}]}}]}}]}}]}}]}}]}}]}}]} as unknown as DocumentNode<WebRunUnfundedQuery, WebRunUnfundedQueryVariables>;
export const WebSchoolsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"WebSchools"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"first"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"after"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"filter"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"SchoolFilter"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"schools"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"first"}}},{"kind":"Argument","name":{"kind":"Name","value":"after"},"value":{"kind":"Variable","name":{"kind":"Name","value":"after"}}},{"kind":"Argument","name":{"kind":"Name","value":"filter"},"value":{"kind":"Variable","name":{"kind":"Name","value":"filter"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"cursor"}},{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"town"}},{"kind":"Field","name":{"kind":"Name","value":"students"}},{"kind":"Field","name":{"kind":"Name","value":"hopeSchool"}},{"kind":"Field","name":{"kind":"Name","value":"verifiedAt"}},{"kind":"Field","name":{"kind":"Name","value":"region"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"nameEn"}}]}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"pageInfo"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"hasNextPage"}},{"kind":"Field","name":{"kind":"Name","value":"endCursor"}}]}}]}}]}}]} as unknown as DocumentNode<WebSchoolsQuery, WebSchoolsQueryVariables>;
export const WebStoriesDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"WebStories"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"first"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"after"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"filter"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"StoryFilter"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"stories"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"first"}}},{"kind":"Argument","name":{"kind":"Name","value":"after"},"value":{"kind":"Variable","name":{"kind":"Name","value":"after"}}},{"kind":"Argument","name":{"kind":"Name","value":"filter"},"value":{"kind":"Variable","name":{"kind":"Name","value":"filter"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"cursor"}},{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"title"}},{"kind":"Field","name":{"kind":"Name","value":"body"}},{"kind":"Field","name":{"kind":"Name","value":"publishedAt"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"retractedAt"}},{"kind":"Field","name":{"kind":"Name","value":"retractionReason"}},{"kind":"Field","name":{"kind":"Name","value":"party"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"matches"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"school"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"need"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"title"}}]}}]}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"pageInfo"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"hasNextPage"}},{"kind":"Field","name":{"kind":"Name","value":"endCursor"}}]}}]}}]}}]} as unknown as DocumentNode<WebStoriesQuery, WebStoriesQueryVariables>;
export const WebhookDeliveriesDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"WebhookDeliveries"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"first"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"after"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"partyId"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"status"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"DeliveryStatus"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"webhookDeliveries"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"first"}}},{"kind":"Argument","name":{"kind":"Name","value":"after"},"value":{"kind":"Variable","name":{"kind":"Name","value":"after"}}},{"kind":"Argument","name":{"kind":"Name","value":"partyId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"partyId"}}},{"kind":"Argument","name":{"kind":"Name","value":"status"},"value":{"kind":"Variable","name":{"kind":"Name","value":"status"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"cursor"}},{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"DeliveryFields"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"pageInfo"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"hasNextPage"}},{"kind":"Field","name":{"kind":"Name","value":"endCursor"}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"DeliveryFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"WebhookDelivery"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"eventId"}},{"kind":"Field","name":{"kind":"Name","value":"eventType"}},{"kind":"Field","name":{"kind":"Name","value":"webhookId"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"attemptCount"}},{"kind":"Field","name":{"kind":"Name","value":"nextAttemptAt"}},{"kind":"Field","name":{"kind":"Name","value":"lastAttemptAt"}},{"kind":"Field","name":{"kind":"Name","value":"lastResponseCode"}},{"kind":"Field","name":{"kind":"Name","value":"lastError"}},{"kind":"Field","name":{"kind":"Name","value":"deliveredAt"}},{"kind":"Field","name":{"kind":"Name","value":"replayOfId"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}}]}}]} as unknown as DocumentNode<WebhookDeliveriesQuery, WebhookDeliveriesQueryVariables>;
export const WebhooksDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"Webhooks"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"partyId"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"webhooks"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"partyId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"partyId"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"url"}},{"kind":"Field","name":{"kind":"Name","value":"eventTypes"}},{"kind":"Field","name":{"kind":"Name","value":"active"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}}]}}]}}]} as unknown as DocumentNode<WebhooksQuery, WebhooksQueryVariables>;
export const WithdrawPledgeDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"WithdrawPledge"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"WithdrawPledgeInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"withdrawPledge"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"pledge"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"title"}},{"kind":"Field","name":{"kind":"Name","value":"category"}},{"kind":"Field","name":{"kind":"Name","value":"itemName"}},{"kind":"Field","name":{"kind":"Name","value":"quantity"}},{"kind":"Field","name":{"kind":"Name","value":"remainingQuantity"}},{"kind":"Field","name":{"kind":"Name","value":"unit"}},{"kind":"Field","name":{"kind":"Name","value":"unitValueFen"}},{"kind":"Field","name":{"kind":"Name","value":"totalValueFen"}},{"kind":"Field","name":{"kind":"Name","value":"serviceRadiusKm"}},{"kind":"Field","name":{"kind":"Name","value":"perSchoolCap"}},{"kind":"Field","name":{"kind":"Name","value":"restrictRegionCodes"}},{"kind":"Field","name":{"kind":"Name","value":"restrictCategories"}},{"kind":"Field","name":{"kind":"Name","value":"coFundingRatioPercent"}},{"kind":"Field","name":{"kind":"Name","value":"coFundingPartyKinds"}}]}},{"kind":"Field","name":{"kind":"Name","value":"errors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"field"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"code"}}]}}]}}]}}]} as unknown as DocumentNode<WithdrawPledgeMutation, WithdrawPledgeMutationVariables>;