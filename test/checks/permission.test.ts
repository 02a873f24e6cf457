import { meetsPermission } from '../../src/checks/permission.js';
import { PERMISSION_LEVELS } from '../../src/config/schema.js';

describe('meetsPermission', () => {
  test.each(PERMISSION_LEVELS.flatMap((actual, a) => PERMISSION_LEVELS.map((minimum, m) => [actual, minimum, a >= m] as const)))(
    '%s against minimum %s is %p',
    (actual, minimum, expected) => {
      expect(meetsPermission(actual, minimum)).toBe(expected);
    },
  );

  test('the levels are ordered read < triage < write < maintain < admin', () => {
    expect(meetsPermission('triage', 'triage')).toBe(true);
    expect(meetsPermission('read', 'triage')).toBe(false);
    expect(meetsPermission('write', 'maintain')).toBe(false);
    expect(meetsPermission('admin', 'maintain')).toBe(true);
  });

  test('the older push and pull names map to write and read', () => {
    expect(meetsPermission('push', 'write')).toBe(true);
    expect(meetsPermission('push', 'maintain')).toBe(false);
    expect(meetsPermission('pull', 'read')).toBe(true);
    expect(meetsPermission('pull', 'triage')).toBe(false);
  });

  test('case and surrounding spaces do not matter', () => {
    expect(meetsPermission(' Admin ', 'admin')).toBe(true);
  });

  test.each(['none', '', 'owner', 'security-manager', 'constructor', '__proto__', 'toString'])(
    'unknown value "%s" never passes, not even the lowest minimum',
    (actual) => {
      expect(meetsPermission(actual, 'read')).toBe(false);
    },
  );
});
