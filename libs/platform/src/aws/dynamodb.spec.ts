import { parseConfig } from '../config/load-config.js';
import { DynamoEnvSchema, tableNames } from './dynamodb.js';

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
