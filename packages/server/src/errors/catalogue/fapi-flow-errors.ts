import type { CatalogueEntry } from '../catalogue-entry.js';

/** The Frontend API's sign-in and sign-up flows (owned by the flows helper). */
export const fapiFlowErrors = {} as const satisfies Record<string, CatalogueEntry>;
