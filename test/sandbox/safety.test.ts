import {
  hasAppCredentials,
  isLoopback,
  listenHost,
  loopbackHostHeader,
  sameOriginWrite,
  sandboxDecision,
} from '../../src/sandbox/safety.js';

describe('sandboxDecision: off whenever app credentials are set, unless SANDBOX=true', () => {
  const key = '-----BEGIN RSA PRIVATE KEY-----\nabc\n-----END RSA PRIVATE KEY-----';

  test.each([
    ['no credentials', {}, {}, true],
    ['APP_ID alone is no credentials', { APP_ID: '123' }, {}, true],
    ['a key alone is no credentials', { PRIVATE_KEY: key }, {}, true],
    ['APP_ID and PRIVATE_KEY', { APP_ID: '123', PRIVATE_KEY: key }, {}, false],
    ['APP_ID and PRIVATE_KEY_PATH', { APP_ID: '123', PRIVATE_KEY_PATH: 'key.pem' }, {}, false],
    ['APP_ID and a .pem in the working directory', { APP_ID: '123' }, { keyFile: true }, false],
    ['credentials and SANDBOX=true', { APP_ID: '123', PRIVATE_KEY: key, SANDBOX: 'true' }, {}, true],
    ['credentials and SANDBOX=TRUE', { APP_ID: '123', PRIVATE_KEY: key, SANDBOX: 'TRUE' }, {}, true],
    ['credentials and SANDBOX=1 (only "true" turns it on)', { APP_ID: '123', PRIVATE_KEY: key, SANDBOX: '1' }, {}, false],
    ['credentials and SANDBOX=yes', { APP_ID: '123', PRIVATE_KEY: key, SANDBOX: 'yes' }, {}, false],
    ['SANDBOX=false without credentials', { SANDBOX: 'false' }, {}, false],
    ['SANDBOX=0 without credentials', { SANDBOX: '0' }, {}, false],
    ['empty APP_ID is unset', { APP_ID: ' ', PRIVATE_KEY: key }, {}, true],
  ])('%s', (_name, env, options, enabled) => {
    const decision = sandboxDecision(env as NodeJS.ProcessEnv, options);
    expect(decision.enabled).toBe(enabled);
    expect(decision.reason).not.toBe('');
  });

  test('the reasons say what to do, and never quote the key', () => {
    const off = sandboxDecision({ APP_ID: '123', PRIVATE_KEY: key });
    expect(off.reason).toMatch(/SANDBOX=true/);
    expect(off.reason).not.toContain('BEGIN');
    expect(sandboxDecision({ APP_ID: '123', PRIVATE_KEY: key, SANDBOX: 'true' }).reason).toMatch(/never uses them/);
  });

  test('hasAppCredentials reads the environment as bin/start.js does', () => {
    expect(hasAppCredentials({ APP_ID: '1', PRIVATE_KEY_PATH: 'x.pem' })).toBe(true);
    expect(hasAppCredentials({ APP_ID: '1' })).toBe(false);
    expect(hasAppCredentials({ APP_ID: '1' }, { keyFile: true })).toBe(true);
  });
});

describe('listening', () => {
  test.each(['127.0.0.1', '127.1.2.3', 'localhost', 'LOCALHOST', '::1', '[::1]', '::ffff:127.0.0.1', 'app.localhost'])(
    '%s is loopback',
    (host) => {
      expect(isLoopback(host)).toBe(true);
    },
  );

  test.each(['0.0.0.0', '::', '192.168.1.10', '10.0.0.1', 'example.com', 'localhost.example.com', '128.0.0.1', ''])(
    '%s is not loopback',
    (host) => {
      expect(isLoopback(host)).toBe(false);
    },
  );

  test('loopback by default; HOST elsewhere is allowed with a warning', () => {
    expect(listenHost({})).toEqual({ host: '127.0.0.1', warning: null });
    expect(listenHost({ HOST: 'localhost' })).toEqual({ host: 'localhost', warning: null });
    const open = listenHost({ HOST: '0.0.0.0' });
    expect(open.host).toBe('0.0.0.0');
    expect(open.warning).toMatch(/HOST=0\.0\.0\.0.*beyond this machine/);
  });

  test('the Host header must name loopback (no DNS rebinding)', () => {
    expect(loopbackHostHeader('127.0.0.1:3000')).toBe(true);
    expect(loopbackHostHeader('localhost:3000')).toBe(true);
    expect(loopbackHostHeader('[::1]:3000')).toBe(true);
    expect(loopbackHostHeader('localhost')).toBe(true);
    expect(loopbackHostHeader('evil.example:3000')).toBe(false);
    expect(loopbackHostHeader('127.0.0.1.evil.example')).toBe(false);
    expect(loopbackHostHeader(undefined)).toBe(false);
  });
});

describe('sameOriginWrite', () => {
  test('a JSON body from the page itself (or with no Origin, e.g. curl) is accepted', () => {
    expect(sameOriginWrite({ 'content-type': 'application/json', host: '127.0.0.1:3000', origin: 'http://127.0.0.1:3000' })).toBeNull();
    expect(sameOriginWrite({ 'content-type': 'application/json; charset=utf-8', host: '127.0.0.1:3000' })).toBeNull();
  });

  test('form posts and other sites are refused', () => {
    expect(sameOriginWrite({ 'content-type': 'application/x-www-form-urlencoded', host: '127.0.0.1:3000' })).toMatch(/JSON/);
    expect(sameOriginWrite({ 'content-type': 'text/plain', host: '127.0.0.1:3000' })).toMatch(/JSON/);
    expect(sameOriginWrite({ host: '127.0.0.1:3000' })).toMatch(/JSON/);
    expect(sameOriginWrite({ 'content-type': 'application/json', host: '127.0.0.1:3000', origin: 'https://evil.example' })).toMatch(
      /origin/,
    );
    expect(sameOriginWrite({ 'content-type': 'application/json', host: '127.0.0.1:3000', origin: 'null' })).toMatch(/origin/);
  });
});
