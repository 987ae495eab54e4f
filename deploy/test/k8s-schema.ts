/**
 * Offline schema validation of rendered Kubernetes objects.
 *
 * 1. Types and required fields: the JSON-schema validators (ajv, precompiled) that
 *    `kubernetes-models` generates from the Kubernetes OpenAPI, and the CRD models of
 *    prometheus-operator (ServiceMonitor, PrometheusRule), External Secrets (ExternalSecret,
 *    SecretStore), cert-manager (Certificate, Issuer) and the Gateway API (Gateway, HTTPRoute).
 * 2. Unknown fields, as `kubectl apply --validate=strict` would refuse them: those schemas allow
 *    extra properties, so a typo such as `readOnlyRootFileSystem` would pass step 1 and be
 *    silently dropped by the API server. The same packages ship the schemas as TypeScript
 *    declarations; the TypeScript checker walks each object along its declared type and reports
 *    every property the type does not have.
 */
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { ConfigMap } from 'kubernetes-models/v1/ConfigMap';
import { Namespace } from 'kubernetes-models/v1/Namespace';
import { Secret } from 'kubernetes-models/v1/Secret';
import { Service } from 'kubernetes-models/v1/Service';
import { ServiceAccount } from 'kubernetes-models/v1/ServiceAccount';
import { Deployment } from 'kubernetes-models/apps/v1/Deployment';
import { StatefulSet } from 'kubernetes-models/apps/v1/StatefulSet';
import { HorizontalPodAutoscaler } from 'kubernetes-models/autoscaling/v2/HorizontalPodAutoscaler';
import { PodDisruptionBudget } from 'kubernetes-models/policy/v1/PodDisruptionBudget';
import { Ingress } from 'kubernetes-models/networking.k8s.io/v1/Ingress';
import { NetworkPolicy } from 'kubernetes-models/networking.k8s.io/v1/NetworkPolicy';
import { PrometheusRule } from '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/PrometheusRule';
import { ServiceMonitor } from '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/ServiceMonitor';
import { ExternalSecret } from '@kubernetes-models/external-secrets/external-secrets.io/v1/ExternalSecret';
import { SecretStore } from '@kubernetes-models/external-secrets/external-secrets.io/v1/SecretStore';
import { Certificate } from '@kubernetes-models/cert-manager/cert-manager.io/v1/Certificate';
import { Issuer } from '@kubernetes-models/cert-manager/cert-manager.io/v1/Issuer';
import { Gateway } from '@kubernetes-models/gateway-api/gateway.networking.k8s.io/v1/Gateway';
import { HTTPRoute } from '@kubernetes-models/gateway-api/gateway.networking.k8s.io/v1/HTTPRoute';
import type { KObject } from './kustomize.js';

interface Model {
  validate(): void;
}
type ModelClass = new (data: never) => Model;

/** Every kind deploy/k8s may contain, with its model and the module/interface of its type. */
const KINDS: Record<string, { model: ModelClass; module: string; type: string }> = {
  'v1/Namespace': { model: Namespace, module: 'kubernetes-models/v1/Namespace', type: 'INamespace' },
  'v1/ServiceAccount': { model: ServiceAccount, module: 'kubernetes-models/v1/ServiceAccount', type: 'IServiceAccount' },
  'v1/Service': { model: Service, module: 'kubernetes-models/v1/Service', type: 'IService' },
  'v1/ConfigMap': { model: ConfigMap, module: 'kubernetes-models/v1/ConfigMap', type: 'IConfigMap' },
  'v1/Secret': { model: Secret, module: 'kubernetes-models/v1/Secret', type: 'ISecret' },
  'apps/v1/Deployment': { model: Deployment, module: 'kubernetes-models/apps/v1/Deployment', type: 'IDeployment' },
  'apps/v1/StatefulSet': { model: StatefulSet, module: 'kubernetes-models/apps/v1/StatefulSet', type: 'IStatefulSet' },
  'autoscaling/v2/HorizontalPodAutoscaler': {
    model: HorizontalPodAutoscaler,
    module: 'kubernetes-models/autoscaling/v2/HorizontalPodAutoscaler',
    type: 'IHorizontalPodAutoscaler',
  },
  'policy/v1/PodDisruptionBudget': {
    model: PodDisruptionBudget,
    module: 'kubernetes-models/policy/v1/PodDisruptionBudget',
    type: 'IPodDisruptionBudget',
  },
  'networking.k8s.io/v1/Ingress': { model: Ingress, module: 'kubernetes-models/networking.k8s.io/v1/Ingress', type: 'IIngress' },
  'networking.k8s.io/v1/NetworkPolicy': {
    model: NetworkPolicy,
    module: 'kubernetes-models/networking.k8s.io/v1/NetworkPolicy',
    type: 'INetworkPolicy',
  },
  'monitoring.coreos.com/v1/ServiceMonitor': {
    model: ServiceMonitor,
    module: '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/ServiceMonitor',
    type: 'IServiceMonitor',
  },
  'monitoring.coreos.com/v1/PrometheusRule': {
    model: PrometheusRule,
    module: '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/PrometheusRule',
    type: 'IPrometheusRule',
  },
  'external-secrets.io/v1/ExternalSecret': {
    model: ExternalSecret,
    module: '@kubernetes-models/external-secrets/external-secrets.io/v1/ExternalSecret',
    type: 'IExternalSecret',
  },
  'cert-manager.io/v1/Certificate': {
    model: Certificate,
    module: '@kubernetes-models/cert-manager/cert-manager.io/v1/Certificate',
    type: 'ICertificate',
  },
  'cert-manager.io/v1/Issuer': { model: Issuer, module: '@kubernetes-models/cert-manager/cert-manager.io/v1/Issuer', type: 'IIssuer' },
  'gateway.networking.k8s.io/v1/Gateway': {
    model: Gateway,
    module: '@kubernetes-models/gateway-api/gateway.networking.k8s.io/v1/Gateway',
    type: 'IGateway',
  },
  'gateway.networking.k8s.io/v1/HTTPRoute': {
    model: HTTPRoute,
    module: '@kubernetes-models/gateway-api/gateway.networking.k8s.io/v1/HTTPRoute',
    type: 'IHTTPRoute',
  },
  'external-secrets.io/v1/SecretStore': {
    model: SecretStore,
    module: '@kubernetes-models/external-secrets/external-secrets.io/v1/SecretStore',
    type: 'ISecretStore',
  },
};

export const knownKind = (obj: KObject) => `${obj.apiVersion}/${obj.kind}` in KINDS;

/** Errors of the JSON schema of the object's kind (empty when valid). */
export function schemaErrors(obj: KObject): string[] {
  const entry = KINDS[`${obj.apiVersion}/${obj.kind}`];
  if (!entry) return [`${obj.apiVersion}/${obj.kind} is not a kind deploy/k8s may use (add it to deploy/test/k8s-schema.ts)`];
  try {
    new entry.model(structuredClone(obj) as never).validate();
    return [];
  } catch (error) {
    return String((error as Error).message)
      .split(/,\s*(?=data\/)/)
      .map((line) => line.trim());
  }
}

let checker: { check: (obj: KObject) => string[] } | undefined;

/** Properties that the object's declared type does not have (kubectl --validate=strict). */
export function unknownFieldErrors(obj: KObject): string[] {
  checker ??= createStrictChecker();
  return checker.check(obj);
}

function createStrictChecker() {
  const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
  const entryFile = join(root, 'deploy', 'test', '__k8s_kinds__.mts');
  const keys = Object.keys(KINDS);
  const source = [
    ...keys.map((key, i) => `import type { ${KINDS[key]!.type} as T${i} } from '${KINDS[key]!.module}';`),
    'export interface Kinds {',
    ...keys.map((key, i) => `  '${key}': T${i};`),
    '}',
  ].join('\n');
  const options: ts.CompilerOptions = {
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    target: ts.ScriptTarget.ES2022,
    strict: true,
    noEmit: true,
    skipLibCheck: true,
    types: [],
  };
  const host = ts.createCompilerHost(options, true);
  const getSourceFile = host.getSourceFile.bind(host);
  host.getSourceFile = (fileName, languageVersion, onError, shouldCreate) =>
    fileName === entryFile
      ? ts.createSourceFile(fileName, source, languageVersion, true)
      : getSourceFile(fileName, languageVersion, onError, shouldCreate);
  const fileExists = host.fileExists.bind(host);
  host.fileExists = (fileName) => fileName === entryFile || fileExists(fileName);
  const program = ts.createProgram([entryFile], options, host);
  const unresolved = ts
    .getPreEmitDiagnostics(program, program.getSourceFile(entryFile))
    .map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
  if (unresolved.length) throw new Error(`cannot load the Kubernetes type declarations: ${unresolved.join('; ')}`);
  const tc = program.getTypeChecker();
  const file = program.getSourceFile(entryFile)!;
  const kindsDecl = file.statements.find((s): s is ts.InterfaceDeclaration => ts.isInterfaceDeclaration(s) && s.name.text === 'Kinds')!;
  const kindsType = tc.getTypeAtLocation(kindsDecl);

  const typeOf = (symbol: ts.Symbol) => tc.getTypeOfSymbolAtLocation(symbol, symbol.valueDeclaration ?? symbol.declarations?.[0] ?? file);
  const isObjectType = (t: ts.Type) => (t.flags & ts.TypeFlags.Object) !== 0 || (t.flags & ts.TypeFlags.Intersection) !== 0;

  function walk(value: unknown, type: ts.Type, path: string, errors: string[]) {
    if (value === null || typeof value !== 'object') return;
    const t = tc.getNonNullableType(type);
    if (t.flags & (ts.TypeFlags.Any | ts.TypeFlags.Unknown)) return;
    const members = t.isUnion() ? t.types : [t];
    if (Array.isArray(value)) {
      const element = members.map((m) => (tc.isArrayType(m) ? tc.getTypeArguments(m as ts.TypeReference)[0] : undefined)).find(Boolean);
      if (element) value.forEach((item, i) => walk(item, element, `${path}[${i}]`, errors));
      return;
    }
    const objects = members.filter((m) => isObjectType(m) && !tc.isArrayType(m));
    if (!objects.length) return;
    const indexed = objects.map((m) => tc.getIndexInfoOfType(m, ts.IndexKind.String)).find(Boolean);
    if (indexed) {
      for (const [key, child] of Object.entries(value)) walk(child, indexed.type, `${path}.${key}`, errors);
      return;
    }
    const properties = new Map<string, ts.Symbol>();
    for (const m of objects) for (const p of tc.getPropertiesOfType(m)) properties.set(p.name, p);
    if (!properties.size) return; // a free-form object ({} / object)
    for (const [key, child] of Object.entries(value)) {
      const property = properties.get(key);
      if (!property) errors.push(`${path}.${key}: unknown field`);
      else walk(child, typeOf(property), `${path}.${key}`, errors);
    }
  }

  return {
    check(obj: KObject): string[] {
      const property = kindsType.getProperty(`${obj.apiVersion}/${obj.kind}`);
      if (!property) return [`${obj.apiVersion}/${obj.kind} has no declared type`];
      const errors: string[] = [];
      walk(obj, typeOf(property), obj.kind, errors);
      return errors;
    },
  };
}
