// Issue bodies for the benchmarks: the account-recovery form as GitHub renders it, with varied
// answers, about 1.5 KB each, some of them incomplete. Deterministic (seeded).

const SENTENCES = [
  'I lost the phone that held my authenticator app when it was stolen on a train.',
  'My security key broke and I never saved the recovery codes that PyPI showed me.',
  'I reset my phone to factory settings and the TOTP secrets were not backed up anywhere.',
  'The authenticator app was on a work laptop that I had to hand back when I left the job.',
  'I can still sign in to the e-mail address on the account and can confirm it from there.',
  'I maintain a few small packages and need to publish a security fix for one of them.',
  'Please let me know what else you need from me to confirm that the account is mine.',
  'I tried every recovery code I could find in my password manager but none of them worked.',
];

/** A small deterministic PRNG (mulberry32). */
export function random(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const BOXES = {
  codes: 'I never generated or have lost access to the recovery codes for my account',
  conduct: 'I agree to follow the PSF Code of Conduct',
  ack: 'I understand that it may take a significant amount of time to process my account recovery request.',
};

/** One form body; `unchecked` names boxes left empty, `username` is the answer as typed. */
export function formBody({ username = '`some-user`', reason = SENTENCES[0], unchecked = [] } = {}) {
  const box = (key) => `- [${unchecked.includes(key) ? ' ' : 'X'}] ${BOXES[key]}`;
  return [
    '### PyPI Username',
    '',
    username,
    '',
    '### Reason for request',
    '',
    reason,
    '',
    '### Recovery Codes',
    '',
    box('codes'),
    '',
    '### Code of Conduct',
    '',
    box('conduct'),
    '',
    '### Acknowledgement',
    '',
    box('ack'),
    '',
  ].join('\n');
}

/** A reason of about `bytes` characters made of the sentences above, in a seeded order. */
export function reasonOf(rng, bytes) {
  const parts = [];
  let length = 0;
  while (length < bytes) {
    const sentence = SENTENCES[Math.floor(rng() * SENTENCES.length)];
    parts.push(sentence);
    length += sentence.length + 1;
  }
  return parts.join(rng() < 0.3 ? '\n\n' : ' ');
}

/**
 * `count` bodies of about 1.5 KB: four in five complete, the rest incomplete in one of the usual
 * ways (an e-mail address for a username, a box left empty, the username missing).
 */
export function benchBodies(count, seed = 7) {
  const rng = random(seed);
  const bodies = [];
  for (let i = 0; i < count; i++) {
    const reason = reasonOf(rng, 950 + Math.floor(rng() * 150));
    const kind = i % 5 === 4 ? Math.floor(rng() * 3) : -1;
    const username = kind === 0 ? `user${i}@example.com` : kind === 2 ? '_No response_' : `\`user-${i}\``;
    bodies.push(formBody({ username, reason, unchecked: kind === 1 ? ['conduct'] : [] }));
  }
  return bodies;
}
