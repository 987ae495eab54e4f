/**
 * deploy/ as code that CI checks, offline: the Kubernetes overlays (rendered by
 * ./kustomize.ts), the Dockerfile, the CloudFormation template and the operations doc.
 *
 *   - every object is valid against the Kubernetes (and CRD) schemas, with no unknown field;
 *   - hardening: non-root, read-only root filesystem with /tmp on an emptyDir, no privilege
 *     escalation, all capabilities dropped, RuntimeDefault seccomp, requests and limits, pinned
 *     images, probes on the ops endpoints, preStop + a grace period covering the NATS drain;
 *   - wiring: labels and selectors, Services and their ports, HPAs, PDBs, ConfigMap/Secret
 *     references, each service's rendered environment passes that service's own config schema;
 *   - NetworkPolicies, evaluated: default deny, DNS, only the gateway takes ingress, services
 *     reach only NATS and their stores (and 443), Prometheus only the metrics ports;
 *   - AWS: the template is valid against the CloudFormation resource specification, tables have
 *     PITR + KMS, the bucket is private, TLS-only and KMS-encrypted, roles are least privilege
 *     and match the IRSA annotations of the production overlay.
 *
 * Point it at a modified copy with TASKSENSEI_DEPLOY_DIR=/path/to/deploy (docs/operations.md).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { z } from 'zod';
import { parseConfig } from '../../libs/platform/src/config/load-config.js';
import { AuthEnvSchema } from '../../services/auth/src/config/auth.env.js';
import { BillingEnvSchema } from '../../services/billing/src/config/billing.env.js';
import { ChatEnvSchema } from '../../services/chat/src/config/chat.env.js';
import { FilesEnvSchema } from '../../services/files/src/config/files.env.js';
import { GatewayEnvSchema, type GatewayEnv } from '../../services/gateway/src/config/gateway.env.js';
import { webClientCsp } from '../../services/gateway/src/web/web-csp.js';
import { UsersEnvSchema } from '../../services/users/src/config/users.env.js';
import { parseTemplate, resolveValue, validateTemplate, type Template } from './cfn.js';
import { schemaErrors, unknownFieldErrors } from './k8s-schema.js';
import { isObject, parseImage, parseYamlDocuments, render, type Json, type JsonObject, type KObject } from './kustomize.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const DEPLOY = process.env.TASKSENSEI_DEPLOY_DIR ?? join(ROOT, 'deploy');
const NAMESPACE = 'tasksensei';
const APPS = ['gateway', 'auth', 'users', 'files', 'chat', 'billing'] as const;
const AWS_SERVICES = ['auth', 'users', 'files', 'chat', 'billing'] as const;
const OVERLAYS = ['dev', 'production'] as const;
type Overlay = (typeof OVERLAYS)[number];

const ENV_SCHEMAS: Record<(typeof APPS)[number], z.ZodType> = {
  gateway: GatewayEnvSchema,
  auth: AuthEnvSchema,
  users: UsersEnvSchema,
  files: FilesEnvSchema,
  chat: ChatEnvSchema,
  billing: BillingEnvSchema,
};

// ── Helpers over rendered objects ───────────────────────────────────────────────────────────

type Workload = KObject & { spec: JsonObject & { template: { metadata: JsonObject; spec: JsonObject } } };
type Container = JsonObject & { name: string; image: string };

const byKind = (objs: KObject[], kind: string) => objs.filter((o) => o.kind === kind);
const find = (objs: KObject[], kind: string, name: string) => objs.find((o) => o.kind === kind && o.metadata.name === name);
const workloads = (objs: KObject[]) => objs.filter((o): o is Workload => o.kind === 'Deployment' || o.kind === 'StatefulSet');
const podSpec = (w: Workload) => w.spec.template.spec;
const podLabels = (w: Workload) => (w.spec.template.metadata.labels ?? {}) as Record<string, string>;
const containersOf = (w: Workload) => [
  ...((podSpec(w).initContainers ?? []) as Container[]),
  ...((podSpec(w).containers ?? []) as Container[]),
];
const appName = (o: KObject) => o.metadata.labels?.['app.kubernetes.io/name'] ?? '';
const isApp = (w: KObject) => (APPS as readonly string[]).includes(w.metadata.name) && w.kind === 'Deployment';
const get = (value: Json | undefined, ...path: (string | number)[]): Json | undefined =>
  path.reduce<Json | undefined>(
    (node, key) => (node === undefined || node === null ? undefined : (node as Record<string | number, Json>)[key]),
    value,
  );

function matchesSelector(selector: Json | undefined, labels: Record<string, string>): boolean {
  if (!isObject(selector)) return false;
  const matchLabels = (selector.matchLabels ?? {}) as Record<string, string>;
  if (Object.entries(matchLabels).some(([k, v]) => labels[k] !== v)) return false;
  for (const expression of (selector.matchExpressions ?? []) as JsonObject[]) {
    const { key, operator } = expression as { key: string; operator: string };
    const values = (expression.values ?? []) as string[];
    const has = key in labels;
    const ok =
      operator === 'In'
        ? has && values.includes(labels[key]!)
        : operator === 'NotIn'
          ? !has || !values.includes(labels[key]!)
          : operator === 'Exists'
            ? has
            : operator === 'DoesNotExist'
              ? !has
              : false;
    if (!ok) return false;
  }
  return true;
}

/** Secrets billing cannot start without (it fails closed), as ExternalSecrets fill them in production. */
const EXTERNAL_SECRET_SHAPES: Record<string, string> = {
  STRIPE_SECRET_KEY: 'sk_live_fromSecretsManager',
  STRIPE_WEBHOOK_SECRET: 'whsec_fromSecretsManager',
};

/** The data of the ConfigMaps and Secrets a container's envFrom names, in order (later wins). */
function containerEnv(objs: KObject[], container: Container): { env: Record<string, string>; missing: string[] } {
  const env: Record<string, string> = {};
  const missing: string[] = [];
  for (const source of (container.envFrom ?? []) as JsonObject[]) {
    const ref = (source.configMapRef ?? source.secretRef) as JsonObject | undefined;
    const kind = source.configMapRef ? 'ConfigMap' : 'Secret';
    const target = ref && find(objs, kind, String(ref.name));
    if (!target) {
      // In production, Secrets are made in the cluster by ExternalSecrets (values unknown here).
      const externalSecret =
        kind === 'Secret' ? byKind(objs, 'ExternalSecret').find((e) => get(e, 'spec', 'target', 'name') === ref?.name) : undefined;
      if (ref?.optional !== true && !externalSecret) missing.push(`${kind} ${String(ref?.name)}`);
      // Values a service requires to start: stand-ins of the shape Secrets Manager delivers.
      for (const item of ((externalSecret && get(externalSecret, 'spec', 'data')) ?? []) as JsonObject[]) {
        const key = String(item.secretKey);
        if (key in EXTERNAL_SECRET_SHAPES) env[key] = EXTERNAL_SECRET_SHAPES[key]!;
      }
      continue;
    }
    for (const [k, v] of Object.entries((target.data ?? {}) as Record<string, string>)) {
      env[k] = kind === 'Secret' ? Buffer.from(v, 'base64').toString('utf8') : v;
    }
  }
  for (const variable of (container.env ?? []) as JsonObject[]) {
    if (typeof variable.value === 'string') env[String(variable.name)] = variable.value;
  }
  return { env, missing };
}

// ── Checks (each returns the problems it finds, so the self-tests below can break them) ───────

function schemaProblems(objs: KObject[]): string[] {
  return objs.flatMap((o) => [...schemaErrors(o), ...unknownFieldErrors(o)].map((e) => `${o.kind}/${o.metadata.name}: ${e}`));
}

function metadataProblems(objs: KObject[]): string[] {
  const problems: string[] = [];
  const seen = new Set<string>();
  for (const o of objs) {
    const id = `${o.kind}/${o.metadata.namespace ?? ''}/${o.metadata.name}`;
    if (seen.has(id)) problems.push(`${id} is defined twice`);
    seen.add(id);
    if (o.kind !== 'Namespace' && o.metadata.namespace !== NAMESPACE) problems.push(`${id}: namespace must be ${NAMESPACE}`);
    const labels = o.metadata.labels ?? {};
    for (const key of ['app.kubernetes.io/name', 'app.kubernetes.io/part-of', 'app.kubernetes.io/component']) {
      if (!labels[key]) problems.push(`${id}: label ${key} missing`);
    }
    if (labels['app.kubernetes.io/part-of'] !== 'tasksensei') problems.push(`${id}: app.kubernetes.io/part-of must be tasksensei`);
  }
  for (const w of workloads(objs)) {
    const labels = podLabels(w);
    for (const key of ['app.kubernetes.io/name', 'app.kubernetes.io/part-of', 'app.kubernetes.io/component']) {
      if (labels[key] !== w.metadata.labels?.[key])
        problems.push(`${w.kind}/${w.metadata.name}: pod label ${key} differs from the workload's`);
    }
    if (!matchesSelector(w.spec.selector, labels)) problems.push(`${w.kind}/${w.metadata.name}: selector does not match its pod labels`);
  }
  return problems;
}

function imageProblems(objs: KObject[]): string[] {
  const problems: string[] = [];
  const ownTags = new Set<string>();
  for (const w of workloads(objs)) {
    for (const c of containersOf(w)) {
      const image = parseImage(c.image);
      const where = `${w.kind}/${w.metadata.name} ${c.name}`;
      if (!image.digest && (!image.tag || image.tag === 'latest')) problems.push(`${where}: image ${c.image} is not pinned`);
      if (image.tag && /^(latest|stable|main|master|edge)$/.test(image.tag)) problems.push(`${where}: floating tag ${image.tag}`);
      const service = /tasksensei\/(gateway|auth|users|files|chat|billing)$/.exec(image.name)?.[1];
      if (service) ownTags.add(image.tag ?? image.digest ?? '');
      // A service image carries that service only (no emulator): nothing else may run it.
      if (service && service !== w.metadata.name) problems.push(`${where}: runs the ${service} image; emulators come from their own image`);
      if (c.imagePullPolicy === 'Always') problems.push(`${where}: imagePullPolicy Always with a pinned tag`);
    }
  }
  if (ownTags.size > 1) problems.push(`TaskSensei images run different releases: ${[...ownTags].join(', ')}`);
  return problems;
}

function hardeningProblems(objs: KObject[]): string[] {
  const problems: string[] = [];
  for (const w of workloads(objs)) {
    const ps = podSpec(w);
    const psc = (ps.securityContext ?? {}) as JsonObject;
    const id = `${w.kind}/${w.metadata.name}`;
    if (psc.runAsNonRoot !== true) problems.push(`${id}: pod securityContext.runAsNonRoot must be true`);
    if (psc.runAsUser === 0) problems.push(`${id}: pod runs as uid 0`);
    if (get(psc, 'seccompProfile', 'type') !== 'RuntimeDefault') problems.push(`${id}: pod seccompProfile must be RuntimeDefault`);
    for (const field of ['hostNetwork', 'hostPID', 'hostIPC']) if (ps[field] === true) problems.push(`${id}: ${field}`);
    if (ps.automountServiceAccountToken !== false) problems.push(`${id}: automountServiceAccountToken must be false`);
    if (!ps.serviceAccountName || ps.serviceAccountName === 'default') problems.push(`${id}: needs its own ServiceAccount`);
    else if (!find(objs, 'ServiceAccount', String(ps.serviceAccountName)))
      problems.push(`${id}: ServiceAccount ${String(ps.serviceAccountName)} is not in the render`);
    const volumes = (ps.volumes ?? []) as JsonObject[];
    if (volumes.some((v) => v.hostPath)) problems.push(`${id}: hostPath volume`);
    for (const c of containersOf(w)) {
      const where = `${id} ${c.name}`;
      const sc = (c.securityContext ?? {}) as JsonObject;
      if (sc.allowPrivilegeEscalation !== false) problems.push(`${where}: allowPrivilegeEscalation must be false`);
      if (sc.readOnlyRootFilesystem !== true) problems.push(`${where}: readOnlyRootFilesystem must be true`);
      if (sc.privileged === true) problems.push(`${where}: privileged`);
      if (sc.runAsNonRoot === false || (sc.runAsNonRoot !== true && psc.runAsNonRoot !== true))
        problems.push(`${where}: runAsNonRoot must be true`);
      if (sc.runAsUser === 0) problems.push(`${where}: runs as uid 0`);
      const drop = (get(sc, 'capabilities', 'drop') ?? []) as string[];
      if (!drop.includes('ALL')) problems.push(`${where}: capabilities must drop ALL`);
      if (((get(sc, 'capabilities', 'add') ?? []) as string[]).length) problems.push(`${where}: adds capabilities`);
      const seccomp = get(sc, 'seccompProfile', 'type') ?? get(psc, 'seccompProfile', 'type');
      if (seccomp !== 'RuntimeDefault') problems.push(`${where}: seccompProfile must be RuntimeDefault`);
      for (const kind of ['requests', 'limits']) {
        for (const resource of ['cpu', 'memory']) {
          if (get(c, 'resources', kind, resource) === undefined) problems.push(`${where}: resources.${kind}.${resource} missing`);
        }
      }
      const tmp = ((c.volumeMounts ?? []) as JsonObject[]).find((m) => m.mountPath === '/tmp');
      const tmpVolume = tmp && volumes.find((v) => v.name === tmp.name);
      if (!tmpVolume?.emptyDir) problems.push(`${where}: /tmp must be an emptyDir volume`);
      if (!c.livenessProbe) problems.push(`${where}: livenessProbe missing`);
      if (!c.readinessProbe) problems.push(`${where}: readinessProbe missing`);
    }
  }
  return problems;
}

/** The gateway and the services: probes on the ops endpoints, and a shutdown that covers the drain. */
function appProblems(objs: KObject[]): string[] {
  const problems: string[] = [];
  for (const name of APPS) {
    const w = find(objs, 'Deployment', name) as Workload | undefined;
    if (!w) {
      problems.push(`Deployment ${name} missing`);
      continue;
    }
    const containers = (podSpec(w).containers ?? []) as Container[];
    if (containers.length !== 1) problems.push(`Deployment ${name}: expected one container (the overlays patch containers/0)`);
    const c = containers[0]!;
    const ops = ((c.ports ?? []) as JsonObject[]).find((p) => p.name === 'ops');
    const { env, missing } = containerEnv(objs, c);
    problems.push(...missing.map((m) => `Deployment ${name}: envFrom ${m} is not in the render`));
    if (!ops) problems.push(`Deployment ${name}: container port "ops" missing`);
    else if (String(ops.containerPort) !== env.OPS_PORT) {
      problems.push(`Deployment ${name}: port ops ${String(ops.containerPort)} but OPS_PORT=${env.OPS_PORT}`);
    }
    if (name === 'gateway') {
      const http = ((c.ports ?? []) as JsonObject[]).find((p) => p.name === 'http');
      if (String(http?.containerPort) !== env.PORT)
        problems.push(`Deployment gateway: port http ${String(http?.containerPort)} but PORT=${env.PORT}`);
    }
    for (const [probe, path] of [
      ['startupProbe', '/healthz'],
      ['livenessProbe', '/healthz'],
      ['readinessProbe', '/readyz'],
    ] as const) {
      if (get(c, probe, 'httpGet', 'path') !== path || get(c, probe, 'httpGet', 'port') !== 'ops') {
        problems.push(`Deployment ${name}: ${probe} must GET ${path} on port ops`);
      }
    }
    const command = get(c, 'lifecycle', 'preStop', 'exec', 'command') as string[] | undefined;
    const sleep = command?.[0] === 'sleep' ? Number(command[1]) : Number(get(c, 'lifecycle', 'preStop', 'sleep', 'seconds'));
    if (!(sleep > 0)) problems.push(`Deployment ${name}: preStop sleep missing`);
    const drain = Number(env.SHUTDOWN_GRACE_MS ?? 10_000) / 1000;
    const grace = Number(podSpec(w).terminationGracePeriodSeconds ?? 30);
    if (!(grace >= sleep + drain + 5)) {
      problems.push(`Deployment ${name}: terminationGracePeriodSeconds ${grace} < preStop ${sleep} s + SHUTDOWN_GRACE_MS ${drain} s + 5 s`);
    }
    if (w.spec.strategy && get(w.spec, 'strategy', 'rollingUpdate', 'maxUnavailable') !== 0) {
      problems.push(`Deployment ${name}: rolling updates must keep every replica (maxUnavailable 0)`);
    }
  }
  return problems;
}

/** Services select exactly one workload and name ports its pods have; HPAs and PDBs too. */
function wiringProblems(objs: KObject[]): string[] {
  const problems: string[] = [];
  const all = workloads(objs);
  for (const svc of byKind(objs, 'Service')) {
    const selected = all.filter((w) => matchesSelector({ matchLabels: svc.spec?.['selector' as never] ?? {} } as Json, podLabels(w)));
    if (selected.length !== 1) {
      problems.push(`Service ${svc.metadata.name} selects ${selected.length} workloads`);
      continue;
    }
    const ports = containersOf(selected[0]!).flatMap((c) => (c.ports ?? []) as JsonObject[]);
    for (const port of (get(svc, 'spec', 'ports') ?? []) as JsonObject[]) {
      const target = port.targetPort ?? port.port;
      if (!ports.some((p) => p.name === target || p.containerPort === target)) {
        problems.push(`Service ${svc.metadata.name}: targetPort ${String(target)} is not a port of ${selected[0]!.metadata.name}`);
      }
    }
  }
  for (const hpa of byKind(objs, 'HorizontalPodAutoscaler')) {
    const ref = get(hpa, 'spec', 'scaleTargetRef') as JsonObject;
    const target = find(objs, String(ref.kind), String(ref.name)) as Workload | undefined;
    if (!target) problems.push(`HPA ${hpa.metadata.name}: target ${String(ref.kind)}/${String(ref.name)} missing`);
    else if (target.spec.replicas !== undefined)
      problems.push(`HPA ${hpa.metadata.name}: ${target.metadata.name} sets spec.replicas, which fights the autoscaler`);
    if (!(
      Number(get(hpa, 'spec', 'minReplicas')) >= 1 && Number(get(hpa, 'spec', 'minReplicas')) <= Number(get(hpa, 'spec', 'maxReplicas'))
    )) {
      problems.push(`HPA ${hpa.metadata.name}: needs 1 <= minReplicas <= maxReplicas`);
    }
  }
  for (const name of ['gateway', 'chat']) {
    if (!byKind(objs, 'HorizontalPodAutoscaler').some((h) => get(h, 'spec', 'scaleTargetRef', 'name') === name))
      problems.push(`HPA for ${name} missing`);
  }
  const pdbs = byKind(objs, 'PodDisruptionBudget');
  for (const pdb of pdbs) {
    if (all.filter((w) => matchesSelector(get(pdb, 'spec', 'selector'), podLabels(w))).length !== 1) {
      problems.push(`PDB ${pdb.metadata.name}: selector must match exactly one workload`);
    }
  }
  for (const name of [...APPS, 'nats', 'chroma']) {
    const w = all.find((x) => x.metadata.name === name);
    if (w && !pdbs.some((p) => matchesSelector(get(p, 'spec', 'selector'), podLabels(w)))) problems.push(`${name}: no PodDisruptionBudget`);
  }
  return problems;
}

/** Every ConfigMap/Secret a pod names exists (Secrets may come from ExternalSecrets in production). */
function referenceProblems(objs: KObject[], overlay: Overlay): string[] {
  const problems: string[] = [];
  // Secrets made in the cluster: by ExternalSecrets (from AWS Secrets Manager) and by cert-manager.
  const external = new Set([
    ...byKind(objs, 'ExternalSecret').map((e) => String(get(e, 'spec', 'target', 'name'))),
    ...byKind(objs, 'Certificate').map((c) => String(get(c, 'spec', 'secretName'))),
  ]);
  const exists = (kind: 'ConfigMap' | 'Secret', name: string) => !!find(objs, kind, name) || (kind === 'Secret' && external.has(name));
  for (const w of workloads(objs)) {
    const refs: [kind: 'ConfigMap' | 'Secret', name: string, optional: boolean][] = [];
    for (const c of containersOf(w)) {
      for (const s of (c.envFrom ?? []) as JsonObject[]) {
        if (s.configMapRef) refs.push(['ConfigMap', String(get(s, 'configMapRef', 'name')), get(s, 'configMapRef', 'optional') === true]);
        if (s.secretRef) refs.push(['Secret', String(get(s, 'secretRef', 'name')), get(s, 'secretRef', 'optional') === true]);
      }
      for (const e of (c.env ?? []) as JsonObject[]) {
        const cm = get(e, 'valueFrom', 'configMapKeyRef') as JsonObject | undefined;
        const sk = get(e, 'valueFrom', 'secretKeyRef') as JsonObject | undefined;
        if (cm) refs.push(['ConfigMap', String(cm.name), cm.optional === true]);
        if (sk) refs.push(['Secret', String(sk.name), sk.optional === true]);
      }
    }
    for (const v of (podSpec(w).volumes ?? []) as JsonObject[]) {
      if (v.configMap) refs.push(['ConfigMap', String(get(v, 'configMap', 'name')), get(v, 'configMap', 'optional') === true]);
      if (v.secret) refs.push(['Secret', String(get(v, 'secret', 'secretName')), get(v, 'secret', 'optional') === true]);
    }
    for (const [kind, name, optional] of refs) {
      if (!optional && !exists(kind, name)) problems.push(`${w.kind}/${w.metadata.name}: ${kind} ${name} is not in the ${overlay} render`);
    }
  }
  for (const secret of byKind(objs, 'Secret')) {
    if (overlay === 'production') problems.push(`Secret ${secret.metadata.name}: production gets secrets from ExternalSecrets only`);
    else if (secret.metadata.annotations?.['tasksensei.io/dev-only'] !== 'true')
      problems.push(`Secret ${secret.metadata.name}: must be annotated tasksensei.io/dev-only`);
  }
  for (const cm of byKind(objs, 'ConfigMap')) {
    for (const [key, value] of Object.entries((cm.data ?? {}) as Record<string, string>)) {
      if (/SECRET|PASSWORD|TOKEN|API_KEY|ACCESS_KEY/.test(key) && value)
        problems.push(`ConfigMap ${cm.metadata.name}: ${key} looks secret; use a Secret`);
    }
  }
  return problems;
}

/** Each app's rendered environment: known variables only, and accepted by the service itself. */
function configProblems(objs: KObject[], overlay: Overlay, documented: Set<string>): string[] {
  const problems: string[] = [];
  for (const name of APPS) {
    const w = find(objs, 'Deployment', name) as Workload | undefined;
    const c = w && ((podSpec(w).containers ?? []) as Container[])[0];
    if (!c) continue;
    const { env } = containerEnv(objs, c);
    const schema = ENV_SCHEMAS[name];
    const shape = (schema as unknown as { shape?: Record<string, unknown> }).shape ?? {};
    for (const key of Object.keys(env)) {
      if (!documented.has(key) && !(key in shape) && !/^AWS_(ACCESS_KEY_ID|SECRET_ACCESS_KEY)$/.test(key)) {
        problems.push(`${name}: ${key} is neither in .env.example nor in the service's config schema`);
      }
    }
    try {
      parseConfig(schema, env);
    } catch (error) {
      problems.push(`${name} (${overlay}) would not start: ${(error as Error).message}`);
    }
    const local = overlay === 'dev';
    if ((env.DYNAMODB_CREATE_TABLES === 'true') !== (local && name !== 'gateway'))
      problems.push(`${name}: DYNAMODB_CREATE_TABLES must be true only in dev`);
    if (name === 'files' && (env.S3_CREATE_BUCKET === 'true') !== local) problems.push('files: S3_CREATE_BUCKET must be true only in dev');
    if (!local && (env.DYNAMODB_ENDPOINT || env.S3_ENDPOINT))
      problems.push(`${name}: production must use the AWS endpoints (DYNAMODB_ENDPOINT/S3_ENDPOINT unset)`);
  }
  return problems;
}

/** The environment a Deployment's container gets, as its service parses it (null if it would not start). */
function parsedEnv(objs: KObject[], name: (typeof APPS)[number]): Record<string, unknown> | null {
  const w = find(objs, 'Deployment', name) as Workload | undefined;
  const c = w && ((podSpec(w).containers ?? []) as Container[])[0];
  if (!c) return null;
  try {
    return parseConfig(ENV_SCHEMAS[name], containerEnv(objs, c).env) as Record<string, unknown>;
  } catch {
    return null;
  }
}

/**
 * One configuration truth: what several processes share must be the same value in all of them.
 * Each service's own schema accepts its environment (configProblems); this checks that they agree.
 */
function truthProblems(objs: KObject[], overlay: Overlay): string[] {
  const problems: string[] = [];
  const env = Object.fromEntries(APPS.map((name) => [name, parsedEnv(objs, name)])) as Record<
    (typeof APPS)[number],
    Record<string, unknown> | null
  >;
  for (const name of APPS) if (!env[name]) problems.push(`${name}: its environment does not parse (see configProblems)`);
  const gateway = env.gateway;
  const auth = env.auth;
  if (!gateway || !auth) return problems;
  // The gateway verifies the tokens auth obtains: same issuer, client and audience, same public URL.
  for (const key of ['PUBLIC_URL', 'OIDC_ISSUER_URL', 'OIDC_CLIENT_ID', 'API_AUDIENCE']) {
    if (gateway[key] !== auth[key]) problems.push(`gateway and auth disagree on ${key}: ${String(gateway[key])} vs ${String(auth[key])}`);
  }
  for (const uri of (auth.OIDC_REDIRECT_URIS ?? []) as string[]) {
    if (!uri.startsWith(`${String(auth.PUBLIC_URL)}/`))
      problems.push(`auth OIDC_REDIRECT_URIS ${uri} is not under PUBLIC_URL ${String(auth.PUBLIC_URL)}`);
  }
  // AWS: one region, one table prefix, one endpoint for every service that owns tables.
  for (const key of ['AWS_REGION', 'DYNAMODB_TABLE_PREFIX', 'DYNAMODB_ENDPOINT']) {
    const values = new Set(AWS_SERVICES.map((name) => String(env[name]?.[key])));
    if (values.size !== 1) problems.push(`services disagree on ${key}: ${[...values].join(', ')}`);
  }
  const region = String(env.files?.AWS_REGION);
  if (overlay === 'production') {
    if (!/^https:\/\/cognito-idp\.[a-z0-9-]+\.amazonaws\.com\/[\w-]+$/.test(String(auth.OIDC_ISSUER_URL ?? '')))
      problems.push('production: OIDC_ISSUER_URL must be the Cognito user pool');
    else if (!String(auth.OIDC_ISSUER_URL).includes(`cognito-idp.${region}.`))
      problems.push(`production: the Cognito issuer is not in AWS_REGION ${region}`);
  }
  // The browser PUTs presigned uploads where files signs them: the gateway's CSP must allow it.
  const files = env.files!;
  const storage = (files.S3_PUBLIC_ENDPOINT ?? files.S3_ENDPOINT) as string | undefined;
  const uploads = storage ? new URL(storage).origin : `https://${String(files.S3_BUCKET)}.s3.${region}.amazonaws.com`;
  const connect = /connect-src ([^;]+)/.exec(webClientCsp(gateway as unknown as GatewayEnv))?.[1]?.split(' ') ?? [];
  if (!connect.includes(uploads))
    problems.push(`the web client's CSP (connect-src ${connect.join(' ')}) does not allow uploads to ${uploads}`);
  // One NATS for everyone: the nats Service's client port.
  const natsUrls = new Set(APPS.map((name) => String(env[name]?.NATS_URL)));
  if (natsUrls.size !== 1) problems.push(`processes disagree on NATS_URL: ${[...natsUrls].join(', ')}`);
  const natsUrl = new URL([...natsUrls][0]!.split(',')[0]!);
  const natsService = find(objs, 'Service', natsUrl.hostname);
  if (!((get(natsService, 'spec', 'ports') ?? []) as JsonObject[]).some((p) => String(p.port) === natsUrl.port))
    problems.push(`NATS_URL ${natsUrl.href} is not a port of a Service`);
  const sts = find(objs, 'StatefulSet', 'nats') as Workload | undefined;
  for (const name of APPS) {
    if (Number(env[name]?.JETSTREAM_REPLICAS ?? 1) > Number(sts?.spec.replicas ?? 0))
      problems.push(`${name}: JETSTREAM_REPLICAS exceeds the NATS servers`);
  }
  return problems;
}

// ── NetworkPolicy evaluation ─────────────────────────────────────────────────────────────────

interface Peer {
  name: string;
  namespace?: string;
  nsLabels?: Record<string, string>;
  labels?: Record<string, string>;
  ports?: Record<string, number>;
  ip?: string;
}

const externalPeer = (name: string, namespace: string, labels: Record<string, string>, ports: Record<string, number> = {}): Peer => ({
  name,
  namespace,
  nsLabels: { 'kubernetes.io/metadata.name': namespace },
  labels,
  ports,
});
const EDGE_PROXY = externalPeer('envoy-gateway-proxy', 'envoy-gateway-system', {
  'app.kubernetes.io/name': 'envoy',
  'app.kubernetes.io/component': 'proxy',
});
const PROMETHEUS = externalPeer('prometheus', 'monitoring', { 'app.kubernetes.io/name': 'prometheus' });
const KUBE_DNS = externalPeer('kube-dns', 'kube-system', { 'k8s-app': 'kube-dns' }, { dns: 53 });
const STRANGER = externalPeer('other-namespace-pod', 'default', { app: 'stranger' });
const INTERNET: Peer = { name: 'dynamodb.us-east-1.amazonaws.com', ip: '52.94.0.10' };
const IMDS: Peer = { name: 'instance-metadata', ip: '169.254.169.254' };

function podsOf(objs: KObject[]): Map<string, Peer> {
  const pods = new Map<string, Peer>();
  for (const w of workloads(objs)) {
    const ports = Object.fromEntries(
      containersOf(w)
        .flatMap((c) => (c.ports ?? []) as JsonObject[])
        .filter((p) => typeof p.name === 'string')
        .map((p) => [String(p.name), Number(p.containerPort)]),
    );
    pods.set(w.metadata.name, {
      name: w.metadata.name,
      namespace: NAMESPACE,
      nsLabels: { 'kubernetes.io/metadata.name': NAMESPACE },
      labels: podLabels(w),
      ports,
    });
  }
  return pods;
}

const ipToInt = (ip: string) => ip.split('.').reduce((n, octet) => (n << 8) + Number(octet), 0) >>> 0;
function cidrContains(cidr: string, ip: string): boolean {
  const [base, bits] = cidr.split('/') as [string, string];
  const mask = Number(bits) === 0 ? 0 : (~0 << (32 - Number(bits))) >>> 0;
  return (ipToInt(base) & mask) === (ipToInt(ip) & mask);
}

function peerMatches(peers: Json | undefined, other: Peer, policyNamespace: string): boolean {
  if (!Array.isArray(peers) || peers.length === 0) return true;
  return peers.some((peer) => {
    if (!isObject(peer)) return false;
    if (peer.ipBlock) {
      const cidr = String(get(peer, 'ipBlock', 'cidr'));
      const except = (get(peer, 'ipBlock', 'except') ?? []) as string[];
      return !!other.ip && cidrContains(cidr, other.ip) && !except.some((e) => cidrContains(e, other.ip!));
    }
    if (other.ip) return false;
    const nsOk = peer.namespaceSelector
      ? matchesSelector(peer.namespaceSelector, other.nsLabels ?? {})
      : other.namespace === policyNamespace;
    const podOk = peer.podSelector ? matchesSelector(peer.podSelector, other.labels ?? {}) : true;
    return nsOk && podOk;
  });
}

function portMatches(ports: Json | undefined, destination: Peer, port: number, protocol: string): boolean {
  if (!Array.isArray(ports) || ports.length === 0) return true;
  return ports.some((p) => {
    if (!isObject(p)) return false;
    if ((p.protocol ?? 'TCP') !== protocol) return false;
    if (p.port === undefined) return true;
    if (typeof p.port === 'number') return p.endPort ? port >= p.port && port <= Number(p.endPort) : port === p.port;
    return destination.ports?.[String(p.port)] === port;
  });
}

function allowed(policies: KObject[], from: Peer, to: Peer, port: number, protocol = 'TCP'): boolean {
  const selecting = (pod: Peer, type: 'Ingress' | 'Egress') =>
    policies.filter(
      (p) =>
        p.metadata.namespace === pod.namespace &&
        matchesSelector(get(p, 'spec', 'podSelector') ?? {}, pod.labels ?? {}) &&
        ((get(p, 'spec', 'policyTypes') ?? ['Ingress']) as string[]).includes(type),
    );
  const inCluster = (pod: Peer) => pod.namespace === NAMESPACE;
  const egressOk =
    !inCluster(from) ||
    (() => {
      const ps = selecting(from, 'Egress');
      return (
        !ps.length ||
        ps.some((p) =>
          ((get(p, 'spec', 'egress') ?? []) as JsonObject[]).some(
            (r) => peerMatches(r.to, to, NAMESPACE) && portMatches(r.ports, to, port, protocol),
          ),
        )
      );
    })();
  const ingressOk =
    !inCluster(to) ||
    (() => {
      const ps = selecting(to, 'Ingress');
      return (
        !ps.length ||
        ps.some((p) =>
          ((get(p, 'spec', 'ingress') ?? []) as JsonObject[]).some(
            (r) => peerMatches(r.from, from, NAMESPACE) && portMatches(r.ports, to, port, protocol),
          ),
        )
      );
    })();
  return egressOk && ingressOk;
}

function networkProblems(objs: KObject[], overlay: Overlay): string[] {
  const problems: string[] = [];
  const policies = byKind(objs, 'NetworkPolicy');
  const pods = podsOf(objs);
  const pod = (name: string) => {
    const p = pods.get(name);
    if (!p) throw new Error(`no workload ${name}`);
    return p;
  };
  const expect = (from: Peer, to: Peer, port: number, want: boolean, protocol = 'TCP') => {
    if (allowed(policies, from, to, port, protocol) !== want) {
      problems.push(`${from.name} -> ${to.name}:${port}/${protocol} should be ${want ? 'allowed' : 'denied'}`);
    }
  };
  const denyAll = policies.find(
    (p) =>
      Object.keys((get(p, 'spec', 'podSelector') ?? {}) as JsonObject).length === 0 &&
      ['Ingress', 'Egress'].every((t) => ((get(p, 'spec', 'policyTypes') ?? []) as string[]).includes(t)) &&
      !get(p, 'spec', 'ingress') &&
      !get(p, 'spec', 'egress'),
  );
  if (!denyAll) problems.push('no default-deny policy for ingress and egress of every pod');

  for (const p of pods.values()) {
    expect(p, KUBE_DNS, 53, true, 'UDP');
    expect(p, KUBE_DNS, 53, true, 'TCP');
    expect(p, IMDS, 80, false);
    // Only the gateway's public port takes traffic from outside the namespace; Prometheus only
    // reaches metrics ports.
    for (const [portName, port] of Object.entries(p.ports ?? {})) {
      expect(EDGE_PROXY, p, port, p.name === 'gateway' && portName === 'http');
      expect(STRANGER, p, port, false);
      expect(PROMETHEUS, p, port, portName === 'ops' || portName === 'metrics');
    }
  }
  const gateway = pod('gateway');
  const nats = pod('nats');
  for (const name of APPS) {
    const app = pod(name);
    expect(app, nats, 4222, true);
    expect(app, INTERNET, 443, true);
    expect(app, INTERNET, 80, false);
    expect(app, pod('chroma'), 8000, name === 'chat');
    for (const other of APPS)
      if (other !== name)
        for (const port of Object.values(pod(other).ports ?? {}))
          expect(app, pod(other), port, name === 'gateway' && other === 'auth' && port === 3001);
  }
  expect(nats, nats, 6222, true);
  expect(nats, INTERNET, 443, false);
  expect(pod('chroma'), INTERNET, 443, false);
  expect(nats, gateway, 8080, false);
  if (overlay === 'dev') {
    for (const name of APPS) {
      expect(pod(name), pod('dynamodb'), 4567, name !== 'gateway');
      expect(pod(name), pod('minio'), 9000, name === 'files');
    }
    expect(pod('dynamodb'), INTERNET, 443, false);
    expect(pod('minio'), INTERNET, 443, false);
  }
  return problems;
}

/** Gateway API: one Gateway, routes to the gateway's http port for the app, socket.io and the webhook. */
function edgeProblems(objs: KObject[], overlay: Overlay): string[] {
  const problems: string[] = [];
  if (byKind(objs, 'Ingress').length) problems.push('the edge is the Gateway API: no Ingress');
  const gateways = byKind(objs, 'Gateway');
  if (gateways.length !== 1) return [...problems, `expected one Gateway, found ${gateways.length}`];
  const gw = gateways[0]!;
  const listeners = (get(gw, 'spec', 'listeners') ?? []) as JsonObject[];
  const svc = find(objs, 'Service', 'gateway');
  const httpPort = ((get(svc, 'spec', 'ports') ?? []) as JsonObject[]).find((p) => p.name === 'http')?.port;
  const gatewayApp = find(objs, 'Deployment', 'gateway') as Workload | undefined;
  const publicUrl = new URL(
    String(gatewayApp && containerEnv(objs, ((podSpec(gatewayApp).containers ?? []) as Container[])[0]!).env.PUBLIC_URL),
  );
  const routes = byKind(objs, 'HTTPRoute');
  const appListener = publicUrl.protocol === 'https:' ? 'https' : 'http';
  const seconds = (d: Json | undefined) =>
    typeof d === 'string' ? Number(/^(\d+)s$/.exec(d)?.[1] ?? (/^(\d+)m$/.exec(d) ? Number(/^(\d+)m$/.exec(d)![1]) * 60 : NaN)) : undefined;
  const ruleFor = (path: string, type: string) =>
    routes
      .flatMap((r) => ((get(r, 'spec', 'rules') ?? []) as JsonObject[]).map((rule) => ({ route: r, rule })))
      .find(({ rule }) =>
        ((rule.matches ?? []) as JsonObject[]).some((m) => get(m, 'path', 'value') === path && get(m, 'path', 'type') === type),
      );
  for (const listener of listeners)
    if (listener.hostname !== publicUrl.hostname)
      problems.push(
        `Gateway listener ${String(listener.name)}: hostname ${String(listener.hostname)} is not PUBLIC_URL's ${publicUrl.hostname}`,
      );
  for (const route of routes) {
    for (const parent of (get(route, 'spec', 'parentRefs') ?? []) as JsonObject[]) {
      if (parent.name !== gw.metadata.name || !listeners.some((l) => l.name === parent.sectionName))
        problems.push(
          `HTTPRoute ${route.metadata.name}: parent ${String(parent.name)}/${String(parent.sectionName)} is not a listener of the Gateway`,
        );
    }
    if (JSON.stringify(get(route, 'spec', 'hostnames')) !== JSON.stringify([publicUrl.hostname]))
      problems.push(`HTTPRoute ${route.metadata.name}: hostnames must be [${publicUrl.hostname}]`);
    for (const rule of (get(route, 'spec', 'rules') ?? []) as JsonObject[]) {
      for (const backend of (rule.backendRefs ?? []) as JsonObject[]) {
        if (backend.name !== 'gateway' || backend.port !== httpPort)
          problems.push(`HTTPRoute ${route.metadata.name}: every backend must be the gateway Service's http port`);
      }
    }
  }
  const api = ruleFor('/', 'PathPrefix');
  const realtime = ruleFor('/socket.io', 'PathPrefix');
  const webhook = ruleFor('/webhook', 'Exact');
  for (const [what, found] of [
    ['the API (/)', api],
    ['socket.io (/socket.io)', realtime],
    ['the Stripe webhook (/webhook)', webhook],
  ] as const) {
    if (!found) problems.push(`no HTTPRoute for ${what}`);
    else if (get(found.route, 'spec', 'parentRefs', 0, 'sectionName') !== appListener)
      problems.push(`${what} must be served on the ${appListener} listener (PUBLIC_URL is ${publicUrl.protocol})`);
  }
  if (api && !(Number(seconds(get(api.rule, 'timeouts', 'request'))) > 0)) problems.push('the API route needs a finite request timeout');
  const socketTimeout = seconds(get(realtime?.rule, 'timeouts', 'request'));
  if (realtime && !(socketTimeout === 0 || Number(socketTimeout) >= 3600))
    problems.push('socket.io needs no request timeout (0s) or at least an hour, for WebSockets');
  if (webhook && !(Number(seconds(get(webhook.rule, 'timeouts', 'request'))) >= 10))
    problems.push('the webhook route needs a request timeout of at least 10 s');
  if (webhook && get(webhook.rule, 'filters'))
    problems.push('the webhook route must pass the body and headers unchanged (Stripe signature)');
  if (overlay === 'production') {
    const https = listeners.find((l) => l.name === 'https');
    const secret = get(https, 'tls', 'certificateRefs', 0, 'name');
    const cert = byKind(objs, 'Certificate').find((c) => get(c, 'spec', 'secretName') === secret);
    if (publicUrl.protocol !== 'https:') problems.push('production PUBLIC_URL must be https');
    if (!https || get(https, 'protocol') !== 'HTTPS' || get(https, 'tls', 'mode') !== 'Terminate')
      problems.push('production needs an HTTPS listener terminating TLS');
    if (!cert || !((get(cert, 'spec', 'dnsNames') ?? []) as string[]).includes(publicUrl.hostname))
      problems.push("the HTTPS listener needs a cert-manager Certificate for PUBLIC_URL's host");
    const plain = routes.filter((r) => get(r, 'spec', 'parentRefs', 0, 'sectionName') === 'http');
    if (
      !plain.length ||
      plain.some((r) =>
        ((get(r, 'spec', 'rules') ?? []) as JsonObject[]).some((rule) => get(rule, 'filters', 0, 'requestRedirect', 'scheme') !== 'https'),
      )
    ) {
      problems.push('plain HTTP must only redirect to https');
    }
  }
  return problems;
}

function natsProblems(objs: KObject[]): string[] {
  const problems: string[] = [];
  const sts = find(objs, 'StatefulSet', 'nats') as Workload | undefined;
  if (!sts) return ['StatefulSet nats missing'];
  const replicas = Number(sts.spec.replicas);
  if (replicas !== 3) problems.push('NATS must run 3 replicas');
  const container = ((podSpec(sts).containers ?? []) as Container[]).find((c) => c.name === 'nats')!;
  if (!/^nats:2\.10\.\d+-alpine$/.test(container.image)) problems.push(`NATS image ${container.image} must be a pinned nats:2.10.x-alpine`);
  const headless = find(objs, 'Service', String(sts.spec.serviceName));
  if (get(headless, 'spec', 'clusterIP') !== 'None' || get(headless, 'spec', 'publishNotReadyAddresses') !== true) {
    problems.push('the NATS StatefulSet needs a headless Service that publishes not-ready addresses');
  }
  const claims = (sts.spec.volumeClaimTemplates ?? []) as JsonObject[];
  const dataMount = ((container.volumeMounts ?? []) as JsonObject[]).find((m) => claims.some((c) => get(c, 'metadata', 'name') === m.name));
  if (!dataMount) problems.push('NATS must keep JetStream on a PersistentVolume');
  const configVolume = ((podSpec(sts).volumes ?? []) as JsonObject[]).find((v) => v.configMap);
  const conf = String(get(find(objs, 'ConfigMap', String(get(configVolume, 'configMap', 'name'))), 'data', 'nats.conf') ?? '');
  if (!new RegExp(`jetstream\\s*\\{[^}]*store_dir:\\s*${String(dataMount?.mountPath)}`).test(conf))
    problems.push('nats.conf must put the JetStream file store on the data volume');
  if (!/http:\s*0\.0\.0\.0:8222/.test(conf)) problems.push('nats.conf must serve monitoring on 8222');
  for (let i = 0; i < replicas; i++) {
    if (!conf.includes(`nats://nats-${i}.${String(sts.spec.serviceName)}:6222`)) problems.push(`nats.conf routes miss nats-${i}`);
  }
  // TLS on client and route connections, from cert-manager; the apps trust its CA.
  if (!/^tls\s*\{[^}]*cert_file:[^}]*key_file:/m.test(conf)) problems.push('nats.conf must require TLS on client connections');
  if (!/cluster\s*\{[^]*?tls\s*\{[^}]*verify:\s*true/.test(conf)) problems.push('nats.conf must use mutual TLS on routes');
  const tlsMount = ((container.volumeMounts ?? []) as JsonObject[]).find((m) => m.mountPath === '/etc/nats-certs');
  const tlsSecret = get(
    ((podSpec(sts).volumes ?? []) as JsonObject[]).find((v) => v.name === tlsMount?.name),
    'secret',
    'secretName',
  );
  const certificate = byKind(objs, 'Certificate').find((c) => get(c, 'spec', 'secretName') === tlsSecret);
  if (!certificate) problems.push('the NATS certificate must come from a cert-manager Certificate mounted at /etc/nats-certs');
  else {
    const names = (get(certificate, 'spec', 'dnsNames') ?? []) as string[];
    if (!names.includes('nats') || !names.includes(`*.${String(sts.spec.serviceName)}`))
      problems.push('the NATS certificate must name the Service (clients) and the headless pods (routes)');
  }
  for (const name of APPS) {
    const app = find(objs, 'Deployment', name) as Workload | undefined;
    const c = app && ((podSpec(app).containers ?? []) as Container[])[0];
    const caFile = c && containerEnv(objs, c).env.NODE_EXTRA_CA_CERTS;
    const mount = ((c?.volumeMounts ?? []) as JsonObject[]).find((m) => caFile?.startsWith(`${String(m.mountPath)}/`));
    const volume = app && ((podSpec(app).volumes ?? []) as JsonObject[]).find((v) => v.name === mount?.name);
    if (
      !volume ||
      get(volume, 'secret', 'secretName') !== tlsSecret ||
      JSON.stringify(get(volume, 'secret', 'items')) !== JSON.stringify([{ key: 'ca.crt', path: 'ca.crt' }])
    ) {
      problems.push(`${name}: must trust the NATS CA (NODE_EXTRA_CA_CERTS on the ca.crt item only of ${String(tlsSecret)})`);
    }
  }
  // The Go runtime must collect before the memory limit kills it.
  const limit = String(get(container, 'resources', 'limits', 'memory') ?? '');
  const gomemlimit = ((container.env ?? []) as JsonObject[]).find((e) => e.name === 'GOMEMLIMIT')?.value;
  const mib = (v: string) =>
    /^(\d+)Gi$/.test(v) ? Number(v.slice(0, -2)) * 1024 : /^(\d+)(Mi|MiB)$/.test(v) ? Number(/^\d+/.exec(v)![0]) : NaN;
  if (!(mib(String(gomemlimit)) <= 0.9 * mib(limit)))
    problems.push(`NATS GOMEMLIMIT (${String(gomemlimit)}) must be set at most 90% of its memory limit (${limit})`);
  const common = find(objs, 'Deployment', 'gateway') as Workload | undefined;
  const natsUrl = common && containerEnv(objs, ((podSpec(common).containers ?? []) as Container[])[0]!).env.NATS_URL;
  if (natsUrl !== 'nats://nats:4222' || !find(objs, 'Service', 'nats')) problems.push('NATS_URL must be the nats Service');
  const chroma = find(objs, 'StatefulSet', 'chroma') as Workload | undefined;
  const chromaImage = chroma && ((podSpec(chroma).containers ?? []) as Container[])[0]!.image;
  if (!chromaImage || !/^chromadb\/chroma:1\.0\.\d+$/.test(chromaImage))
    problems.push('Chroma must be a StatefulSet of chromadb/chroma:1.0.x');
  if (chroma && !((chroma.spec.volumeClaimTemplates ?? []) as JsonObject[]).length) problems.push('Chroma needs a volume');
  return problems;
}

// ── Rendering ───────────────────────────────────────────────────────────────────────────────

const renders = new Map<Overlay, KObject[]>();
const rendered = (overlay: Overlay) => {
  if (!renders.has(overlay)) renders.set(overlay, render(join(DEPLOY, 'k8s', 'overlays', overlay)));
  return structuredClone(renders.get(overlay)!);
};
const documentedVariables = new Set(
  readFileSync(join(ROOT, '.env.example'), 'utf8')
    .split('\n')
    .map((line) => /^([A-Z][A-Z0-9_]*)=/.exec(line)?.[1])
    .filter((v): v is string => !!v),
);

describe.each(OVERLAYS)('deploy/k8s/overlays/%s', (overlay) => {
  it('renders', () => {
    expect(rendered(overlay).length).toBeGreaterThan(40);
  });
  it('is valid against the Kubernetes and CRD schemas, with no unknown field', () => {
    expect(schemaProblems(rendered(overlay))).toEqual([]);
  });
  it('labels every object app.kubernetes.io/{name,part-of,component} and keeps it in the namespace', () => {
    expect(metadataProblems(rendered(overlay))).toEqual([]);
  });
  it('pins every image', () => {
    expect(imageProblems(rendered(overlay))).toEqual([]);
  });
  it('hardens every pod and container', () => {
    expect(hardeningProblems(rendered(overlay))).toEqual([]);
  });
  it('probes the ops endpoints and shuts down after the NATS drain', () => {
    expect(appProblems(rendered(overlay))).toEqual([]);
  });
  it('wires Services, HPAs and PDBs to real workloads and ports', () => {
    expect(wiringProblems(rendered(overlay))).toEqual([]);
  });
  it('resolves every ConfigMap and Secret reference, with no secret in git', () => {
    expect(referenceProblems(rendered(overlay), overlay)).toEqual([]);
  });
  it('gives each process an environment its own config schema accepts', () => {
    expect(configProblems(rendered(overlay), overlay, documentedVariables)).toEqual([]);
  });
  it('gives the processes one configuration truth: issuer, client, audience, URLs, region, tables, bucket, NATS', () => {
    expect(truthProblems(rendered(overlay), overlay)).toEqual([]);
  });
  it('allows exactly the network flows TaskSensei needs', () => {
    expect(networkProblems(rendered(overlay), overlay)).toEqual([]);
  });
  it('exposes only the gateway through the Gateway API: the API, WebSockets and the webhook, TLS in production', () => {
    expect(edgeProblems(rendered(overlay), overlay)).toEqual([]);
  });
  it('runs NATS with JetStream as a 3-server cluster on volumes, and Chroma on a volume', () => {
    expect(natsProblems(rendered(overlay))).toEqual([]);
  });
});

describe('deploy/k8s/overlays/production specifics', () => {
  const objs = () => rendered('production');

  it('spreads the NATS servers over three zones, required, and never two on one node', () => {
    const sts = find(objs(), 'StatefulSet', 'nats') as Workload;
    const zone = ((podSpec(sts).topologySpreadConstraints ?? []) as JsonObject[]).find(
      (t) => t.topologyKey === 'topology.kubernetes.io/zone',
    );
    expect(zone).toEqual(expect.objectContaining({ whenUnsatisfiable: 'DoNotSchedule', maxSkew: 1, minDomains: 3 }));
    expect(get(podSpec(sts), 'affinity', 'podAntiAffinity', 'requiredDuringSchedulingIgnoredDuringExecution', 0, 'topologyKey')).toBe(
      'kubernetes.io/hostname',
    );
  });

  it('annotates each AWS service account with its IRSA role, and the gateway with none', () => {
    for (const name of AWS_SERVICES) {
      expect(find(objs(), 'ServiceAccount', name)?.metadata.annotations?.['eks.amazonaws.com/role-arn']).toMatch(
        new RegExp(`^arn:aws:iam::\\d{12}:role/tasksensei-${name}$`),
      );
    }
    expect(find(objs(), 'ServiceAccount', 'gateway')?.metadata.annotations?.['eks.amazonaws.com/role-arn']).toBeUndefined();
  });

  it('scrapes every process with ServiceMonitors that name existing Service ports', () => {
    const services = byKind(objs(), 'Service');
    const monitors = byKind(objs(), 'ServiceMonitor');
    expect(monitors.length).toBeGreaterThan(0);
    for (const name of [...APPS, 'nats-headless']) {
      const svc = services.find((s) => s.metadata.name === name)!;
      const scraped = monitors.some(
        (m) =>
          matchesSelector(get(m, 'spec', 'selector'), svc.metadata.labels ?? {}) &&
          ((get(m, 'spec', 'endpoints') ?? []) as JsonObject[]).some((e) =>
            ((get(svc, 'spec', 'ports') ?? []) as JsonObject[]).some((p) => p.name === e.port),
          ),
      );
      expect({ service: name, scraped }).toEqual({ service: name, scraped: true });
    }
  });

  it('ships alerts that are documented and use metrics the code defines', () => {
    const rules = byKind(objs(), 'PrometheusRule').flatMap((r) =>
      ((get(r, 'spec', 'groups') ?? []) as JsonObject[]).flatMap((g) => (g.rules ?? []) as JsonObject[]),
    );
    const doc = readFileSync(join(ROOT, 'docs', 'operations.md'), 'utf8');
    const sources = sourceText();
    const problems: string[] = [];
    expect(rules.length).toBeGreaterThanOrEqual(5);
    for (const rule of rules) {
      const name = String(rule.alert);
      if (!['warning', 'critical'].includes(String(get(rule, 'labels', 'severity'))))
        problems.push(`${name}: severity must be warning or critical`);
      for (const field of ['summary', 'description'])
        if (!get(rule, 'annotations', field)) problems.push(`${name}: annotation ${field} missing`);
      if (get(rule, 'annotations', 'runbook_url') !== `docs/operations.md#${name.toLowerCase()}`)
        problems.push(`${name}: runbook_url must be docs/operations.md#${name.toLowerCase()}`);
      if (!new RegExp(`^#{2,4} ${name}$`, 'm').test(doc)) problems.push(`${name}: no "### ${name}" section in docs/operations.md`);
      const expr = String(rule.expr);
      let depth = 0;
      for (const ch of expr) depth += ch === '(' ? 1 : ch === ')' ? -1 : 0;
      if (depth !== 0) problems.push(`${name}: unbalanced parentheses`);
      for (const metric of expr.match(/\btasksensei_[a-z_]+/g) ?? []) {
        const base = metric.replace(/_(bucket|count|sum)$/, '');
        if (!sources.includes(`'${base}'`)) problems.push(`${name}: metric ${base} is not defined in libs/ or services/`);
      }
    }
    // NATS: the exporter sidecar serves jetstream_* with -jsz and nats_varz_* with -varz -prefix=nats.
    const exporter = ((podSpec(find(objs(), 'StatefulSet', 'nats') as Workload).containers ?? []) as Container[]).find(
      (c) => c.name === 'metrics',
    );
    const args = (exporter?.args ?? []) as string[];
    for (const rule of rules) {
      const expr = String(rule.expr);
      if (/\bjetstream_/.test(expr) && !args.includes('-jsz=all'))
        problems.push(`${String(rule.alert)}: jetstream_ metrics need the exporter's -jsz=all`);
      if (/\bnats_varz_/.test(expr) && !(args.includes('-varz') && args.includes('-prefix=nats')))
        problems.push(`${String(rule.alert)}: nats_varz_ metrics need -varz -prefix=nats`);
    }
    for (const name of [
      'TaskSenseiGatewayHighErrorRate',
      'TaskSenseiGatewayHighLatency',
      'TaskSenseiNatsRequestTimeouts',
      'TaskSenseiEventConsumerRetries',
      'TaskSenseiPodNotReady',
      'TaskSenseiJetStreamStorageHigh',
      'TaskSenseiJetStreamNoMetaLeader',
      'TaskSenseiJetStreamConsumerLag',
      'TaskSenseiNatsSlowConsumers',
    ]) {
      if (!rules.some((r) => r.alert === name)) problems.push(`alert ${name} missing`);
    }
    expect(problems).toEqual([]);
  });
});

describe('docs/operations.md, the runbook', () => {
  const doc = readFileSync(join(ROOT, 'docs', 'operations.md'), 'utf8');
  const section = (title: string) => {
    const start = doc.search(new RegExp(`^#{2,3} ${title}$`, 'm'));
    if (start < 0) return '';
    const rest = doc.slice(doc.indexOf('\n', start) + 1);
    const next = rest.search(/^#{2,3} /m);
    return next < 0 ? rest : rest.slice(0, next);
  };
  it('says how to upgrade the app, NATS, Chroma and Node', () => {
    const upgrade = section('Upgrade');
    for (const part of ['TaskSensei', 'NATS', 'Chroma', 'Node.js'])
      expect({ part, covered: upgrade.includes(`**${part}`) }).toEqual({ part, covered: true });
  });
  it('rolls back through git, and restores a table the services can then use', () => {
    expect(section('Roll back')).toMatch(/git revert/);
    expect(section('DynamoDB')).toMatch(/DYNAMODB_TABLE_NAMES=\{"profiles":"tasksensei-profiles-r\d+"\}/);
    expect(documentedVariables.has('DYNAMODB_TABLE_NAMES')).toBe(true);
  });
  it('rotates every secret: NATS credentials and certificates included', () => {
    for (const title of [
      'OIDC signing keys',
      'Stripe webhook secret and API key',
      'LLM key',
      'NATS credentials',
      'NATS TLS certificates',
      'KMS key and AWS credentials',
    ]) {
      expect({ title, documented: section(title).length > 40 }).toEqual({ title, documented: true });
    }
  });
  it('documents rebuilding Chroma with the tool the chat image ships', () => {
    expect(section('Chroma')).toContain('node dist/rebuild-memory.js');
    expect(existsSync(join(ROOT, 'services', 'chat', 'src', 'rebuild-memory.ts'))).toBe(true);
  });
});

let sourceCache: string | undefined;
function sourceText(): string {
  if (sourceCache !== undefined) return sourceCache;
  const texts: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.spec.ts')) texts.push(readFileSync(path, 'utf8'));
    }
  };
  for (const group of ['libs', 'services']) {
    for (const pkg of readdirSync(join(ROOT, group))) if (existsSync(join(ROOT, group, pkg, 'src'))) walk(join(ROOT, group, pkg, 'src'));
  }
  return (sourceCache = texts.join('\n'));
}

// ── The checks have teeth: each breaks on a deliberately broken copy ────────────────────────

describe('the checks catch regressions', () => {
  const mutate = (fn: (objs: KObject[]) => void) => {
    const objs = rendered('production');
    fn(objs);
    return objs;
  };
  const users = (objs: KObject[]) => find(objs, 'Deployment', 'users') as Workload;
  const usersContainer = (objs: KObject[]) => ((podSpec(users(objs)).containers ?? []) as Container[])[0]!;

  it('a pod without runAsNonRoot', () => {
    const objs = mutate((o) => delete (podSpec(users(o)).securityContext as JsonObject).runAsNonRoot);
    expect(hardeningProblems(objs)).toContain('Deployment/users: pod securityContext.runAsNonRoot must be true');
  });
  it('a container that may write its root filesystem or escalate', () => {
    const objs = mutate((o) => {
      (usersContainer(o).securityContext as JsonObject).readOnlyRootFilesystem = false;
      delete (usersContainer(o).securityContext as JsonObject).allowPrivilegeEscalation;
    });
    expect(hardeningProblems(objs)).toEqual(
      expect.arrayContaining([expect.stringMatching(/readOnlyRootFilesystem/), expect.stringMatching(/allowPrivilegeEscalation/)]),
    );
  });
  it('a misspelt field, which the API server would drop', () => {
    const objs = mutate((o) => {
      const sc = usersContainer(o).securityContext as JsonObject;
      sc.readOnlyRootFileSystem = true;
    });
    expect(schemaProblems(objs)).toEqual([expect.stringMatching(/Deployment\/users: .*readOnlyRootFileSystem: unknown field/)]);
  });
  it('a wrongly typed field', () => {
    const objs = mutate((o) => ((usersContainer(o).ports as JsonObject[])[0]!.containerPort = 'eighty'));
    expect(schemaProblems(objs).join('\n')).toMatch(/containerPort must be integer/);
  });
  it('a floating image tag', () => {
    const objs = mutate((o) => (usersContainer(o).image = 'tasksensei/users:latest'));
    expect(imageProblems(objs).join('\n')).toMatch(/not pinned/);
  });
  it('a grace period shorter than the drain', () => {
    const objs = mutate((o) => (podSpec(users(o)).terminationGracePeriodSeconds = 5));
    expect(appProblems(objs).join('\n')).toMatch(/users: terminationGracePeriodSeconds 5/);
  });
  it('a policy that opens a service to every namespace', () => {
    const objs = mutate((o) =>
      o.push({
        apiVersion: 'networking.k8s.io/v1',
        kind: 'NetworkPolicy',
        metadata: { name: 'oops', namespace: NAMESPACE },
        spec: { podSelector: {}, policyTypes: ['Ingress'], ingress: [{ from: [{ namespaceSelector: {} }] }] },
      } as KObject),
    );
    expect(networkProblems(objs, 'production').join('\n')).toMatch(/envoy-gateway-proxy -> users:8082\/TCP should be denied/);
  });
  it('a configuration the service would refuse', () => {
    const objs = mutate(
      (o) =>
        ((
          find(o, 'ConfigMap', o.find((x) => x.metadata.name.startsWith('tasksensei-common-'))!.metadata.name)!.data as JsonObject
        ).NATS_URL = 'http://nats:4222'),
    );
    expect(configProblems(objs, 'production', documentedVariables).join('\n')).toMatch(/would not start: invalid configuration: NATS_URL/);
  });
  it('a gateway that verifies tokens of another issuer than auth signs in with', () => {
    const objs = mutate((o) => {
      const gateway = ((podSpec(find(o, 'Deployment', 'gateway') as Workload).containers ?? []) as Container[])[0]!;
      gateway.envFrom = ((gateway.envFrom ?? []) as JsonObject[]).filter(
        (e) => !String(get(e, 'configMapRef', 'name')).startsWith('tasksensei-identity'),
      );
    });
    expect(truthProblems(objs, 'production')).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/gateway and auth disagree on OIDC_ISSUER_URL/),
        expect.stringMatching(/disagree on OIDC_CLIENT_ID/),
      ]),
    );
  });
  it('a bucket the web client may not upload to', () => {
    const objs = mutate(
      (o) =>
        ((find(o, 'ConfigMap', o.find((x) => x.metadata.name.startsWith('files-config-'))!.metadata.name)!.data as JsonObject).S3_BUCKET =
          'other-bucket'),
    );
    expect(truthProblems(objs, 'production').join('\n')).toMatch(
      /does not allow uploads to https:\/\/other-bucket\.s3\.us-east-1\.amazonaws\.com/,
    );
  });
  it('an edge that serves the app over plain HTTP or times WebSockets out', () => {
    const objs = mutate((o) => {
      const realtime = find(o, 'HTTPRoute', 'gateway-realtime')!;
      (get(realtime, 'spec', 'rules', 0) as JsonObject).timeouts = { request: '60s' };
      (get(realtime, 'spec', 'parentRefs', 0) as JsonObject).sectionName = 'http';
    });
    expect(edgeProblems(objs, 'production')).toEqual(
      expect.arrayContaining([
        'socket.io needs no request timeout (0s) or at least an hour, for WebSockets',
        'socket.io (/socket.io) must be served on the https listener (PUBLIC_URL is https:)',
        'plain HTTP must only redirect to https',
      ]),
    );
  });
  it('a plain Secret in production', () => {
    const objs = mutate((o) =>
      o.push({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 'leak', namespace: NAMESPACE }, data: {} } as KObject),
    );
    expect(referenceProblems(objs, 'production')).toContain('Secret leak: production gets secrets from ExternalSecrets only');
  });
});

// ── The renderer agrees with kustomize itself (when kubectl is installed) ───────────────────

const kubectl = spawnSync('kubectl', ['version', '--client'], { encoding: 'utf8' }).status === 0;
(kubectl ? describe : describe.skip)('kubectl kustomize (installed here)', () => {
  it.each(OVERLAYS)('renders overlays/%s exactly as deploy/test/kustomize.ts does', (overlay) => {
    const result = spawnSync('kubectl', ['kustomize', join(DEPLOY, 'k8s', 'overlays', overlay)], {
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
    });
    expect({ status: result.status, stderr: result.stderr }).toEqual({ status: 0, stderr: expect.any(String) });
    const key = (o: KObject) => `${o.kind}/${o.metadata.namespace ?? ''}/${o.metadata.name}`;
    const sort = (objs: KObject[]) => [...objs].sort((a, b) => (key(a) < key(b) ? -1 : 1));
    const theirs = sort(parseYamlDocuments(result.stdout, 'kubectl kustomize') as KObject[]);
    // kubectl wraps the base64 of a Secret's file data at 76 columns; the bytes are the same.
    for (const o of theirs)
      if (o.kind === 'Secret' && isObject(o.data)) for (const k of Object.keys(o.data)) o.data[k] = String(o.data[k]).replace(/\s+/g, '');
    const ours = sort(rendered(overlay));
    expect(ours.map(key)).toEqual(theirs.map(key));
    expect(ours).toEqual(theirs);
  });
});

// ── cfn-lint (when installed: not packaged by Debian 12, so CI relies on the checks above) ──

const cfnLint = spawnSync('cfn-lint', ['--version'], { encoding: 'utf8' }).status === 0;
(cfnLint ? describe : describe.skip)('cfn-lint (installed here)', () => {
  it('finds nothing in deploy/aws/tasksensei.yaml', () => {
    const result = spawnSync('cfn-lint', [join(DEPLOY, 'aws', 'tasksensei.yaml')], { encoding: 'utf8' });
    expect({ status: result.status, out: result.stdout + result.stderr }).toEqual({ status: 0, out: '' });
  });
});

// ── Docker image ────────────────────────────────────────────────────────────────────────────

describe('Dockerfile', () => {
  const dockerfile = readFileSync(join(ROOT, 'Dockerfile'), 'utf8');
  const rootPackage = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { workspaces: string[] };

  it('copies every workspace manifest, so `npm ci` sees the whole lockfile', () => {
    const workspaces = rootPackage.workspaces.flatMap((pattern) => {
      const dir = pattern.replace(/\/\*$/, '');
      return readdirSync(join(ROOT, dir))
        .filter((name) => existsSync(join(ROOT, dir, name, 'package.json')))
        .map((name) => `${dir}/${name}`);
    });
    for (const workspace of workspaces) expect(dockerfile).toContain(`COPY ${workspace}/package.json ${workspace}/`);
    // ...and names no workspace that is gone (COPY of a missing file fails the build).
    const copied = [...dockerfile.matchAll(/^COPY (\S+)\/package\.json \1\/$/gm)].map((m) => m[1]);
    expect(copied.sort()).toEqual([...workspaces].sort());
  });

  it('keeps host build output and secrets out of the build context', () => {
    const ignore = readFileSync(join(ROOT, '.dockerignore'), 'utf8').split('\n');
    for (const entry of ['**/node_modules', '**/dist', '.git', '.env', '.data']) expect(ignore).toContain(entry);
  });
});

// ── AWS (CloudFormation) ────────────────────────────────────────────────────────────────────

describe('deploy/aws/tasksensei.yaml', () => {
  const template: Template = parseTemplate(readFileSync(join(DEPLOY, 'aws', 'tasksensei.yaml'), 'utf8'));
  const resources = Object.entries(template.Resources);
  const ofType = (type: string) => resources.filter(([, r]) => r.Type === type);
  const props = (id: string) => template.Resources[id]!.Properties ?? {};
  const resolve = (value: Json) => resolveValue(template, value);
  const keyRef = (value: Json) =>
    JSON.stringify(value) === JSON.stringify({ Ref: 'DataKey' }) ||
    JSON.stringify(value) === JSON.stringify({ 'Fn::GetAtt': ['DataKey', 'Arn'] });

  it('is valid against the CloudFormation resource specification', () => {
    expect(validateTemplate(template)).toEqual([]);
  });

  it('encrypts with one KMS key that rotates', () => {
    expect(ofType('AWS::KMS::Key').map(([id]) => id)).toEqual(['DataKey']);
    expect(props('DataKey').EnableKeyRotation).toBe(true);
    expect(template.Resources.DataKey!.DeletionPolicy).toBe('Retain');
  });

  it('makes every table on-demand, point-in-time recoverable, KMS-encrypted, protected and owned by one service', () => {
    const tables = ofType('AWS::DynamoDB::Table');
    expect(tables.length).toBeGreaterThanOrEqual(11);
    const problems: string[] = [];
    const names = new Set<string>();
    for (const [id, table] of tables) {
      const p = table.Properties!;
      const name = String(resolve(p.TableName!));
      if (names.has(name)) problems.push(`${id}: duplicate table name ${name}`);
      names.add(name);
      if (!name.startsWith(String(template.Parameters.TablePrefix!.Default))) problems.push(`${id}: name must start with the TablePrefix`);
      if (p.BillingMode !== 'PAY_PER_REQUEST') problems.push(`${id}: BillingMode must be PAY_PER_REQUEST`);
      if (get(p, 'PointInTimeRecoverySpecification', 'PointInTimeRecoveryEnabled') !== true) problems.push(`${id}: PITR off`);
      if (
        get(p, 'SSESpecification', 'SSEEnabled') !== true ||
        get(p, 'SSESpecification', 'SSEType') !== 'KMS' ||
        !keyRef(get(p, 'SSESpecification', 'KMSMasterKeyId') ?? null)
      ) {
        problems.push(`${id}: must be encrypted with DataKey`);
      }
      if (p.DeletionProtectionEnabled !== true || table.DeletionPolicy !== 'Retain' || table.UpdateReplacePolicy !== 'Retain')
        problems.push(`${id}: must be protected and retained`);
      const owner = ((p.Tags ?? []) as JsonObject[]).find((t) => t.Key === 'tasksensei:owner')?.Value;
      if (!(AWS_SERVICES as readonly string[]).includes(String(owner))) problems.push(`${id}: tag tasksensei:owner must name a service`);
      // CloudFormation refuses attribute definitions that no key schema uses, and keys without one.
      const defined = ((p.AttributeDefinitions ?? []) as JsonObject[]).map((a) => String(a.AttributeName));
      const keys = [p.KeySchema, ...((p.GlobalSecondaryIndexes ?? []) as JsonObject[]).map((g) => g.KeySchema)].flatMap((ks) =>
        ((ks ?? []) as JsonObject[]).map((k) => String(k.AttributeName)),
      );
      if ([...new Set(defined)].sort().join() !== [...new Set(keys)].sort().join())
        problems.push(`${id}: AttributeDefinitions ${defined.join()} must be exactly the key attributes ${keys.join()}`);
    }
    expect(problems).toEqual([]);
  });

  it('keeps the files bucket private, versioned, TLS-only and KMS-encrypted, with CORS for the app origin', () => {
    const bucket = props('FilesBucket');
    expect(get(bucket, 'PublicAccessBlockConfiguration')).toEqual({
      BlockPublicAcls: true,
      BlockPublicPolicy: true,
      IgnorePublicAcls: true,
      RestrictPublicBuckets: true,
    });
    const sse = get(bucket, 'BucketEncryption', 'ServerSideEncryptionConfiguration', 0) as JsonObject;
    expect(get(sse, 'ServerSideEncryptionByDefault', 'SSEAlgorithm')).toBe('aws:kms');
    expect(keyRef(get(sse, 'ServerSideEncryptionByDefault', 'KMSMasterKeyID') ?? null)).toBe(true);
    expect(sse.BucketKeyEnabled).toBe(true);
    expect(get(bucket, 'VersioningConfiguration', 'Status')).toBe('Enabled');
    const cors = get(bucket, 'CorsConfiguration', 'CorsRules', 0) as JsonObject;
    expect(cors.AllowedOrigins).toEqual([{ Ref: 'AppOrigin' }]);
    expect(cors.AllowedMethods).toEqual(expect.arrayContaining(['PUT', 'GET']));
    const policy = ofType('AWS::S3::BucketPolicy').find(
      ([, r]) => JSON.stringify(r.Properties?.Bucket) === JSON.stringify({ Ref: 'FilesBucket' }),
    );
    const statements = (get(policy?.[1].Properties, 'PolicyDocument', 'Statement') ?? []) as JsonObject[];
    const tls = statements.find((s) => s.Effect === 'Deny' && get(s, 'Condition', 'Bool', 'aws:SecureTransport') === 'false');
    expect(tls && resolve(tls.Resource ?? null)).toEqual(['<FilesBucket.Arn>', '<FilesBucket.Arn>/*']);
  });

  it('splits key administrators from key users: no kms:*, admins cannot use the key, users only through the data services', () => {
    const statements = (get(props('DataKey'), 'KeyPolicy', 'Statement') ?? []) as JsonObject[];
    const actions = (s: JsonObject) => ([] as Json[]).concat(s.Action ?? []).map(String);
    const crypto = /^kms:(Encrypt|Decrypt|ReEncrypt|GenerateDataKey|Sign|Verify)/;
    expect(statements.flatMap(actions).filter((a) => a === 'kms:*' || a === '*')).toEqual([]);
    const admin = statements.find((s) => s.Sid === 'KeyAdministration')!;
    expect(get(admin, 'Principal', 'AWS')).toEqual({ Ref: 'KeyAdminRoleArns' });
    expect(actions(admin).filter((a) => crypto.test(a))).toEqual([]);
    expect(actions(admin)).toEqual(expect.arrayContaining(['kms:Put*', 'kms:ScheduleKeyDeletion', 'kms:Disable*']));
    for (const s of statements.filter((x) => x.Sid !== 'KeyAdministration')) {
      expect({
        sid: s.Sid,
        admin: actions(s).filter((a) =>
          /^kms:(Put|Create(?!Grant)|Delete|Disable|Enable|Update|ScheduleKeyDeletion|CancelKeyDeletion|TagResource|UntagResource)/.test(a),
        ),
      }).toEqual({ sid: s.Sid, admin: [] });
      const account = JSON.stringify(get(s, 'Principal', 'AWS') ?? null).includes(':root');
      if (account)
        expect({ sid: s.Sid, principals: resolve(get(s, 'Condition', 'ArnLike', 'aws:PrincipalArn') ?? null) }).toEqual({
          sid: s.Sid,
          principals: 'arn:aws:iam::123456789012:role/tasksensei-*',
        });
    }
    const use = statements.find((s) => actions(s).includes('kms:Decrypt') && JSON.stringify(s.Principal).includes(':root'))!;
    expect(
      (resolve(get(use, 'Condition', 'StringEquals', 'kms:ViaService') ?? null) as string[]).map((v) => v.split('.')[0]).sort(),
    ).toEqual(['backup', 'dynamodb', 's3', 'secretsmanager']);
  });

  it('lets a PUT into the bucket only as SSE-KMS with DataKey, over TLS 1.2+, and keeps multipart parts working', () => {
    const policy = ofType('AWS::S3::BucketPolicy').find(
      ([, r]) => JSON.stringify(r.Properties?.Bucket) === JSON.stringify({ Ref: 'FilesBucket' }),
    )!;
    const statements = (get(policy[1].Properties, 'PolicyDocument', 'Statement') ?? []) as JsonObject[];
    const KEY = '<DataKey.Arn>';
    const denied = (request: Record<string, string>, action = 's3:PutObject') =>
      statements.some((st) => st.Effect === 'Deny' && denies(st, action, request));
    const denies = (st: JsonObject, action: string, request: Record<string, string>) => {
      const acts = ([] as Json[]).concat(st.Action ?? []).map(String);
      if (!acts.some((a) => a === action || a === 's3:*')) return false;
      // IAM semantics: every operator must hold; a key absent from the request makes a negated
      // operator (StringNotEquals...) true and a positive one false, and `Null` tests presence.
      return Object.entries((st.Condition ?? {}) as Record<string, Record<string, Json>>).every(([operator, keys]) =>
        Object.entries(keys).every(([key, raw]) => {
          const wanted = ([] as Json[]).concat(resolve(raw)).map(String);
          const value = request[key];
          const op = operator.replace(/IfExists$/, '');
          if (value === undefined) return op === 'Null' ? wanted[0] === 'true' : op.includes('Not') || operator.endsWith('IfExists');
          switch (op) {
            case 'Null':
              return wanted[0] === 'false';
            case 'StringEquals':
              return wanted.includes(value);
            case 'StringNotEquals':
              return !wanted.includes(value);
            case 'Bool':
              return wanted.includes(value);
            case 'NumericLessThan':
              return Number(value) < Number(wanted[0]);
            default:
              throw new Error(`operator ${operator} not evaluated here`);
          }
        }),
      );
    };
    const tls = { 'aws:SecureTransport': 'true', 's3:TlsVersion': '1.3' };
    const kms = { 's3:x-amz-server-side-encryption': 'aws:kms', 's3:x-amz-server-side-encryption-aws-kms-key-id': KEY };
    expect({
      presignedPut: denied({ ...tls, ...kms }),
      uploadPart: denied({ ...tls }),
      sseS3: denied({ ...tls, 's3:x-amz-server-side-encryption': 'AES256' }),
      kmsDefaultAwsKey: denied({ ...tls, 's3:x-amz-server-side-encryption': 'aws:kms' }),
      otherKey: denied({
        ...tls,
        ...kms,
        's3:x-amz-server-side-encryption-aws-kms-key-id': 'arn:aws:kms:us-east-1:123456789012:key/other',
      }),
      dsse: denied({ ...tls, ...kms, 's3:x-amz-server-side-encryption': 'aws:kms:dsse' }),
      customerKey: denied({ ...tls, 's3:x-amz-server-side-encryption-customer-algorithm': 'AES256' }),
      plainHttp: denied({ ...kms, 'aws:SecureTransport': 'false', 's3:TlsVersion': '1.3' }),
      tls11: denied({ ...kms, 'aws:SecureTransport': 'true', 's3:TlsVersion': '1.1' }),
      httpGet: denied({ 'aws:SecureTransport': 'false' }, 's3:GetObject'),
    }).toEqual({
      presignedPut: false,
      uploadPart: false,
      sseS3: true,
      kmsDefaultAwsKey: true,
      otherKey: true,
      dsse: true,
      customerKey: true,
      plainHttp: true,
      tls11: true,
      httpGet: true,
    });
    // A headerless PUT gets the bucket's default: SSE-KMS with DataKey.
    expect(
      resolve(
        get(
          props('FilesBucket'),
          'BucketEncryption',
          'ServerSideEncryptionConfiguration',
          0,
          'ServerSideEncryptionByDefault',
          'KMSMasterKeyID',
        ) ?? null,
      ),
    ).toBe(KEY);
  });

  it('lets the files role list its own prefix only', () => {
    const role = ofType('AWS::IAM::Role').find(([, r]) => resolve(r.Properties!.RoleName!) === 'tasksensei-files')![1];
    const statements = ((role.Properties!.Policies ?? []) as JsonObject[]).flatMap(
      (p) => (get(p, 'PolicyDocument', 'Statement') ?? []) as JsonObject[],
    );
    const listing = statements.filter((st) => ([] as Json[]).concat(st.Action ?? []).includes('s3:ListBucket'));
    expect(listing.map((st) => st.Condition)).toEqual([{ StringLike: { 's3:prefix': { 'Fn::Sub': '${FilesKeyPrefix}*' } } }]);
  });

  it('sends Cognito’s mail through SES', () => {
    const mail = get(props('UserPool'), 'EmailConfiguration') as JsonObject;
    expect(mail).toEqual(expect.objectContaining({ EmailSendingAccount: 'DEVELOPER', SourceArn: { Ref: 'SesIdentityArn' } }));
    expect(JSON.stringify(mail.From)).toContain('MailFromAddress');
  });

  it('has an immutable, scanned ECR repository for each image the production overlay runs', () => {
    const repos = new Map(ofType('AWS::ECR::Repository').map(([, r]) => [String(resolve(r.Properties!.RepositoryName!)), r.Properties!]));
    const images = workloads(rendered('production'))
      .flatMap((w) => containersOf(w).map((c) => parseImage(c.image).name))
      .filter((n) => n.includes('.dkr.ecr.'));
    expect(images.length).toBe(APPS.length);
    for (const image of images) {
      const repo = repos.get(image.split('/').slice(1).join('/'));
      expect({ image, immutable: repo?.ImageTagMutability, scan: get(repo, 'ImageScanningConfiguration', 'ScanOnPush') }).toEqual({
        image,
        immutable: 'IMMUTABLE',
        scan: true,
      });
    }
  });

  it('backs up every table and the bucket with AWS Backup into a vault under DataKey', () => {
    const selection = get(props('BackupSelection'), 'BackupSelection') as JsonObject;
    const covered = ((selection.Resources ?? []) as Json[]).map((r) => JSON.stringify(r));
    const expected = [...ofType('AWS::DynamoDB::Table'), ...ofType('AWS::S3::Bucket')].map(([id]) =>
      JSON.stringify({ 'Fn::GetAtt': [id, 'Arn'] }),
    );
    expect(covered.sort()).toEqual(expected.sort());
    expect(keyRef(props('BackupVault').EncryptionKeyArn ?? null)).toBe(true);
    const rules = get(props('BackupPlan'), 'BackupPlan', 'BackupPlanRule') as JsonObject[];
    expect(rules.map((r) => Number(get(r, 'Lifecycle', 'DeleteAfterDays')))).toEqual(expect.arrayContaining([35, 365]));
  });

  it('alarms on DynamoDB throttles and errors, S3 5xx and failed backups, each documented', () => {
    const doc = readFileSync(join(ROOT, 'docs', 'operations.md'), 'utf8');
    const alarms = ofType('AWS::CloudWatch::Alarm').map(([, a]) => a.Properties!);
    const text = alarms.map((a) => JSON.stringify(a)).join('\n');
    for (const metric of ['ThrottledRequests', 'SystemErrors', '5xxErrors', 'NumberOfBackupJobsFailed'])
      expect({ metric, alarmed: text.includes(metric) }).toEqual({ metric, alarmed: true });
    for (const alarm of alarms) {
      expect({ alarm: resolve(alarm.AlarmName!), actions: alarm.AlarmActions }).toEqual({
        alarm: resolve(alarm.AlarmName!),
        actions: [{ Ref: 'AlarmTopic' }],
      });
      expect(String(alarm.AlarmDescription)).toContain('docs/operations.md#cloudwatch-alarms');
    }
    expect(doc).toMatch(/^### CloudWatch alarms$/m);
    expect(keyRef(props('AlarmTopic').KmsMasterKeyId ?? null)).toBe(true);
  });

  it('registers a public PKCE client in Cognito: no secret, code flow, openid email profile, the callback parameter', () => {
    const [, client] = ofType('AWS::Cognito::UserPoolClient')[0]!;
    const p = client.Properties!;
    expect(p.GenerateSecret).toBe(false);
    expect(p.AllowedOAuthFlowsUserPoolClient).toBe(true);
    expect(p.AllowedOAuthFlows).toEqual(['code']);
    expect([...(p.AllowedOAuthScopes as string[])].sort()).toEqual(['email', 'openid', 'profile']);
    expect(p.CallbackURLs).toEqual([{ Ref: 'CallbackUrl' }]);
  });

  it('gives each service one IRSA role: its ServiceAccount only, its own tables only', () => {
    const tableOwner = new Map(
      ofType('AWS::DynamoDB::Table').map(([id, t]) => [
        id,
        String(((t.Properties!.Tags ?? []) as JsonObject[]).find((x) => x.Key === 'tasksensei:owner')?.Value),
      ]),
    );
    const problems: string[] = [];
    const namespace = String(template.Parameters.KubernetesNamespace!.Default);
    const oidc = 'oidc.eks.us-east-1.amazonaws.com/id/EXAMPLE';
    for (const service of [...AWS_SERVICES, 'secrets-reader']) {
      const found = ofType('AWS::IAM::Role').find(([, r]) => resolve(r.Properties!.RoleName!) === `tasksensei-${service}`);
      if (!found) {
        problems.push(`no role tasksensei-${service}`);
        continue;
      }
      const [id, role] = found;
      const trust = JSON.parse(
        String(resolveValue(template, role.Properties!.AssumeRolePolicyDocument!, { EksOidcProviderUrl: oidc })),
      ) as JsonObject;
      const statement = get(trust, 'Statement') as JsonObject[];
      if (
        statement.length !== 1 ||
        get(statement[0], 'Action') !== 'sts:AssumeRoleWithWebIdentity' ||
        get(statement[0], 'Principal', 'Federated') !== `arn:aws:iam::123456789012:oidc-provider/${oidc}`
      ) {
        problems.push(`${id}: trust must be the cluster's OIDC provider only`);
      }
      if (
        JSON.stringify(get(statement[0], 'Condition')) !==
        JSON.stringify({
          StringEquals: { [`${oidc}:sub`]: `system:serviceaccount:${namespace}:${service}`, [`${oidc}:aud`]: 'sts.amazonaws.com' },
        })
      ) {
        problems.push(`${id}: trust must be limited to system:serviceaccount:${namespace}:${service} and audience sts.amazonaws.com`);
      }
      for (const policy of (role.Properties!.Policies ?? []) as JsonObject[]) {
        for (const s of (get(policy, 'PolicyDocument', 'Statement') ?? []) as JsonObject[]) {
          const actions = ([] as Json[]).concat(s.Action ?? []).map(String);
          const targets = ([] as Json[]).concat(s.Resource ?? []);
          if (s.Effect !== 'Allow') continue;
          if (actions.some((a) => a === '*' || /^[a-z0-9]+:\*$/.test(a) || /^iam:/.test(a)))
            problems.push(`${id}: wildcard or IAM action ${actions.join()}`);
          if (actions.some((a) => /^dynamodb:(Create|Delete|Update)Table|^dynamodb:Scan$/.test(a)))
            problems.push(`${id}: table administration or Scan is not needed at run time`);
          if (targets.includes('*') && !(actions.length === 1 && actions[0] === 'dynamodb:ListTables'))
            problems.push(`${id}: only dynamodb:ListTables may use Resource "*"`);
          for (const target of targets) {
            const text = JSON.stringify(target);
            for (const [tableId, owner] of tableOwner)
              if (text.includes(`"${tableId}"`) || text.includes(`\${${tableId}.`))
                if (owner !== service) problems.push(`${id}: touches ${tableId}, owned by ${owner}`);
            if (text.includes('FilesBucket') && service !== 'files') problems.push(`${id}: touches the files bucket`);
            if (
              text.includes('FilesBucket') &&
              actions.some((a) => a.startsWith('s3:') && a !== 's3:ListBucket') &&
              resolve(target) !== '<FilesBucket.Arn>/users/*'
            ) {
              problems.push(`${id}: object actions must be limited to the FilesKeyPrefix`);
            }
          }
          if (actions.some((a) => a.startsWith('kms:')) && !get(s, 'Condition', 'StringEquals', 'kms:ViaService'))
            problems.push(`${id}: KMS use must be limited with kms:ViaService`);
        }
      }
    }
    expect(problems).toEqual([]);
  });

  it('matches the production overlay: role names, table prefix, bucket, secrets', () => {
    const objs = rendered('production');
    const roleNames = ofType('AWS::IAM::Role').map(([, r]) => String(resolve(r.Properties!.RoleName!)));
    for (const sa of byKind(objs, 'ServiceAccount')) {
      const arn = sa.metadata.annotations?.['eks.amazonaws.com/role-arn'];
      if (arn) expect(roleNames).toContain(arn.split('/').pop());
    }
    const files = find(objs, 'Deployment', 'files') as Workload;
    const env = containerEnv(objs, ((podSpec(files).containers ?? []) as Container[])[0]!).env;
    expect(env.DYNAMODB_TABLE_PREFIX).toBe(template.Parameters.TablePrefix!.Default);
    expect(env.S3_BUCKET).toBe(resolve(props('FilesBucket').BucketName!));
    const secrets = new Map(
      ofType('AWS::SecretsManager::Secret').map(([, s]) => [
        String(resolve(s.Properties!.Name!)),
        Object.keys(JSON.parse(String(s.Properties!.SecretString)) as object),
      ]),
    );
    for (const es of byKind(objs, 'ExternalSecret')) {
      for (const item of (get(es, 'spec', 'data') ?? []) as JsonObject[]) {
        const key = String(get(item, 'remoteRef', 'key'));
        expect({ key, property: secrets.get(key)?.includes(String(get(item, 'remoteRef', 'property'))) }).toEqual({ key, property: true });
      }
    }
  });
});
