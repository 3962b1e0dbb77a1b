export { CODED_ATTRIBUTES, type CanonicalEvent, type CodedAttribute } from './canonicalEvent.ts';
export {
  importAnnexA,
  type AnnexAImportOptions,
  type AnnexAImportResult,
  type AnnexAListReport,
} from './annexA/importAnnexA.ts';
export { AnnexAError } from './annexA/readAnnexA.ts';
