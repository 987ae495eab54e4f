/**
 * What each service image carries, checked offline from the Dockerfile and package-lock.json.
 *
 * The Dockerfile's prod-deps stage runs `npm ci --omit=dev --omit=optional --omit=peer
 * --workspace services/<name>`: this test walks the same tree in the lockfile (regular
 * `dependencies` edges from the service's workspace, resolved as Node resolves them) and checks
 * that it holds everything the service's code imports at run time and nothing it must not ship
 * (emulators, TypeScript, npm, the Chroma server, another service). The sizes measured from that
 * install are in docs/operations.md#build-and-push-the-images.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const SERVICES = ['gateway', 'auth', 'users', 'files', 'chat', 'billing'] as const;

interface LockEntry {
  name?: string;
  version?: string;
  link?: boolean;
  resolved?: string;
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
}
const lock = JSON.parse(readFileSync(join(ROOT, 'package-lock.json'), 'utf8')) as { packages: Record<string, LockEntry> };
const rootPackage = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
  engines: { node: string };
  devDependencies: Record<string, string>;
};
const dockerfile = readFileSync(join(ROOT, 'Dockerfile'), 'utf8');

/** Where Node finds `name` from a package installed at `from` (a lockfile key). */
function resolveFrom(from: string, name: string): string | undefined {
  let dir = from;
  for (;;) {
    const candidate = dir ? `${dir}/node_modules/${name}` : `node_modules/${name}`;
    if (lock.packages[candidate]) return candidate;
    if (!dir) return undefined;
    const parent = dir.lastIndexOf('/node_modules/');
    dir = parent >= 0 ? dir.slice(0, parent) : '';
  }
}

/**
 * The packages (name -> lockfile key) `npm ci --omit=dev --omit=optional --omit=peer --workspace`
 * installs for the service: everything reachable from its workspace over any edge (npm installs
 * the subtree), less the nodes the lockfile flags dev, optional, devOptional or peer. The flags
 * are global to the lockfile: a package another workspace needs as a regular dependency is not
 * optional, even when this service reaches it through an optional edge only.
 */
function productionTree(service: string): { packages: Map<string, string>; missing: string[] } {
  const packages = new Map<string, string>();
  const missing: string[] = [];
  const queue = [`services/${service}`];
  const seen = new Set<string>();
  const omitted = (entry: LockEntry & { dev?: boolean; optional?: boolean; devOptional?: boolean; peer?: boolean }) =>
    !!(entry.dev || entry.optional || entry.devOptional || entry.peer);
  while (queue.length) {
    let key = queue.shift()!;
    const link = lock.packages[key];
    if (link?.link && link.resolved) key = link.resolved;
    if (seen.has(key)) continue;
    seen.add(key);
    const entry = lock.packages[key];
    if (!entry) continue;
    const edges: [string, boolean][] = [
      ...Object.keys(entry.dependencies ?? {}).map((name): [string, boolean] => [name, true]),
      ...Object.keys(entry.optionalDependencies ?? {}).map((name): [string, boolean] => [name, false]),
      ...Object.keys(entry.peerDependencies ?? {}).map((name): [string, boolean] => [name, false]),
    ];
    for (const [name, required] of edges) {
      const found = resolveFrom(key, name);
      if (!found) {
        if (required) missing.push(`${key} -> ${name}`);
        continue;
      }
      const target = lock.packages[found]!;
      const resolved = target.link && target.resolved ? lock.packages[target.resolved] : target;
      if (resolved && omitted(target) && omitted(resolved)) continue;
      if (required || !omitted(target)) packages.set(name, found);
      queue.push(found);
    }
  }
  return { packages, missing };
}

/** Bare module specifiers the service's compiled code loads at run time (type imports excluded). */
function runtimeImports(service: string): Set<string> {
  const names = new Set<string>();
  const builtins = new Set(builtinModules);
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.spec.ts') && !entry.name.endsWith('.d.ts')) {
        const text = readFileSync(path, 'utf8');
        const specifiers = [
          ...[...text.matchAll(/^import\s+(?!type\b)[^;]*?from\s+'([^']+)'/gms)].map((m) => m[1]!),
          ...[...text.matchAll(/^import\s+'([^']+)'/gm)].map((m) => m[1]!),
          ...[...text.matchAll(/\bimport\(\s*'([^']+)'\s*\)/g)].map((m) => m[1]!),
          ...[...text.matchAll(/^export\s+(?!type\b)[^;]*?from\s+'([^']+)'/gms)].map((m) => m[1]!),
        ];
        for (const specifier of specifiers) {
          if (specifier.startsWith('.') || specifier.startsWith('node:') || builtins.has(specifier)) continue;
          const parts = specifier.split('/');
          names.add(specifier.startsWith('@') ? `${parts[0]}/${parts[1]}` : parts[0]!);
        }
      }
    }
  };
  for (const dir of [`services/${service}/src`, 'libs/platform/src', 'libs/contracts/src']) walk(join(ROOT, dir));
  return names;
}

/** What no service image may carry: emulators, compilers, package managers, the Chroma server. */
const FORBIDDEN = [
  'dynalite',
  's3rver',
  'classic-level',
  'typescript',
  'npm',
  'ts-jest',
  'jest',
  'nx',
  'vite',
  'chromadb-js-bindings-linux-x64-gnu',
  '@tasksensei/devstack',
  '@tasksensei/web',
];

describe.each(SERVICES)('the %s image', (service) => {
  const { packages, missing } = productionTree(service);

  it('installs a complete production tree from the lockfile', () => {
    expect(missing).toEqual([]);
    expect(packages.get('@tasksensei/platform')).toBe('node_modules/@tasksensei/platform');
  });

  it('holds every package its code (and libs/platform, libs/contracts) loads at run time', () => {
    const absent = [...runtimeImports(service)].filter((name) => !packages.has(name));
    expect(absent).toEqual([]);
  });

  it('carries no emulator, TypeScript, npm, Chroma server, or other service', () => {
    const others = SERVICES.filter((s) => s !== service).map((s) => `@tasksensei/${s}`);
    expect([...packages.keys()].filter((name) => FORBIDDEN.includes(name) || others.includes(name))).toEqual([]);
  });
});

describe('Dockerfile: one slim image per service on a supported Node', () => {
  const stage = (name: string) => {
    const start = dockerfile.search(new RegExp(`^FROM \\S+ AS ${name}$`, 'm'));
    if (start < 0) throw new Error(`no stage ${name}`);
    const next = dockerfile.slice(start + 1).search(/^FROM /m);
    return dockerfile.slice(start, next < 0 ? undefined : start + 1 + next);
  };
  const nodeMajor = (version: string) => Number(/(\d+)\./.exec(version)?.[1]);

  it('builds from a pinned Node 22 (or 24) LTS image, the one the tests run on and engines allow', () => {
    const base = /^ARG NODE_IMAGE=(\S+)$/m.exec(dockerfile)?.[1] ?? '';
    expect(base).toMatch(/^node:(22|24)\.\d+\.\d+-bookworm-slim(@sha256:[a-f0-9]{64})?$/);
    const major = nodeMajor(base.slice('node:'.length));
    // tools/test.mjs runs Jest with the root devDependency `node` (from the npm registry).
    expect(nodeMajor(rootPackage.devDependencies.node!)).toBe(major);
    expect(nodeMajor(process.versions.node + '.')).toBe(major);
    const allowed = rootPackage.engines.node.split('||').map((range) => range.trim());
    expect(
      allowed.some((range) =>
        range.startsWith('^') ? nodeMajor(range.slice(1)) === major : range.startsWith('>=') && major >= nodeMajor(`${range.slice(2)}.`),
      ),
    ).toBe(true);
    expect(allowed.some((range) => range.startsWith('^20') || range.startsWith('>=20') || range.startsWith('>=18'))).toBe(false);
  });

  it('installs one service’s production dependencies, with no install script, and writes its SBOM', () => {
    const deps = stage('prod-deps');
    expect(deps).toMatch(/npm ci --omit=dev --omit=optional --omit=peer --ignore-scripts --workspace "services\/\$\{SERVICE\}"/);
    expect(deps).toMatch(/npm sbom [^\n]*--workspace "services\/\$\{SERVICE\}"[^\n]*--sbom-format cyclonedx/);
    expect(stage('runtime')).toMatch(/COPY --from=prod-deps \/sbom\.cdx\.json /);
  });

  it('runs on a filesystem without npm, npx, corepack or yarn, in one layer, as a numeric non-root user', () => {
    const runtime = stage('runtime');
    expect(runtime).toMatch(/^FROM scratch AS runtime$/m);
    expect(runtime).toMatch(/^COPY --from=node-runtime \/ \/$/m);
    const removed = stage('node-runtime');
    for (const path of [
      '/usr/local/lib/node_modules',
      '/usr/local/bin/npm',
      '/usr/local/bin/npx',
      '/usr/local/bin/corepack',
      '/usr/local/bin/yarn',
    ])
      expect(removed).toContain(path);
    expect(runtime).not.toMatch(/--from=(sources|build|manifests|base)\s+\/app\/node_modules/);
    expect([...runtime.matchAll(/^USER (\S+)$/gm)].map((m) => m[1]).at(-1)).toMatch(/^[1-9]\d*:[1-9]\d*$/);
    // The service image is the default target.
    expect([...dockerfile.matchAll(/^FROM \S+ AS (\S+)$/gm)].at(-1)?.[1]).toBe('runtime');
  });
});
