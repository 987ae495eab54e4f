import { NatsIdentities, type NatsIdentity } from './identities.js';
import { natsPermissions, type SubjectPermission } from './nats-permissions.js';

export interface NatsUserKey {
  readonly identity: NatsIdentity;
  /** Public nkey(s) of this identity (`U...`). Two during a rotation: the new and the old one. */
  readonly nkeys: readonly string[];
}

const quote = (value: string) => JSON.stringify(value);
const list = (values: readonly string[]) => `[${values.map(quote).join(', ')}]`;
const subjectBlock = (p: SubjectPermission) => `{ allow: ${list(p.allow)}${p.deny.length ? `, deny: ${list(p.deny)}` : ''} }`;

/**
 * The `authorization { users = [...] }` block of a nats-server config: one nkey user per key,
 * with its identity's permissions. Pure (no I/O): the local stack, the test harness and the
 * Kubernetes manifests render the same text from the same registry.
 */
export function renderNatsAuthorization(keys: readonly NatsUserKey[]): string {
  const known = new Set<string>(NatsIdentities);
  const users = keys.flatMap(({ identity, nkeys }) => {
    if (!known.has(identity)) throw new Error(`unknown NATS identity ${identity}`);
    const p = natsPermissions(identity);
    const permissions = [
      `publish: ${subjectBlock(p.publish)}`,
      `subscribe: ${subjectBlock(p.subscribe)}`,
      ...(p.allowResponses ? ['allow_responses: { max: 1, expires: "2m" }'] : []),
    ].join(', ');
    return nkeys.map((nkey) => {
      if (!/^U[A-Z2-7]{55}$/.test(nkey)) throw new Error(`not a public user nkey for ${identity}: ${nkey}`);
      return `    # ${identity}\n    { nkey: ${quote(nkey)}, permissions: { ${permissions} } }`;
    });
  });
  return `authorization {\n  users = [\n${users.join(',\n')}\n  ]\n}\n`;
}
