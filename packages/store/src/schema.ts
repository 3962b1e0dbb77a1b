import type { Generated } from 'kysely';
import { CODED_ATTRIBUTES, type CodedAttribute } from '@continuum/machines';

/** Re-exported so callers of this package need not know the list lives in the pathway core. */
export { CODED_ATTRIBUTES, type CodedAttribute };
/** A case's coded attributes; absent ones are null. */
export type CodedAttributes = { [K in CodedAttribute]: string | null };

/** Published pathway definitions; rows are never updated once written. */
export interface PathwayVersionTable {
  id: Generated<number>;
  pathway_id: string;
  version: number;
  name: string;
  definition: string;
  published_at: number;
  published_by: string | null;
}

/** One editable draft per pathway. */
export interface PathwayDraftTable {
  pathway_id: string;
  definition: string;
  updated_at: number;
  updated_by: string | null;
  /** The published version the draft was started from (0: none existed); null only before migration 007. */
  base_version: number | null;
}

/** A case: its pseudonymous ref, where it is now and its coded attributes. */
export interface CaseTable extends CodedAttributes {
  id: Generated<number>;
  ref: string;
  pathway_version_id: number;
  stage: string;
  stage_entered_at: number;
  opened_at: number;
  closed_at: number | null;
  last_seq: number;
  last_occurred_at: number;
  created_at: number;
}

/** Stage and event names, coded: the event log and the stays store these ids, not the strings. */
export interface NameTable {
  id: Generated<number>;
  name: string;
}

/**
 * The append-only event log; `seq` is gapless per case, starting at 1 (the opening). Stage and event
 * names are `names` ids; read them through `case_events_named`.
 */
export interface CaseEventTable {
  id: Generated<number>;
  case_id: number;
  seq: number;
  occurred_at: number;
  recorded_at: number;
  event_code: number | null;
  from_code: number | null;
  to_code: number;
  client_event_id: string | null;
  /** 1: an imported move the pathway lacks, stored as the source records it (no event); live moves are 0. */
  outside_pathway: Generated<number>;
}

/** The event log with names in place of codes (a view). */
export interface CaseEventNamedView {
  id: number;
  case_id: number;
  seq: number;
  occurred_at: number;
  recorded_at: number;
  event: string | null;
  from_stage: string | null;
  to_stage: string;
  client_event_id: string | null;
  outside_pathway: number;
}

/**
 * Derived stays in stages, maintained in the same transaction as the event that opens or closes them;
 * names coded as in case_events (read them through `stage_intervals_named`).
 */
export interface StageIntervalTable {
  id: Generated<number>;
  case_id: number;
  stage_code: number;
  entered_at: number;
  exited_at: number | null;
  next_code: number | null;
  exit_event_code: number | null;
  entry_event_code: number | null;
}

/** The stays with names in place of codes (a view). */
export interface StageIntervalNamedView {
  id: number;
  case_id: number;
  stage: string;
  entered_at: number;
  exited_at: number | null;
  next_stage: string | null;
  exit_event: string | null;
  entry_event: string | null;
}

/** Bearer tokens, stored as SHA-256 of the secret. */
export interface ApiTokenTable {
  id: Generated<number>;
  token_hash: string;
  role: string;
  label: string;
  created_at: number;
  revoked_at: number | null;
  /** Epoch ms after which the token no longer works (null: never). */
  expires_at: number | null;
}

/** Facts about the deployment, one row each (HMAC key fingerprint, first admin token issued). */
export interface DeploymentSettingTable {
  name: string;
  value: string;
  set_at: number;
}

/** Who read or wrote case-level data, and when. */
export interface AuditLogTable {
  id: Generated<number>;
  at: number;
  token_id: number | null;
  role: string | null;
  action: string;
  case_id: number | null;
  detail: string | null;
}

/** The Kysely database type shared by every repository. */
export interface Database {
  pathway_versions: PathwayVersionTable;
  pathway_drafts: PathwayDraftTable;
  cases: CaseTable;
  names: NameTable;
  case_events: CaseEventTable;
  case_events_named: CaseEventNamedView;
  stage_intervals: StageIntervalTable;
  stage_intervals_named: StageIntervalNamedView;
  api_tokens: ApiTokenTable;
  audit_log: AuditLogTable;
  deployment_settings: DeploymentSettingTable;
}
