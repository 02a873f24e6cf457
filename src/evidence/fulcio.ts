import { AsnConvert } from '@peculiar/asn1-schema';
import { Certificate } from '@peculiar/asn1-x509';

/** Sigstore's Fulcio certificate extensions (sigstore/fulcio docs/oid-info.md). */
export const FULCIO_OIDS = {
  sourceRepositoryUri: '1.3.6.1.4.1.57264.1.12',
  sourceRepositoryIdentifier: '1.3.6.1.4.1.57264.1.15',
  sourceRepositoryOwnerIdentifier: '1.3.6.1.4.1.57264.1.17',
} as const;

export interface FulcioIdentity {
  /** Source Repository URI, e.g. https://github.com/owner/repo. */
  repositoryUri: string | null;
  /** Numeric GitHub id of the source repository. */
  repositoryId: number | null;
  /** Numeric GitHub id of the repository's owner. */
  ownerId: number | null;
}

/** Most bytes of a certificate read (Fulcio's are about 3 KB). */
const MAX_CERTIFICATE = 16_384;

/**
 * The repository ids a Fulcio signing certificate carries, from its DER bytes (as PEP 740
 * provenance gives them, base64). Extensions .8 to .22 hold a DER UTF8String each. Null when the
 * bytes are not a certificate; a missing or malformed extension is null on its own.
 */
export function fulcioIdentity(der: Uint8Array): FulcioIdentity | null {
  if (der.byteLength === 0 || der.byteLength > MAX_CERTIFICATE) return null;
  let certificate: Certificate;
  try {
    certificate = AsnConvert.parse(der, Certificate);
  } catch {
    return null;
  }
  const values = new Map<string, string>();
  for (const extension of certificate.tbsCertificate.extensions ?? []) {
    const value = utf8String(new Uint8Array(extension.extnValue.buffer));
    if (value !== null) values.set(extension.extnID, value);
  }
  const uri = values.get(FULCIO_OIDS.sourceRepositoryUri) ?? null;
  return {
    repositoryUri: uri,
    repositoryId: numericId(values.get(FULCIO_OIDS.sourceRepositoryIdentifier)),
    ownerId: numericId(values.get(FULCIO_OIDS.sourceRepositoryOwnerIdentifier)),
  };
}

/** The certificate of base64 text (standard or URL-safe), or null when it is not base64. */
export function fulcioIdentityOfBase64(text: unknown): FulcioIdentity | null {
  if (typeof text !== 'string' || text.length > MAX_CERTIFICATE * 2 || !/^[A-Za-z0-9+/_=\s-]+$/.test(text)) return null;
  return fulcioIdentity(new Uint8Array(Buffer.from(text.replace(/\s+/g, ''), 'base64')));
}

function numericId(value: string | undefined): number | null {
  if (value === undefined || !/^\d{1,15}$/.test(value)) return null;
  const n = Number(value);
  return Number.isSafeInteger(n) ? n : null;
}

/** One DER UTF8String (tag 0x0C, definite length), or null. */
function utf8String(bytes: Uint8Array): string | null {
  if (bytes.length < 2 || bytes[0] !== 0x0c) return null;
  let length = bytes[1] as number;
  let offset = 2;
  if (length & 0x80) {
    const count = length & 0x7f;
    if (count === 0 || count > 2 || bytes.length < 2 + count) return null;
    length = 0;
    for (let i = 0; i < count; i++) length = (length << 8) | (bytes[2 + i] as number);
    offset = 2 + count;
  }
  if (offset + length !== bytes.length) return null;
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(offset));
  } catch {
    return null;
  }
}
