/** @type {import('jest').Config} */
export default {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  transform: { '^.+\\.ts$': ['ts-jest', { useESM: true, tsconfig: 'tsconfig.json' }] },
  extensionsToTreatAsEsm: ['.ts'],
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  testMatch: ['**/*.test.ts'],
  // Generous per-test time: suites share two cores with servers, browsers and redis-server.
  testTimeout: 30_000,
  // Two workers, each recycled once it holds more than this after a suite: one process running
  // every suite in ESM mode grows until it runs out of heap.
  maxWorkers: 2,
  workerIdleMemoryLimit: '1GB',
};
