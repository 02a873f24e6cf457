import { generateKeyPairSync, sign } from 'node:crypto';
import { AsnConvert, OctetString } from '@peculiar/asn1-schema';
import {
  AlgorithmIdentifier,
  AttributeTypeAndValue,
  AttributeValue,
  Certificate,
  Extension,
  Extensions,
  GeneralName,
  Name,
  RelativeDistinguishedName,
  SubjectAlternativeName,
  SubjectPublicKeyInfo,
  TBSCertificate,
  Validity,
  Version,
} from '@peculiar/asn1-x509';

/** What a Fulcio certificate for a GitHub Actions workflow says about its source. */
export interface SigningIdentity {
  /** `owner/name` of the source repository. */
  repository: string;
  repositoryId: number;
  ownerId: number;
  workflow?: string;
  ref?: string;
  /** Signing time; the certificate is valid ten minutes from it, as Fulcio's are. */
  at?: string;
}

const ECDSA_SHA384 = '1.2.840.10045.4.3.3';
const SIGSTORE = '1.3.6.1.4.1.57264.1';

/** A DER UTF8String, as Fulcio encodes extensions .8 to .22. */
function utf8(value: string): ArrayBuffer {
  const bytes = Buffer.from(value, 'utf8');
  const length =
    bytes.length < 0x80 ? [bytes.length] : bytes.length < 0x100 ? [0x81, bytes.length] : [0x82, bytes.length >> 8, bytes.length & 0xff];
  const der = Buffer.concat([Buffer.from([0x0c, ...length]), bytes]);
  return der.buffer.slice(der.byteOffset, der.byteOffset + der.byteLength) as ArrayBuffer;
}

function ext(oid: string, value: ArrayBuffer, critical = false): Extension {
  return new Extension({ extnID: oid, critical, extnValue: new OctetString(value) });
}

function name(parts: [string, string][]): Name {
  return new Name(
    parts.map(
      ([type, value]) =>
        new RelativeDistinguishedName([new AttributeTypeAndValue({ type, value: new AttributeValue({ utf8String: value }) })]),
    ),
  );
}

let issuerKey: ReturnType<typeof generateKeyPairSync> | null = null;

/**
 * A certificate shaped like the ones Fulcio issues to GitHub Actions (sigstore/fulcio
 * docs/oid-info.md): an ephemeral P-256 key, the workflow URI as the subject alternative name, and
 * the source repository's URI, numeric id (.15) and owner's numeric id (.17) as extensions. Signed
 * by a stand-in intermediate ("sigstore-intermediate"), not Sigstore's: good for parsing, never
 * for verification. Returns DER bytes.
 */
export function fulcioCertificate(identity: SigningIdentity): Uint8Array {
  issuerKey ??= generateKeyPairSync('ec', { namedCurve: 'secp384r1' });
  const leaf = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  const spki = leaf.publicKey.export({ type: 'spki', format: 'der' });
  const at = new Date(identity.at ?? Date.now());
  const workflow = identity.workflow ?? 'release.yml';
  const ref = identity.ref ?? 'refs/tags/v1.0.0';
  const repoUri = `https://github.com/${identity.repository}`;
  const signer = `${repoUri}/.github/workflows/${workflow}@${ref}`;
  const san = new SubjectAlternativeName([new GeneralName({ uniformResourceIdentifier: signer })]);
  const tbs = new TBSCertificate({
    version: Version.v3,
    serialNumber: new Uint8Array([0x01, ...Buffer.from(String(identity.repositoryId).padStart(8, '0')).subarray(0, 19)]).buffer,
    signature: new AlgorithmIdentifier({ algorithm: ECDSA_SHA384 }),
    issuer: name([
      ['2.5.4.10', 'sigstore.dev'],
      ['2.5.4.3', 'sigstore-intermediate'],
    ]),
    validity: new Validity({ notBefore: at, notAfter: new Date(at.getTime() + 10 * 60_000) }),
    subject: new Name([]),
    subjectPublicKeyInfo: AsnConvert.parse(spki, SubjectPublicKeyInfo),
    extensions: new Extensions([
      ext('2.5.29.15', new Uint8Array([0x03, 0x02, 0x07, 0x80]).buffer, true),
      ext('2.5.29.37', new Uint8Array([0x30, 0x0a, 0x06, 0x08, 0x2b, 0x06, 0x01, 0x05, 0x05, 0x07, 0x03, 0x03]).buffer),
      ext('2.5.29.17', AsnConvert.serialize(san), true),
      ext(`${SIGSTORE}.1`, new TextEncoder().encode('https://token.actions.githubusercontent.com').buffer as ArrayBuffer),
      ext(`${SIGSTORE}.8`, utf8('https://token.actions.githubusercontent.com')),
      ext(`${SIGSTORE}.9`, utf8(signer)),
      ext(`${SIGSTORE}.11`, utf8('github-hosted')),
      ext(`${SIGSTORE}.12`, utf8(repoUri)),
      ext(`${SIGSTORE}.14`, utf8(ref)),
      ext(`${SIGSTORE}.15`, utf8(String(identity.repositoryId))),
      ext(`${SIGSTORE}.16`, utf8(`https://github.com/${identity.repository.split('/')[0]}`)),
      ext(`${SIGSTORE}.17`, utf8(String(identity.ownerId))),
      ext(`${SIGSTORE}.18`, utf8(signer)),
      ext(`${SIGSTORE}.20`, utf8('push')),
    ]),
  });
  const tbsDer = AsnConvert.serialize(tbs);
  const signature = sign('sha384', Buffer.from(tbsDer), issuerKey.privateKey);
  const certificate = new Certificate({
    tbsCertificate: tbs,
    signatureAlgorithm: new AlgorithmIdentifier({ algorithm: ECDSA_SHA384 }),
    signatureValue: signature.buffer.slice(signature.byteOffset, signature.byteOffset + signature.byteLength) as ArrayBuffer,
  });
  return new Uint8Array(AsnConvert.serialize(certificate));
}
