// @ts-check
import { createProjectGraphAsync } from '@nx/devkit';
import nx from '@nx/eslint-plugin';
import { defineConfig } from 'eslint/config';
import tseslint from 'typescript-eslint';

// @nx/enforce-module-boundaries only reads Nx's cached project graph and, when there is none
// (a fresh clone, CI), skips itself with a warning and lets every import through. Building the
// graph here keeps `eslint .` enforcing the boundaries on its own, without a prior `nx` command.
await createProjectGraphAsync({ exitOnError: true });

// No "*" source or target anywhere: a project without a matching tag fails the rule, so a new
// project has to be given a place in this table before it may import anything.
const boundaries = [
  { sourceTag: 'type:contracts', onlyDependOnLibsWithTags: [] },
  { sourceTag: 'type:platform', onlyDependOnLibsWithTags: ['type:contracts'] },
  { sourceTag: 'type:devstack', onlyDependOnLibsWithTags: ['type:contracts', 'type:platform'] },
  { sourceTag: 'type:service', onlyDependOnLibsWithTags: ['type:contracts', 'type:platform'] },
  { sourceTag: 'type:app', onlyDependOnLibsWithTags: ['type:contracts'] },
];

// Tests drive the real stack through devstack (DESIGN.md: no mocks of the bus, the database or
// the object store), so a service's tests may import it and the shared helpers in the root
// test/support/, which belongs to no project; services still never import each other.
const testBoundaries = boundaries.map((c) =>
  c.sourceTag === 'type:service' ? { ...c, onlyDependOnLibsWithTags: [...c.onlyDependOnLibsWithTags, 'type:devstack'] } : c,
);

const testFiles = ['**/*.spec.ts', '**/test/**/*.ts'];

// A service throws its own error class, which only takes its own reasons and the common ones
// (libs/contracts/src/common/service-errors.ts): never a bare ServiceError, never another's.
const serviceErrorClasses = { auth: 'AuthError', users: 'UsersError', files: 'FilesError', chat: 'ChatError', billing: 'BillingError' };
const ownErrorClassOnly = Object.entries(serviceErrorClasses).map(([service, own]) => ({
  files: [`services/${service}/src/**/*.ts`],
  ignores: testFiles,
  rules: {
    'no-restricted-syntax': [
      'error',
      {
        selector: `NewExpression[callee.name=/^(ServiceError|${Object.values(serviceErrorClasses).join('|')})$/]:not([callee.name='${own}'])`,
        message: `${service} throws ${own}, which takes its own reasons and the common ones.`,
      },
    ],
  },
}));

export default defineConfig(
  { ignores: ['**/dist/', '**/node_modules/', '**/coverage/', '.data/', '.nx/'] },
  {
    linterOptions: { reportUnusedDisableDirectives: 'error' },
  },
  {
    // Scripts (tools/, jest's global setup, this file) are linted as plain JS: without type
    // information, so only the rules that need none.
    files: ['**/*.{js,mjs,cjs}'],
    rules: {
      'no-unused-vars': 'error',
      'no-unreachable': 'error',
      'no-dupe-keys': 'error',
      'no-self-assign': 'error',
    },
  },
  {
    files: ['**/*.{ts,tsx}'],
    plugins: { '@nx': nx, '@typescript-eslint': tseslint.plugin },
    languageOptions: {
      parser: tseslint.parser,
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      // A default clause counts as handling the rest (as in immich); a switch written without
      // one, like the gateway's map from error code to status, must name every member.
      '@typescript-eslint/switch-exhaustiveness-check': ['error', { considerDefaultExhaustiveForUnions: true }],
      // With type information the rule sees emitDecoratorMetadata in tsconfig.base.json and
      // leaves every file that has a decorator alone, so a Nest constructor parameter type that
      // the metadata needs is never turned into a type-only import.
      '@typescript-eslint/consistent-type-imports': ['error', { prefer: 'type-imports', fixStyle: 'inline-type-imports' }],
      '@nx/enforce-module-boundaries': ['error', { enforceBuildableLibDependency: true, depConstraints: boundaries }],
    },
  },
  {
    // Specs are excluded from each package's tsconfig.json (they must not reach dist/), so the
    // project service would not find them; tsconfig.spec.json is the one ts-jest compiles them with.
    files: testFiles,
    languageOptions: {
      parserOptions: { projectService: false, project: './tsconfig.spec.json' },
    },
    rules: {
      '@nx/enforce-module-boundaries': [
        'error',
        {
          enforceBuildableLibDependency: true,
          allow: ['^(\\.\\./)+test/support/'],
          // An e2e test may use its own lib through the public entry point, as a user would.
          allowCircularSelfDependency: true,
          depConstraints: testBoundaries,
        },
      ],
    },
  },
  ...ownErrorClassOnly,
);
