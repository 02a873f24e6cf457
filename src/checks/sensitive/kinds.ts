/** What can be found; the order is also the priority when two findings cover the same text. */
export type SensitiveKind =
  | 'pypi-token'
  | 'recovery-codes'
  | 'totp-secret'
  | 'otpauth-uri'
  | 'github-token'
  | 'private-key'
  | 'password'
  | 'email'
  | 'identity-document';

/** Secrets must be revoked or rotated; personal data is only unwise to publish. */
export type SensitiveCategory = 'secret' | 'personal';

/** `[start, end)` is the exact span to redact: the value, not the label in front of it. */
export interface Finding {
  kind: SensitiveKind;
  category: SensitiveCategory;
  start: number;
  end: number;
}

export interface KindInfo {
  category: SensitiveCategory;
  /** Names the kind in markers and warnings; never contains `]`. */
  title: string;
  /** Plain text telling the person what to do now. */
  advice: string;
}

export const SENSITIVE_KINDS: Record<SensitiveKind, KindInfo> = {
  'pypi-token': {
    category: 'secret',
    title: 'PyPI API token',
    advice:
      'Treat this token as compromised: anyone who saw it can upload releases to your projects. If you can still sign in, delete it under "API tokens" at https://pypi.org/manage/account/ ; if you cannot, say so in this issue without repeating the token, so an admin can revoke it.',
  },
  'recovery-codes': {
    category: 'secret',
    title: 'PyPI recovery code',
    advice:
      'Recovery codes posted here are public, and anyone can use them to take over your account. Once you can sign in again, generate new recovery codes in your PyPI account settings, which makes the old ones useless. Never post recovery codes; the admins never ask for them.',
  },
  'totp-secret': {
    category: 'secret',
    title: 'two-factor secret',
    advice:
      'Anyone with this secret can generate your two-factor codes. Once you can sign in again, remove this authenticator from your PyPI account and set up a new one. Never share the secret or its QR code.',
  },
  'otpauth-uri': {
    category: 'secret',
    title: 'authenticator setup link',
    advice:
      'This link contains your two-factor secret, so anyone who saw it can generate your codes. Once you can sign in again, remove this authenticator from your PyPI account and set up a new one. Never share the link or its QR code.',
  },
  'github-token': {
    category: 'secret',
    title: 'GitHub token',
    advice:
      'Anyone who saw this token can act as you on GitHub. Revoke it now at https://github.com/settings/tokens (or in the app that created it) and create a new one if you still need it.',
  },
  'private-key': {
    category: 'secret',
    title: 'private key',
    advice:
      'Treat this key as compromised: remove it everywhere it is trusted (GitHub SSH keys, servers, signing setups) and create a new key pair. Only the public half of a key may ever be shared.',
  },
  password: {
    category: 'secret',
    title: 'password',
    advice:
      'Change this password now, everywhere you used it; if you cannot sign in, use "Forgot password?" on the PyPI login page. The admins never need your password.',
  },
  email: {
    category: 'personal',
    title: 'e-mail address',
    advice:
      'Your e-mail address is now visible to everyone. The admins contact you through the address on your PyPI account, so you do not need to post it here; edit it out unless you want it public.',
  },
  'identity-document': {
    category: 'personal',
    title: 'identity document',
    advice:
      'Never post identity documents or photos of them: the PyPI admins never ask for them in an issue. Removing the link does not delete the uploaded file, so ask GitHub Support to delete it.',
  },
};

export const KIND_ORDER = Object.keys(SENSITIVE_KINDS) as SensitiveKind[];

export function markerFor(kind: SensitiveKind): string {
  return `[redacted: ${SENSITIVE_KINDS[kind].title}]`;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Matches every marker `redactSensitive` writes, so detection can skip its own output. */
export const MARKER_RE = new RegExp(`\\[redacted: (?:${KIND_ORDER.map((k) => escapeRegExp(SENSITIVE_KINDS[k].title)).join('|')})\\]`, 'g');

/** Kinds whose redaction markers stand in a text: what was found there before it was redacted. */
export function redactedKindsIn(text: string): SensitiveKind[] {
  if (!text.includes('[redacted: ')) return [];
  return KIND_ORDER.filter((kind) => text.includes(markerFor(kind)));
}
