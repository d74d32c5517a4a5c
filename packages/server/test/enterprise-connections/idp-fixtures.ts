import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface TestCertificate {
  pem: string;
  /** The base64 DER, as `<ds:X509Certificate>` holds it. */
  base64: string;
}

/**
 * A self-signed IdP certificate made now with the machine's `openssl` (node:crypto cannot
 * sign certificates): valid from now for `days` days.
 */
export function makeCertificate(commonName: string, days = 365): TestCertificate {
  const dir = mkdtempSync(join(tmpdir(), 'castellan-idp-'));
  try {
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-keyout',
        join(dir, 'key.pem'),
        '-out',
        join(dir, 'cert.pem'),
        '-subj',
        `/CN=${commonName}`,
        '-days',
        String(days),
      ],
      { stdio: 'ignore' },
    );
    const pem = readFileSync(join(dir, 'cert.pem'), 'utf8');
    const base64 = pem.replace(/-----[A-Z ]+-----/g, '').replace(/\s+/g, '');
    return { pem, base64 };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** IdP metadata as Okta or Entra ID publish it (prefixed namespaces, two bindings). */
export function idpMetadataXml(entityId: string, ssoUrl: string, certificate: TestCertificate) {
  return `<?xml version="1.0" encoding="UTF-8"?>
<md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" entityID="${entityId}">
  <md:IDPSSODescriptor WantAuthnRequestsSigned="false" protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol">
    <md:KeyDescriptor use="signing">
      <ds:KeyInfo xmlns:ds="http://www.w3.org/2000/09/xmldsig#">
        <ds:X509Data><ds:X509Certificate>${certificate.base64}</ds:X509Certificate></ds:X509Data>
      </ds:KeyInfo>
    </md:KeyDescriptor>
    <md:NameIDFormat>urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress</md:NameIDFormat>
    <md:SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST" Location="${ssoUrl}/post"/>
    <md:SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect" Location="${ssoUrl}"/>
  </md:IDPSSODescriptor>
</md:EntityDescriptor>
`;
}

export interface DocumentServer {
  /** `http://127.0.0.1:<port>` */
  url: string;
  /** Paths requested, in order. */
  seen: string[];
  close(): Promise<void>;
}

/** A loopback HTTP server answering each path with `handler` (an IdP serving documents). */
export async function startDocumentServer(
  handler: (req: IncomingMessage, res: ServerResponse, url: string) => void,
): Promise<DocumentServer> {
  const seen: string[] = [];
  let base = '';
  const server = createServer((req, res) => {
    seen.push(req.url ?? '');
    handler(req, res, base);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: base,
    seen,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
