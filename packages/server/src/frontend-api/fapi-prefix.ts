/** Where the Frontend API is served on the Castellan server (docs/frontend-api.md). */
export const FAPI_PREFIX = '/__clerk';
