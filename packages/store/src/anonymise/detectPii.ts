/**
 * The PII detector lives in `@continuum/machines`, the lowest layer, because pathway validation
 * (machines) must call it and machines cannot depend on the store; the store re-exports it so its
 * callers keep one import.
 */
export { detectPii, isNhsNumber } from '@continuum/machines';
