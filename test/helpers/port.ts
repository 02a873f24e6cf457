import { createServer } from 'node:net';

/**
 * A free loopback port. Probot's Server turns `port: 0` into 3000 (`options.port || 3000`), so
 * test files that start a server ask for a free port instead of colliding on 3000.
 */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}
