/** Issue bodies the way GitHub renders the account-recovery form. */
export function formBody(options: { username?: string; reason?: string; unchecked?: string[] } = {}): string {
  const box = (label: string) => `- [${options.unchecked?.includes(label) ? ' ' : 'X'}] ${label}`;
  return [
    '### PyPI Username',
    '',
    options.username ?? '`requester-name`',
    '',
    '### Reason for request',
    '',
    options.reason ?? 'I lost the phone that held my authenticator app.',
    '',
    '### Recovery Codes',
    '',
    box('I never generated or have lost access to the recovery codes for my account'),
    '',
    '### Code of Conduct',
    '',
    box('I agree to follow the PSF Code of Conduct'),
    '',
    '### Acknowledgement',
    '',
    box('I understand that it may take a significant amount of time to process my account recovery request.'),
    '',
  ].join('\n');
}

export const CODE_OF_CONDUCT = 'I agree to follow the PSF Code of Conduct';
