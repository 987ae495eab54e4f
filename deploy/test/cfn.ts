/**
 * Offline CloudFormation checks: parse YAML with the short-form intrinsic tags (!Ref, !Sub,
 * !GetAtt ...) into their long form, then validate every resource against the CloudFormation
 * resource specification that AWS CDK ships (@aws-cdk/aws-service-spec): known resource type,
 * no unknown property at any depth, required properties present, primitive types right, and
 * every Ref / GetAtt / ${} in Sub naming a parameter, resource or attribute that exists.
 */
import { loadAwsServiceSpecSync } from '@aws-cdk/aws-service-spec';
import type { SpecDatabase } from '@aws-cdk/service-spec-types';
import { parse } from 'yaml';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

const INTRINSICS = [
  'Ref',
  'Sub',
  'GetAtt',
  'Join',
  'Select',
  'Split',
  'If',
  'Equals',
  'Not',
  'And',
  'Or',
  'FindInMap',
  'Base64',
  'Cidr',
  'ImportValue',
  'GetAZs',
  'Condition',
];
const longName = (name: string) => (name === 'Ref' || name === 'Condition' ? name : `Fn::${name}`);

const CFN_TAGS = INTRINSICS.flatMap((name) => [
  { tag: `!${name}`, resolve: (value: string) => ({ [longName(name)]: name === 'GetAtt' ? value.split('.') : value }) },
  { tag: `!${name}`, collection: 'seq' as const, resolve: (seq: { toJSON(): unknown }) => ({ [longName(name)]: seq.toJSON() }) },
  { tag: `!${name}`, collection: 'map' as const, resolve: (map: { toJSON(): unknown }) => ({ [longName(name)]: map.toJSON() }) },
]);

export interface Template extends JsonObject {
  Parameters: { [name: string]: JsonObject };
  Resources: { [logicalId: string]: JsonObject & { Type: string; Properties?: JsonObject } };
  Outputs: { [name: string]: JsonObject };
}

export function parseTemplate(text: string): Template {
  return parse(text, { customTags: CFN_TAGS as never, uniqueKeys: true }) as Template;
}

const isObject = (v: unknown): v is JsonObject => typeof v === 'object' && v !== null && !Array.isArray(v);
const intrinsicName = (v: Json): string | undefined => {
  if (!isObject(v)) return undefined;
  const keys = Object.keys(v);
  return keys.length === 1 && (keys[0] === 'Ref' || keys[0]!.startsWith('Fn::')) ? keys[0] : undefined;
};

const PSEUDO = new Set([
  'AWS::AccountId',
  'AWS::Partition',
  'AWS::Region',
  'AWS::StackName',
  'AWS::StackId',
  'AWS::URLSuffix',
  'AWS::NoValue',
  'AWS::NotificationARNs',
]);

let db: SpecDatabase | undefined;

/** Every problem found in the template (empty when it is valid). */
export function validateTemplate(template: Template): string[] {
  db ??= loadAwsServiceSpecSync();
  const errors: string[] = [];
  if (template.AWSTemplateFormatVersion !== '2010-09-09') errors.push('AWSTemplateFormatVersion must be 2010-09-09');
  const allowedTop = new Set([
    'AWSTemplateFormatVersion',
    'Description',
    'Parameters',
    'Resources',
    'Outputs',
    'Conditions',
    'Mappings',
    'Metadata',
  ]);
  for (const key of Object.keys(template)) if (!allowedTop.has(key)) errors.push(`unknown top-level section ${key}`);
  const parameters = template.Parameters ?? {};
  const resources = template.Resources ?? {};

  const specs = new Map<string, ReturnType<typeof lookup>>();
  function lookup(type: string) {
    return db!.lookup('resource', 'cloudFormationType', 'equals', type);
  }
  for (const [id, resource] of Object.entries(resources)) {
    const found = lookup(resource.Type);
    if (found.length !== 1) errors.push(`${id}: unknown resource type ${resource.Type}`);
    else specs.set(id, found);
    const allowed = new Set(['Type', 'Properties', 'DeletionPolicy', 'UpdateReplacePolicy', 'DependsOn', 'Condition', 'Metadata']);
    for (const key of Object.keys(resource)) if (!allowed.has(key)) errors.push(`${id}: unknown resource attribute ${key}`);
  }

  const checkReference = (name: string, where: string) => {
    if (!(name in parameters) && !(name in resources) && !PSEUDO.has(name)) errors.push(`${where}: reference to unknown ${name}`);
  };
  const checkAttribute = (id: string, attribute: string, where: string) => {
    const spec = specs.get(id)?.[0];
    if (!(id in resources)) errors.push(`${where}: GetAtt of unknown resource ${id}`);
    else if (spec && !(attribute in spec.attributes)) errors.push(`${where}: ${resources[id]!.Type} has no attribute ${attribute}`);
  };
  /** Walks intrinsic functions anywhere in a value and checks what they name. */
  const checkIntrinsics = (value: Json, where: string) => {
    if (Array.isArray(value)) value.forEach((v, i) => checkIntrinsics(v, `${where}[${i}]`));
    if (!isObject(value)) return;
    const fn = intrinsicName(value);
    if (fn === 'Ref') checkReference(String(value.Ref), where);
    if (fn === 'Fn::GetAtt') {
      const [id, ...attribute] = value['Fn::GetAtt'] as string[];
      checkAttribute(String(id), attribute.join('.'), where);
    }
    if (fn === 'Fn::Sub') {
      const [text, vars] = Array.isArray(value['Fn::Sub']) ? (value['Fn::Sub'] as [string, JsonObject]) : [value['Fn::Sub'] as string, {}];
      for (const match of String(text).matchAll(/\$\{([^!}][^}]*)\}/g)) {
        const name = match[1]!.trim();
        if (isObject(vars) && name in vars) continue;
        const [id, ...attribute] = name.split('.');
        if (attribute.length) checkAttribute(id!, attribute.join('.'), where);
        else checkReference(name, where);
      }
      if (isObject(vars)) checkIntrinsics(vars, where);
      return;
    }
    for (const [key, child] of Object.entries(value)) checkIntrinsics(child, `${where}.${key}`);
  };

  const checkType = (value: Json, type: PropertyTypeLike, where: string, out: string[]) => {
    if (intrinsicName(value)) return; // resolved at deploy time
    switch (type.type) {
      case 'string':
      case 'date-time':
        if (!['string', 'number', 'boolean'].includes(typeof value)) out.push(`${where}: expected a string`);
        else if (type.type === 'string' && type.allowedValues?.length && !type.allowedValues.includes(String(value))) {
          out.push(`${where}: ${String(value)} is not one of ${type.allowedValues.join(', ')}`);
        }
        return;
      case 'number':
      case 'integer':
        if (typeof value !== 'number' && !(typeof value === 'string' && /^-?\d+(\.\d+)?$/.test(value)))
          out.push(`${where}: expected a number`);
        return;
      case 'boolean':
        if (typeof value !== 'boolean' && value !== 'true' && value !== 'false') out.push(`${where}: expected a boolean`);
        return;
      case 'json':
      case 'null':
        return;
      case 'tag':
        if (!isObject(value) || typeof value.Key !== 'string' || !('Value' in value)) out.push(`${where}: expected {Key, Value}`);
        return;
      case 'array':
        if (!Array.isArray(value)) out.push(`${where}: expected a list`);
        else value.forEach((v, i) => checkType(v, type.element!, `${where}[${i}]`, out));
        return;
      case 'map':
        if (!isObject(value)) out.push(`${where}: expected a map`);
        else for (const [k, v] of Object.entries(value)) checkType(v, type.element!, `${where}.${k}`, out);
        return;
      case 'union': {
        const attempts = type.types!.map((member) => {
          const memberErrors: string[] = [];
          checkType(value, member, where, memberErrors);
          return memberErrors;
        });
        if (attempts.every((a) => a.length)) out.push(...attempts.reduce((best, a) => (a.length < best.length ? a : best)));
        return;
      }
      case 'ref': {
        const definition = db!.get('typeDefinition', type.reference!);
        checkProperties(value, definition.properties as PropertiesLike, where, out);
        return;
      }
      default:
        out.push(`${where}: unsupported spec type ${type.type}`);
    }
  };
  const checkProperties = (value: Json, properties: PropertiesLike, where: string, out: string[]) => {
    if (intrinsicName(value)) return;
    if (!isObject(value)) {
      out.push(`${where}: expected an object`);
      return;
    }
    for (const [key, child] of Object.entries(value)) {
      const property = properties[key];
      if (!property) out.push(`${where}.${key}: unknown property`);
      else checkType(child, property.type, `${where}.${key}`, out);
    }
    for (const [key, property] of Object.entries(properties)) {
      if (property.required && !(key in value)) out.push(`${where}.${key}: required property missing`);
    }
  };

  for (const [id, resource] of Object.entries(resources)) {
    const spec = specs.get(id)?.[0];
    if (spec) checkProperties(resource.Properties ?? {}, spec.properties as PropertiesLike, `${id}.Properties`, errors);
    checkIntrinsics(resource.Properties ?? {}, `${id}.Properties`);
    // A JSON document written as a Sub string (IRSA trust policies): it must be valid JSON.
    for (const [key, value] of Object.entries(resource.Properties ?? {})) {
      if (isObject(value) && typeof value['Fn::Sub'] === 'string' && value['Fn::Sub'].trim().startsWith('{')) {
        try {
          JSON.parse(value['Fn::Sub'].replace(/\$\{[^}]+\}/g, 'x'));
        } catch (error) {
          errors.push(`${id}.Properties.${key}: not valid JSON (${(error as Error).message})`);
        }
      }
    }
  }
  for (const [name, output] of Object.entries(template.Outputs ?? {})) checkIntrinsics(output.Value ?? null, `Outputs.${name}`);
  return errors;
}

/** Resolves Ref/Sub/GetAtt with parameter defaults and fake ARNs, for semantic checks. */
export function resolveValue(template: Template, value: Json, overrides: Record<string, string> = {}): Json {
  const param = (name: string): string => {
    if (name in overrides) return overrides[name]!;
    const pseudo: Record<string, string> = {
      'AWS::AccountId': '123456789012',
      'AWS::Region': 'us-east-1',
      'AWS::Partition': 'aws',
      'AWS::URLSuffix': 'amazonaws.com',
    };
    if (name in pseudo) return pseudo[name]!;
    if (name in template.Parameters) return String(template.Parameters[name]!.Default ?? `<${name}>`);
    if (name in template.Resources) return `<${name}>`;
    throw new Error(`unknown reference ${name}`);
  };
  const attribute = (id: string, attr: string) => `<${id}.${attr}>`;
  if (Array.isArray(value)) return value.map((v) => resolveValue(template, v, overrides));
  if (!isObject(value)) return value;
  const fn = intrinsicName(value);
  if (fn === 'Ref') return param(String(value.Ref));
  if (fn === 'Fn::GetAtt') {
    const [id, ...attr] = value['Fn::GetAtt'] as string[];
    return attribute(id!, attr.join('.'));
  }
  if (fn === 'Fn::Sub') {
    const [text, vars] = Array.isArray(value['Fn::Sub']) ? (value['Fn::Sub'] as [string, JsonObject]) : [value['Fn::Sub'] as string, {}];
    return String(text).replace(/\$\{([^!}][^}]*)\}/g, (_, name: string) => {
      if (isObject(vars) && name in vars) return String(resolveValue(template, vars[name]!, overrides));
      const [id, ...attr] = name.split('.');
      return attr.length ? attribute(id!, attr.join('.')) : param(name);
    });
  }
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, resolveValue(template, v, overrides)]));
}

interface PropertyTypeLike {
  type: string;
  allowedValues?: unknown[];
  element?: PropertyTypeLike;
  types?: PropertyTypeLike[];
  reference?: never;
}
type PropertiesLike = Record<string, { type: PropertyTypeLike; required?: boolean }>;
