import { ClerkApiError } from './clerk-api-error.js';
import { errorCatalogue, type CatalogueEntry, type ErrorName } from './error-catalogue.js';

type Arg = string | number;
/** One argument per `%s` of the template. */
type Placeholders<S extends string> = S extends `${string}%s${infer Rest}`
  ? [Arg, ...Placeholders<Rest>]
  : [];
type Catalogue = typeof errorCatalogue;
type Factory<E extends CatalogueEntry> = E extends { param: true }
  ? (param: string, ...args: Placeholders<E['longMessage']>) => ClerkApiError
  : (...args: Placeholders<E['longMessage']>) => ClerkApiError;

/** Fills `%s` placeholders in order. */
export function formatTemplate(template: string, args: readonly Arg[]): string {
  let i = 0;
  return template.replace(/%s/g, () => String(args[i++] ?? ''));
}

function factoryOf(entry: CatalogueEntry) {
  return (...args: Arg[]) => {
    const param = entry.param === true ? String(args.shift()) : entry.param;
    const longMessage = formatTemplate(entry.longMessage, args).replace('{param}', param ?? '');
    return new ClerkApiError(entry.status, [
      {
        code: entry.code,
        message: entry.message,
        longMessage,
        ...(param !== undefined ? { meta: { param_name: param } } : {}),
      },
    ]);
  };
}

/**
 * The error factories, one per catalogue entry: `throw apiErrors.notFound('user', id)`,
 * `throw apiErrors.emailInvalid('email_address')`.
 */
export const apiErrors = Object.fromEntries(
  Object.entries(errorCatalogue).map(([name, entry]) => [name, factoryOf(entry)]),
) as { [N in ErrorName]: Factory<Catalogue[N]> };
