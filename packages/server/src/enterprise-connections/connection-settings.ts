import { parseDomainName } from '../domains/domain-names.js';
import { apiErrors } from '../errors/api-errors.js';
import {
  DEFAULT_ATTRIBUTE_MAPPING,
  type AttributeMapping,
  type LoginHint,
} from './enterprise-connection-mapper.js';

export const SAML_PROVIDERS = ['saml_custom', 'saml_okta', 'saml_google', 'saml_microsoft'];

export const isSamlProvider = (provider: string) => SAML_PROVIDERS.includes(provider);

/**
 * Domains as Clerk takes them: lowercased, each a fully qualified name under a public
 * suffix (`example.com`), each once; at least one.
 */
export function domainsOf(param: string, raw: readonly string[]): string[] {
  const domains = raw.map((domain) => parseDomainName(param, domain, 'production'));
  const seen = new Set<string>();
  for (const domain of domains) {
    if (seen.has(domain)) throw apiErrors.duplicateValue(param, domain);
    seen.add(domain);
  }
  if (domains.length === 0) throw apiErrors.paramMissing(param);
  return domains;
}

export function connectionName(param: string, raw: string): string {
  const name = raw.trim();
  if (name === '') throw apiErrors.paramMissing(param);
  return name;
}

/**
 * The mapping sent over the current one (a null or absent attribute keeps its value). The
 * email address attribute cannot be empty: without it no user can be matched or created.
 */
export function attributeMappingOf(
  param: string,
  sent: Partial<Record<keyof AttributeMapping, string | null | undefined>> | null | undefined,
  current: AttributeMapping = DEFAULT_ATTRIBUTE_MAPPING,
): AttributeMapping {
  if (!sent) return current;
  const next = { ...current };
  for (const key of Object.keys(next) as (keyof AttributeMapping)[]) {
    const value = sent[key];
    if (typeof value === 'string') next[key] = value.trim();
  }
  if (next.email_address === '') {
    throw apiErrors.paramValueInvalid(`${param}.email_address`, 'cannot be empty');
  }
  return next;
}

/** `custom_attribute` takes the metadata key in `source`; the other modes take none. */
export function loginHintOf(param: string, sent: LoginHint): LoginHint {
  if (sent.mode !== 'custom_attribute') return { mode: sent.mode };
  const source = sent.source?.trim() ?? '';
  if (source === '') throw apiErrors.paramMissing(`${param}.source`);
  return { mode: sent.mode, source };
}

interface CustomAttributeInput {
  name: string;
  key: string;
  sso_path?: string | undefined;
  scim_path?: string | undefined;
  directory_path?: string | undefined;
  multi_valued?: boolean | undefined;
}

/** Custom attributes: keys unique; `directory_path` is `scim_path`'s new name (both, or one). */
export function customAttributesOf(param: string, sent: readonly CustomAttributeInput[]) {
  const keys = new Set<string>();
  return sent.map((attribute) => {
    if (keys.has(attribute.key)) throw apiErrors.duplicateValue(param, attribute.key);
    keys.add(attribute.key);
    const { scim_path: scim, directory_path: directory } = attribute;
    if (scim !== undefined && directory !== undefined && scim !== directory) {
      throw apiErrors.paramValueInvalid(
        `${param}.directory_path`,
        'differs from scim_path; send one, or both with the same value',
      );
    }
    const path = scim ?? directory;
    return {
      name: attribute.name,
      key: attribute.key,
      ...(attribute.sso_path === undefined ? {} : { sso_path: attribute.sso_path }),
      ...(path === undefined ? {} : { scim_path: path, directory_path: path }),
      multi_valued: attribute.multi_valued ?? false,
    };
  });
}
