/**
 * deploy/aws/tasksensei.yaml against the code: the DynamoDB tables each service defines in
 * services/<service>/src/storage/tables.ts (created locally at start) must be exactly the tables
 * the template creates in AWS — same names, key schemas, attribute definitions and indexes, TTL
 * where the service writes `expiresAt` — and each must be granted to its owner's role only.
 * So a table added, renamed or re-keyed in code without the template (or the reverse) fails CI.
 *
 * Point it at a modified copy with TASKSENSEI_DEPLOY_DIR=/path/to/deploy, as manifests.spec.ts.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CreateTableCommandInput } from '@aws-sdk/client-dynamodb';
import type { Dynamo } from '@tasksensei/platform';
import { DynamoEnvSchema } from '../../libs/platform/src/aws/dynamodb.js';
import { authTables } from '../../services/auth/src/storage/tables.js';
import { TTL_ATTRIBUTE, billingTables } from '../../services/billing/src/storage/tables.js';
import { chatTables } from '../../services/chat/src/storage/tables.js';
import { filesTables } from '../../services/files/src/storage/tables.js';
import { usersTables } from '../../services/users/src/storage/tables.js';
import { parseTemplate, resolveValue, type Template } from './cfn.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const DEPLOY = process.env.TASKSENSEI_DEPLOY_DIR ?? join(ROOT, 'deploy');

type Service = 'auth' | 'users' | 'files' | 'chat' | 'billing';
type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

const template: Template = parseTemplate(readFileSync(join(DEPLOY, 'aws', 'tasksensei.yaml'), 'utf8'));
const PREFIX = String(template.Parameters.TablePrefix!.Default);
/** All the definition functions use of Dynamo is `table(name)`. */
const dynamo = { table: (name: string) => `${PREFIX}${name}` } as unknown as Dynamo;

/**
 * The tables each service uses in AWS. billing's `local-sessions` is left out: billing.module.ts
 * passes `{ local: !STRIPE_SECRET_KEY }`, and only the local checkout page (no Stripe key, never
 * in production) creates or touches it.
 */
const CODE: Record<Service, CreateTableCommandInput[]> = {
  auth: authTables(dynamo),
  users: usersTables(dynamo),
  files: filesTables(dynamo),
  chat: chatTables(dynamo),
  billing: billingTables(dynamo, { local: false }),
};
const SERVICES = Object.keys(CODE) as Service[];
const LOCAL_ONLY = [`${PREFIX}local-sessions`];

/**
 * Tables whose repositories write `expiresAt` without it being an item TTL: files keeps the
 * upload deadline there in epoch milliseconds (an uploaded file's record must never expire), and
 * quotas has it only inside the `pending` map, per reservation.
 */
const EXPIRES_AT_NOT_TTL = [`${PREFIX}files`, `${PREFIX}quotas`];

const isObject = (v: unknown): v is JsonObject => typeof v === 'object' && v !== null && !Array.isArray(v);
const tableResources = Object.entries(template.Resources).filter(([, r]) => r.Type === 'AWS::DynamoDB::Table');
const tableName = (id: string) => String(resolveValue(template, template.Resources[id]!.Properties!.TableName!));
const templateTables = new Map(tableResources.map(([id, r]) => [tableName(id), { id, props: r.Properties! }]));

/** A table definition in one comparable shape, from code or from the template. */
function shape(definition: JsonObject) {
  const keySchema = (ks: Json | undefined) => ((ks ?? []) as JsonObject[]).map((k) => `${String(k.AttributeName)} ${String(k.KeyType)}`);
  const projection = (p: Json | undefined) => {
    const { ProjectionType, NonKeyAttributes } = (p ?? {}) as { ProjectionType?: string; NonKeyAttributes?: string[] };
    return {
      ProjectionType: ProjectionType ?? 'ALL',
      ...(NonKeyAttributes?.length ? { NonKeyAttributes: [...NonKeyAttributes].sort() } : {}),
    };
  };
  return {
    AttributeDefinitions: ((definition.AttributeDefinitions ?? []) as JsonObject[])
      .map((a) => `${String(a.AttributeName)} ${String(a.AttributeType)}`)
      .sort(),
    KeySchema: keySchema(definition.KeySchema),
    GlobalSecondaryIndexes: ((definition.GlobalSecondaryIndexes ?? []) as JsonObject[])
      .map((g) => ({ IndexName: String(g.IndexName), KeySchema: keySchema(g.KeySchema), Projection: projection(g.Projection) }))
      .sort((a, b) => a.IndexName.localeCompare(b.IndexName)),
    LocalSecondaryIndexes: ((definition.LocalSecondaryIndexes ?? []) as JsonObject[])
      .map((l) => ({ IndexName: String(l.IndexName), KeySchema: keySchema(l.KeySchema), Projection: projection(l.Projection) }))
      .sort((a, b) => a.IndexName.localeCompare(b.IndexName)),
  };
}

const codeTables = SERVICES.flatMap((service) =>
  CODE[service].map((definition) => ({ service, name: definition.TableName!, definition: definition as unknown as JsonObject })),
);
const ownerOf = new Map(codeTables.map((t) => [t.name, t.service]));

/** Every non-spec source file of a service but its table definitions (which name every table). */
function sources(service: Service): string[] {
  const dir = join(ROOT, 'services', service, 'src');
  return (readdirSync(dir, { recursive: true }) as string[])
    .filter((file) => file.endsWith('.ts') && !file.endsWith('.spec.ts') && file !== join('storage', 'tables.ts'))
    .map((file) => readFileSync(join(dir, file), 'utf8'));
}

describe('deploy/aws/tasksensei.yaml declares the tables the services define in code', () => {
  it('uses the services’ default table prefix', () => {
    expect(PREFIX).toBe(DynamoEnvSchema.parse({}).DYNAMODB_TABLE_PREFIX);
  });

  it('declares exactly the tables of authTables, usersTables, filesTables, chatTables and billingTables', () => {
    expect(codeTables.length).toBe(new Set(codeTables.map((t) => t.name)).size);
    expect([...templateTables.keys()].sort()).toEqual(codeTables.map((t) => t.name).sort());
  });

  it('leaves out only billing’s local-sessions, which exists without a Stripe key only', () => {
    const local = billingTables(dynamo, { local: true }).map((t) => t.TableName!);
    expect(local.filter((name) => !CODE.billing.some((t) => t.TableName === name))).toEqual(LOCAL_ONLY);
    for (const name of LOCAL_ONLY) expect(templateTables.has(name)).toBe(false);
  });

  it.each(codeTables.map((t) => [t.name, t] as const))(
    '%s: same keys, attribute definitions and indexes, owned by its service',
    (name, { service, definition }) => {
      const declared = templateTables.get(name);
      expect(
        declared && {
          owner: ((declared.props.Tags ?? []) as JsonObject[]).find((tag) => tag.Key === 'tasksensei:owner')?.Value,
          ...shape(declared.props),
        },
      ).toEqual({
        owner: service,
        ...shape(definition),
      });
    },
  );

  it('expires items on expiresAt exactly where the service writes it as a TTL', () => {
    // A table's repositories are the source files that name it with dynamo.table('<name>').
    const writesExpiresAt = new Set<string>();
    for (const service of SERVICES) {
      for (const text of sources(service)) {
        if (!text.includes('expiresAt')) continue;
        for (const match of text.matchAll(/\.table\('([^']+)'\)/g)) writesExpiresAt.add(`${PREFIX}${match[1]}`);
      }
    }
    const expected = Object.fromEntries(
      codeTables.map((t) => [
        t.name,
        writesExpiresAt.has(t.name) && !EXPIRES_AT_NOT_TTL.includes(t.name) ? { AttributeName: TTL_ATTRIBUTE, Enabled: true } : null,
      ]),
    );
    const declared = Object.fromEntries(
      codeTables.map((t) => [t.name, (templateTables.get(t.name)?.props.TimeToLiveSpecification ?? null) as Json]),
    );
    expect(declared).toEqual(expected);
  });

  it('grants each table to the role of the service that defines it and to no other role, indexes only where there are some', () => {
    const idToName = new Map(tableResources.map(([id]) => [id, tableName(id)]));
    const granted = new Map<string, Set<string>>();
    const problems: string[] = [];
    for (const [roleId, role] of Object.entries(template.Resources).filter(([, r]) => r.Type === 'AWS::IAM::Role')) {
      const roleName = String(resolveValue(template, role.Properties!.RoleName!)).replace(/^tasksensei-/, '');
      const targets = new Set<string>();
      for (const policy of (role.Properties!.Policies ?? []) as JsonObject[]) {
        const statements = (isObject(policy.PolicyDocument) ? policy.PolicyDocument.Statement : []) as JsonObject[];
        for (const statement of statements) {
          for (const target of ([] as Json[]).concat(statement.Resource ?? [])) {
            const resolved = String(resolveValue(template, target));
            const match = /^<(\w+)\.Arn>(-\*|\/index\/\*)?$/.exec(resolved);
            if (match && idToName.has(match[1]!)) targets.add(`${idToName.get(match[1]!)!}${match[2] ?? ''}`);
            else if ([...idToName.keys()].some((id) => JSON.stringify(target).includes(id)))
              problems.push(`${roleId}: table resource in an unexpected form ${resolved}`);
          }
        }
      }
      if (targets.size) granted.set(roleName, targets);
    }
    const expected = new Map(
      SERVICES.map((service) => [
        service,
        // <table>-*: its restored copies (DYNAMODB_TABLE_NAMES), indexes included.
        new Set(
          CODE[service].flatMap((t) => [
            t.TableName!,
            `${t.TableName!}-*`,
            ...(t.GlobalSecondaryIndexes?.length || t.LocalSecondaryIndexes?.length ? [`${t.TableName!}/index/*`] : []),
          ]),
        ),
      ]),
    );
    const sorted = (m: Map<string, Set<string>>) =>
      Object.fromEntries([...m].map(([k, v]) => [k, [...v].sort()]).sort(([a], [b]) => String(a).localeCompare(String(b))));
    expect(problems).toEqual([]);
    expect(sorted(granted)).toEqual(sorted(expected));
    for (const [role, targets] of granted)
      for (const t of targets) expect({ table: t, role }).toEqual({ table: t, role: ownerOf.get(t.replace(/(\/index\/\*|-\*)$/, '')) });
    // A restored-copy pattern never reaches another service's table.
    for (const [role, targets] of granted) {
      for (const pattern of [...targets].filter((t) => t.endsWith('-*'))) {
        for (const table of codeTables)
          if (table.name.startsWith(pattern.slice(0, -1)))
            expect({ pattern, table: table.name, role }).toEqual({ pattern, table: table.name, role: table.service });
      }
    }
  });
});
