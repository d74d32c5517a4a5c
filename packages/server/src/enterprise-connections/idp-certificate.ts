import { X509Certificate } from 'node:crypto';
import { apiErrors } from '../errors/api-errors.js';

export interface IdpCertificate {
  /** Normalised PEM (64-column base64 between the BEGIN/END lines). */
  pem: string;
  issuedAt: number;
  expiresAt: number;
}

/** The base64 body of a PEM certificate, or a bare base64 DER as metadata carries it. */
function derOf(text: string): Buffer | undefined {
  const body = text
    .replace(/-----BEGIN CERTIFICATE-----/, '')
    .replace(/-----END CERTIFICATE-----/, '')
    .replace(/\s+/g, '');
  if (body === '' || !/^[A-Za-z0-9+/]+={0,2}$/.test(body)) return undefined;
  return Buffer.from(body, 'base64');
}

/**
 * Parses and checks an IdP signing certificate with node:crypto: it must be one X.509
 * certificate, currently valid (an expired one could never verify a response). Its
 * validity window becomes `idp_certificate_issued_at` / `expires_at`.
 */
export function parseIdpCertificate(param: string, text: string, nowMs: number): IdpCertificate {
  const der = derOf(text.trim());
  if (der === undefined) throw apiErrors.samlCertificateInvalid(param, 'it is not PEM or base64');
  let certificate: X509Certificate;
  try {
    certificate = new X509Certificate(der);
  } catch (error) {
    throw apiErrors.samlCertificateInvalid(param, (error as Error).message);
  }
  const issuedAt = Date.parse(certificate.validFrom);
  const expiresAt = Date.parse(certificate.validTo);
  if (Number.isNaN(issuedAt) || Number.isNaN(expiresAt)) {
    throw apiErrors.samlCertificateInvalid(param, 'its validity dates cannot be read');
  }
  if (expiresAt <= nowMs) {
    throw apiErrors.samlCertificateExpired(param, new Date(expiresAt).toISOString());
  }
  const base64 = certificate.raw.toString('base64');
  const lines = base64.match(/.{1,64}/g) ?? [];
  const pem = `-----BEGIN CERTIFICATE-----\n${lines.join('\n')}\n-----END CERTIFICATE-----\n`;
  return { pem, issuedAt, expiresAt };
}
