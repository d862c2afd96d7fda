/** The access kinds of the contract: one list, the API's (api/src/modules/access/access-kinds.ts). */
export type { AccessKind } from '@api/modules/access/access-kinds.ts';
/** A signed-in session, as GET /api/auth/me and POST /api/auth/login return it (auth.schemas.ts). */
export type { Session } from './auth.ts';

// --- matching: the API's contract (api/src/modules/matching/matching.schemas.ts) ------------

export type { MatchRequestInput as MatchRequestBody } from '@api/modules/matching/match-request.schema.ts';
export type {
  Bilingual,
  CriterionInfo,
  FactValue,
  KnockoutInForce,
  KnockoutRule,
  MatchCounts,
  MatchResponse,
  MatchResult,
  MatchVersions,
  NearMiss,
  NearMissFailure,
  ProjectTemplate as MatchTemplate,
  ScoreKind,
  VersionChange,
} from '@api/modules/matching/matching.schemas.ts';
