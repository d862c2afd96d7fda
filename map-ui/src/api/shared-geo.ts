/**
 * Région and département codes, shared with the API (api/src/modules/matching/geo-codes.ts is
 * plain TypeScript): one list for the filters, the needs form and the server's validation.
 */
export { DEPARTMENTS, REGIONS } from '@api/modules/matching/geo-codes.ts';
