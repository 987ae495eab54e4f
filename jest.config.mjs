/**
 * Two projects: `unit` (no network, beside the code) and `e2e` (real NATS with JetStream,
 * dynalite, s3rver, Chroma and the compiled services, started once per run in globalSetup).
 * ESM throughout: jose, oidc-provider and NestJS 12 are ESM-only.
 */
const common = {
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts'],
  transform: {
    '^.+\\.ts$': ['ts-jest', { useESM: true, tsconfig: '<rootDir>/tsconfig.spec.json' }],
  },
  moduleNameMapper: {
    '^@tasksensei/(contracts|platform|devstack)$': '<rootDir>/libs/$1/src/index.ts',
    '^(\\.{1,2}/.*)\\.js$': '$1',
  },
  modulePathIgnorePatterns: ['<rootDir>/.*/dist/'],
};

export default {
  // Speed is the bench's business: a test across processes on a busy shared machine must not fail
  // for taking more than Jest's 5 s default (tests wait with their own deadlines). Jest reads this
  // from the top level only, not per project.
  testTimeout: 30_000,
  projects: [
    {
      ...common,
      displayName: 'unit',
      testMatch: [
        '<rootDir>/{libs,services}/*/src/**/*.spec.ts',
        '<rootDir>/deploy/test/**/*.spec.ts',
        '<rootDir>/apps/*/test/**/*.spec.ts',
      ],
      testPathIgnorePatterns: ['\\.e2e\\.spec\\.ts$'],
    },
    {
      // Tests that start stacks of their own (the cluster, `npm start` as a process) or the one
      // store they test (repository contract suites on a dynalite of their own): no globalSetup,
      // so the shared single stack is not started for nothing beside them.
      ...common,
      displayName: 'stacks',
      testMatch: ['<rootDir>/test/stacks/**/*.e2e.spec.ts', '<rootDir>/{libs,services}/*/test/**/*.contract.spec.ts'],
      slowTestThreshold: 120,
    },
    {
      ...common,
      displayName: 'e2e',
      testMatch: [
        '<rootDir>/{libs,services}/*/{src,test}/**/*.e2e.spec.ts',
        '<rootDir>/test/**/*.e2e.spec.ts',
        '<rootDir>/apps/*/test/**/*.e2e.spec.ts',
      ],
      testPathIgnorePatterns: ['<rootDir>/test/stacks/'],
      globalSetup: '<rootDir>/test/global-setup.mjs',
      globalTeardown: '<rootDir>/test/global-teardown.mjs',
      slowTestThreshold: 30,
    },
  ],
};
