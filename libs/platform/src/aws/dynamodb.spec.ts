import { parseConfig } from '../config/load-config.js';
import { DynamoEnvSchema, createDynamo, tableNames } from './dynamodb.js';

describe('table names from configuration (restoring a table)', () => {
  it('names every table <prefix><name> by default', () => {
    const table = tableNames(parseConfig(DynamoEnvSchema, {}));
    expect(table('profiles')).toBe('tasksensei-profiles');
  });

  it('moves one table to its restored copy and leaves the others', () => {
    const env = parseConfig(DynamoEnvSchema, { DYNAMODB_TABLE_NAMES: '{"profiles":"tasksensei-profiles-r20260131"}' });
    const table = tableNames(env);
    expect(table('profiles')).toBe('tasksensei-profiles-r20260131');
    expect(table('accounts')).toBe('tasksensei-accounts');
  });

  it('refuses a name the service role is not granted, or text that is not a JSON map', () => {
    const env = parseConfig(DynamoEnvSchema, { DYNAMODB_TABLE_NAMES: '{"profiles":"restored-profiles"}' });
    expect(() => tableNames(env)).toThrow(/DYNAMODB_TABLE_NAMES.profiles must be tasksensei-profiles-<suffix>/);
    expect(() => parseConfig(DynamoEnvSchema, { DYNAMODB_TABLE_NAMES: 'profiles=x' })).toThrow(/DYNAMODB_TABLE_NAMES/);
  });
});

describe('the lean document client, and the way back to the SDK', () => {
  const open = (vars: Record<string, string>, lean: boolean) =>
    createDynamo(parseConfig(DynamoEnvSchema, { DYNAMODB_ENDPOINT: 'http://127.0.0.1:1', ...vars }), { lean });
  // The lean client is the SDK document client with its own send(); the SDK's is inherited.
  const sendsLean = (dynamo: ReturnType<typeof open>) => Object.hasOwn(dynamo.doc, 'send');

  it('is used where a service asks for it, by default', () => {
    const dynamo = open({}, true);
    expect(sendsLean(dynamo)).toBe(true);
    dynamo.client.destroy();
  });

  it('is not used where a service does not ask for it', () => {
    const dynamo = open({}, false);
    expect(sendsLean(dynamo)).toBe(false);
    dynamo.client.destroy();
  });

  it('DYNAMODB_LEAN=false sends every call through the SDK', () => {
    const dynamo = open({ DYNAMODB_LEAN: 'false' }, true);
    expect(sendsLean(dynamo)).toBe(false);
    dynamo.client.destroy();
  });
});
