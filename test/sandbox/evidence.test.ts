import nock from 'nock';
import { Sandbox } from '../../src/sandbox/index.js';
import { SANDBOX_REQUESTER_ID, SANDBOX_TOKEN } from '../../src/sandbox/evidence.js';

const BOXES = {
  e3: ['I never generated or have lost access to the recovery codes for my account'],
  e4: ['I agree to follow the PSF Code of Conduct'],
  e5: ['I understand that it may take a significant amount of time to process my account recovery request.'],
};

describe('the sandbox shows the evidence and runs /recovery branch (its own PyPI stand-in on loopback)', () => {
  let sandbox: Sandbox;
  beforeAll(() => {
    nock.disableNetConnect();
    nock.enableNetConnect(/127\.0\.0\.1|localhost/);
  });
  afterAll(() => nock.enableNetConnect());
  beforeEach(async () => {
    sandbox = await Sandbox.create({ now: '2026-11-20T10:00:00Z' });
  });
  afterEach(async () => {
    expect(sandbox.gh.unexpected).toEqual([]);
    await sandbox.close();
  });

  test('a request for requester-pypi gets the section; alice looks up the branch', async () => {
    const { number } = await sandbox.openIssue({
      as: 'requester',
      title: 'Account recovery request',
      answers: { e1: '`requester-pypi`', e2: 'Lost my phone.', ...BOXES },
    });
    const status = sandbox.gh.comments(sandbox.repo, number).find((c) => c.body.includes('recovery-triage:status'))?.body ?? '';
    expect(status).toContain('<details><summary>Evidence for maintainers</summary>');
    expect(status).toContain(`| provenance | [requester](https://github.com/requester) (id ${SANDBOX_REQUESTER_ID}) | yes |`);
    expect(status).toContain('| self-declared | [old\\-helper\\-org](https://github.com/old-helper-org) (id 88001) | no |');
    expect(status).toContain("under a login equal to the requester's");

    await sandbox.comment(number, 'alice', `/recovery branch requester/sandbox-lib ${SANDBOX_TOKEN}`);
    const replies = sandbox.gh
      .comments(sandbox.repo, number)
      .filter((c) => c.user === sandbox.gh.botLogin && !c.body.includes('recovery-triage:status'));
    const reply = replies.at(-1)?.body ?? '';
    expect(reply).toContain(`A branch \`${SANDBOX_TOKEN.slice(0, 4)}…\` exists in`);
    expect(reply).toContain('is in the evidence table (project sandbox\\-lib)');
    expect(replies.map((r) => r.body).join('\n')).not.toContain(SANDBOX_TOKEN);
  });
});
