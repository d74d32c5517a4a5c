import { spUrls } from './sp-urls.js';

const escapeXml = (value: string): string =>
  value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/**
 * The SP metadata of one SAML connection (SAML Metadata §2.4.4): its entity ID, that it
 * wants signed assertions, and its ACS endpoint (HTTP-POST, the binding IdPs answer with).
 * No signing key: Castellan does not sign its AuthnRequests.
 */
export function spMetadataXml(baseUrl: string, samlConnectionId: string): string {
  const urls = spUrls(baseUrl, samlConnectionId);
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" entityID="${escapeXml(urls.entityId)}">`,
    '  <md:SPSSODescriptor AuthnRequestsSigned="false" WantAssertionsSigned="true" protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol">',
    '    <md:NameIDFormat>urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress</md:NameIDFormat>',
    `    <md:AssertionConsumerService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST" Location="${escapeXml(urls.acs)}" index="0" isDefault="true"/>`,
    '  </md:SPSSODescriptor>',
    '</md:EntityDescriptor>',
    '',
  ].join('\n');
}
