export * from './schema.ts';
export type { PathwayProblem } from './problem.ts';
export { validatePathway, type ValidationOptions, type ValidationResult } from './validatePathway.ts';
export { effectiveMoves, ancestorsOf, type EffectiveMove } from './effectiveMoves.ts';
export { buildMachine, type PathwayContext } from './buildMachine.ts';
export { compile, stageOfSnapshot, NO_MOVE, type CompiledPathway } from './compile.ts';
export { IllegalMoveError, InvalidPathwayError } from './errors.ts';
export { defaultPathway } from './defaultPathway.ts';
export { CODED_ATTRIBUTES, type CodedAttribute } from './codedAttributes.ts';
export { normaliseCode, CLOSED_CODE_LISTS } from './normaliseCode.ts';
export {
  TIME_DOMAIN,
  inTimeDomain,
  dayInTimeDomain,
  clampDayToTimeDomain,
  dateInTimeDomain,
  outOfTimeDomainMessage,
} from './timeDomain.ts';
export { publishProblems } from './publishProblems.ts';
export { rebaseDefinition, type RebaseConflict } from './rebaseDefinition.ts';
export {
  resolveMove,
  resolveMoveAt,
  type MoveIntent,
  type MoveRefusal,
  type MoveRefusalCode,
  type ResolvedMove,
} from './resolveMove.ts';
export {
  outsidePathwayReason,
  resolveRecordedMove,
  resolveRecordedMoveAt,
  type OutsideMove,
  type OutsidePathway,
} from './resolveRecordedMove.ts';
export { detectPii, isNhsNumber, type DetectPiiOptions } from './pii/detectPii.ts';
export { quoteSent, shownKey, unrepeatable } from './quoteSent.ts';
export { findPii, piiMessage, type PiiFinding } from './pii/findPii.ts';
