import { AsnConvert } from '@peculiar/asn1-schema';
import { Certificate } from '@peculiar/asn1-x509';
import { FULCIO_OIDS, fulcioIdentity, fulcioIdentityOfBase64 } from '../../src/evidence/fulcio.js';
import { fulcioCertificate } from '../../src/standin/pypi/index.js';

describe('Fulcio certificate identity', () => {
  const der = fulcioCertificate({ repository: 'octo-org/octo-lib', repositoryId: 123456789, ownerId: 424242, at: '2026-01-02T03:04:05Z' });

  test('a real-shaped certificate (X.509 v3, signed, the two id extensions) gives both numeric ids', () => {
    // The bytes are a certificate any X.509 parser reads: version 3, a signature, Sigstore's extensions.
    const cert = AsnConvert.parse(der, Certificate);
    expect(cert.tbsCertificate.version).toBe(2);
    expect(cert.signatureValue.byteLength).toBeGreaterThan(60);
    const oids = (cert.tbsCertificate.extensions ?? []).map((e) => e.extnID);
    expect(oids).toEqual(
      expect.arrayContaining([FULCIO_OIDS.sourceRepositoryIdentifier, FULCIO_OIDS.sourceRepositoryOwnerIdentifier, '2.5.29.17']),
    );
    expect(fulcioIdentity(der)).toEqual({
      repositoryUri: 'https://github.com/octo-org/octo-lib',
      repositoryId: 123456789,
      ownerId: 424242,
    });
    expect(fulcioIdentityOfBase64(Buffer.from(der).toString('base64'))).toEqual(fulcioIdentity(der));
  });

  test('garbage, truncated bytes and non-base64 text give null, never a throw', () => {
    expect(fulcioIdentity(new Uint8Array([0x30, 0x03, 0x02, 0x01]))).toBeNull();
    expect(fulcioIdentity(der.subarray(0, der.length - 10))).toBeNull();
    expect(fulcioIdentity(new Uint8Array(0))).toBeNull();
    expect(fulcioIdentityOfBase64('<script>')).toBeNull();
    expect(fulcioIdentityOfBase64(42)).toBeNull();
  });

  test('an id extension that is not a number is null on its own', () => {
    const odd = fulcioCertificate({ repository: 'a/b', repositoryId: -1 as number, ownerId: 7 });
    expect(fulcioIdentity(odd)).toEqual({ repositoryUri: 'https://github.com/a/b', repositoryId: null, ownerId: 7 });
  });
});
