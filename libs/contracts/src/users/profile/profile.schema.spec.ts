import { UpdateProfileRequestSchema, isIanaTimeZone } from './profile.schema.js';

const paths = (body: unknown) => {
  const result = UpdateProfileRequestSchema.safeParse(body);
  return result.success ? [] : result.error.issues.map((issue) => issue.path.join('.') || '(root)');
};

describe('UpdateProfileRequestSchema (POST /user/update, checked by the gateway and again by users)', () => {
  it.each([
    ['an empty displayName', { displayName: '   ' }, 'displayName'],
    ['a displayName of 101 characters', { displayName: 'x'.repeat(101) }, 'displayName'],
    ['a displayName with a control character', { displayName: 'a\u0007b' }, 'displayName'],
    ['a company of 201 characters', { company: 'c'.repeat(201) }, 'company'],
    ['a time zone that is not IANA', { timezone: 'Mars/Olympus_Mons' }, 'timezone'],
    ['an offset instead of a zone', { timezone: '+02:00' }, 'timezone'],
    ['preferences that are an array', { preferences: ['dark'] }, 'preferences'],
    ['preferences over 8 KB', { preferences: { blob: 'x'.repeat(8 * 1024) } }, 'preferences'],
    ['preferences nested 17 levels', { preferences: JSON.parse(`${'{"a":'.repeat(17)}1${'}'.repeat(17)}`) as object }, 'preferences'],
    ['an unknown field', { displayName: 'ok', role: 'admin' }, ''],
    ['nothing to update', { expectedVersion: 1 }, '(root)'],
    ['a negative expectedVersion', { displayName: 'ok', expectedVersion: -1 }, 'expectedVersion'],
  ])('refuses %s', (_label, body, path) => {
    expect(paths(body).some((p) => p === path || (path === '' && p === '(root)'))).toBe(true);
  });

  it('counts characters as a person does: 100 emoji are 100 characters', () => {
    expect(UpdateProfileRequestSchema.safeParse({ displayName: '🦊'.repeat(100) }).success).toBe(true);
    expect(UpdateProfileRequestSchema.safeParse({ displayName: '🦊'.repeat(101) }).success).toBe(false);
  });

  it('trims the display name, and lets null clear company and timezone', () => {
    expect(UpdateProfileRequestSchema.parse({ displayName: '  Ada  ', company: null, timezone: null })).toEqual({
      displayName: 'Ada',
      company: null,
      timezone: null,
    });
  });

  it('accepts preferences of exactly 8 KB', () => {
    const blob = 'x'.repeat(8 * 1024 - '{"blob":""}'.length);
    expect(UpdateProfileRequestSchema.safeParse({ preferences: { blob } }).success).toBe(true);
  });

  it.each(['UTC', 'Europe/Paris', 'America/Argentina/Buenos_Aires', 'US/Eastern', 'Etc/GMT+5'])('knows %s as an IANA zone', (zone) => {
    expect(isIanaTimeZone(zone)).toBe(true);
  });

  it.each(['', 'Paris', 'Europe/Atlantis', 'GMT+02:00', '../etc/passwd'])('does not take %j for an IANA zone', (zone) => {
    expect(isIanaTimeZone(zone)).toBe(false);
  });
});
