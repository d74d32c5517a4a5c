import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { apiErrors } from '../errors/api-errors.js';

/** What Castellan reads from an IdP's SAML 2.0 metadata (SAML Metadata §2.4.3). */
export interface IdpMetadata {
  entityId: string;
  ssoUrl: string;
  /** The signing certificate's base64 DER, as `<ds:X509Certificate>` holds it. */
  certificate: string;
}

const REDIRECT = 'urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect';
const POST = 'urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST';

/** Namespace prefixes dropped (`md:`, `ds:` vary between IdPs); attributes kept as `@_…`. */
const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  removeNSPrefix: true,
  processEntities: false,
  isArray: (name) =>
    ['EntityDescriptor', 'IDPSSODescriptor', 'SingleSignOnService', 'KeyDescriptor'].includes(name),
});

type Node = Record<string, unknown>;
const list = (value: unknown): Node[] => (Array.isArray(value) ? (value as Node[]) : []);
const textOf = (value: unknown): string | undefined => {
  if (typeof value === 'string') return value;
  if (value && typeof value === 'object' && typeof (value as Node)['#text'] === 'string') {
    return (value as Node)['#text'] as string;
  }
  return undefined;
};

/** The XML as a tree; not well-formed XML is refused with the parser's reason. */
export function parseXml(param: string, xml: string): Node {
  const valid = XMLValidator.validate(xml);
  if (valid !== true) {
    throw apiErrors.samlMetadataInvalid(param, `line ${valid.err.line}: ${valid.err.msg}`);
  }
  return parser.parse(xml) as Node;
}

/**
 * Reads the IdP's entity ID, its SSO endpoint (HTTP-Redirect preferred, else HTTP-POST,
 * the bindings a browser-based SP uses) and its signing certificate from metadata: an
 * `EntityDescriptor`, or the first one in an `EntitiesDescriptor` with an IdP role.
 */
export function parseIdpMetadata(param: string, xml: string): IdpMetadata {
  const tree = parseXml(param, xml);
  const entities = [
    ...list(tree.EntityDescriptor),
    ...list((tree.EntitiesDescriptor as Node | undefined)?.EntityDescriptor),
  ];
  const entity = entities.find((e) => list(e.IDPSSODescriptor).length > 0);
  if (!entity) throw apiErrors.samlMetadataInvalid(param, 'it has no IDPSSODescriptor');
  const entityId = entity['@_entityID'];
  if (typeof entityId !== 'string' || entityId.trim() === '') {
    throw apiErrors.samlMetadataInvalid(param, 'the EntityDescriptor has no entityID');
  }
  const idp = list(entity.IDPSSODescriptor)[0]!;
  const services = list(idp.SingleSignOnService);
  const service =
    services.find((s) => s['@_Binding'] === REDIRECT) ??
    services.find((s) => s['@_Binding'] === POST);
  const ssoUrl = service?.['@_Location'];
  if (typeof ssoUrl !== 'string' || ssoUrl.trim() === '') {
    throw apiErrors.samlMetadataInvalid(
      param,
      'it has no SingleSignOnService with the HTTP-Redirect or HTTP-POST binding',
    );
  }
  const keys = list(idp.KeyDescriptor).filter((k) => k['@_use'] !== 'encryption');
  const certificate = keys
    .map((k) =>
      textOf(((k.KeyInfo as Node | undefined)?.X509Data as Node | undefined)?.X509Certificate),
    )
    .find((c) => c !== undefined && c.trim() !== '');
  if (certificate === undefined) {
    throw apiErrors.samlMetadataInvalid(param, 'it has no signing X509Certificate');
  }
  return { entityId: entityId.trim(), ssoUrl: ssoUrl.trim(), certificate: certificate.trim() };
}
