import { DurableConsumers } from './durable-consumers.js';
import { InternalCalls, internalSubject } from './internal-calls.js';
import { renderNatsAuthorization } from './nats-authorization.js';
import { natsPermissions } from './nats-permissions.js';

describe('the NATS permission registry', () => {
  it('lets only the stream owner publish its events', () => {
    expect(natsPermissions('billing').publish.allow).toContain('membership.>');
    expect(natsPermissions('auth').publish.allow).toContain('user.>');
    expect(natsPermissions('files').publish.allow).toEqual(expect.arrayContaining(['file.uploaded', 'file.deleted']));
    // What the assistant made of a file is chat's word, never files' (nor the other way round).
    expect(natsPermissions('chat').publish.allow).toContain('file.indexed');
    expect(natsPermissions('files').publish.allow).not.toContain('file.indexed');
    expect(natsPermissions('chat').publish.allow).not.toContain('file.uploaded');
    for (const identity of ['auth', 'users', 'files', 'chat', 'gateway', 'ops'] as const) {
      expect(natsPermissions(identity).publish.allow).not.toContain('membership.>');
    }
  });

  it('lets the gateway, and no service, publish user requests; each service subscribes only its own', () => {
    expect(natsPermissions('gateway').publish.allow).toEqual(expect.arrayContaining(['auth.v1.>', 'files.v1.>', 'billing.v1.>']));
    expect(natsPermissions('chat').publish.allow.some((s) => s.startsWith('files.v1'))).toBe(false);
    expect(natsPermissions('files').subscribe.allow).toEqual(
      expect.arrayContaining(['files.v1.>', 'files.internal.v1.>', '_INBOX_files.>']),
    );
    expect(natsPermissions('files').subscribe.allow.some((s) => s.startsWith('auth.'))).toBe(false);
  });

  it('names every internal call for its caller only', () => {
    for (const call of InternalCalls) {
      expect(natsPermissions(call.caller).publish.allow).toContain(internalSubject(call.subject));
      expect(natsPermissions('gateway').publish.allow).not.toContain(internalSubject(call.subject));
    }
    expect(internalSubject('files.v1.upload.generate')).toBe('files.internal.v1.upload.generate');
  });

  it('gives each declared durable consumer to its service only', () => {
    const { stream, durable } = DurableConsumers.usersMembershipActivated;
    expect(natsPermissions('users').publish.allow).toEqual(
      expect.arrayContaining([`$JS.API.CONSUMER.MSG.NEXT.${stream}.${durable}`, `$JS.ACK.${stream}.${durable}.>`]),
    );
    expect(natsPermissions('chat').publish.allow.some((s) => s.includes(durable))).toBe(false);
    expect(natsPermissions('ops').publish.deny).toContain(`$JS.API.CONSUMER.MSG.NEXT.${stream}.${durable}`);
  });

  it("keeps users' event subjects to their publisher and readers", () => {
    expect(natsPermissions('chat').publish.allow).toContain('chat.v1.events.*');
    expect(natsPermissions('gateway').publish.deny).toEqual(expect.arrayContaining(['chat.v1.events.>', 'users.v1.membership-updated.>']));
    expect(natsPermissions('gateway').subscribe.allow).toEqual(
      expect.arrayContaining(['chat.v1.events.*', 'users.v1.membership-updated.*']),
    );
    // Files reads membership changes (to drop a cached plan), never chat's reply events.
    expect(natsPermissions('files').subscribe.deny).toContain('chat.v1.events.*');
    expect(natsPermissions('files').subscribe.deny).not.toContain('users.v1.membership-updated.*');
    expect(natsPermissions('files').subscribe.allow).toContain('users.v1.membership-updated.*');
    expect(natsPermissions('auth').subscribe.deny).toContain('users.v1.membership-updated.*');
  });

  it('lets only chat write and replay the reply log, and signal a stop to its replicas', () => {
    expect(natsPermissions('chat').publish.allow).toEqual(
      expect.arrayContaining([
        'chat.v1.reply-log.>',
        '$JS.API.STREAM.*.REPLY_LOG',
        '$JS.API.CONSUMER.MSG.NEXT.REPLY_LOG.>',
        'chat.internal.v1.replies.stop-signal',
      ]),
    );
    expect(natsPermissions('gateway').publish.deny).toContain('chat.v1.reply-log.>');
    expect(natsPermissions('gateway').publish.allow).not.toContain('chat.internal.v1.replies.stop-signal');
    // Files calls chat only to collect an account export (issue 14): nothing of replies.
    expect(natsPermissions('files').publish.allow.filter((s) => s.includes('REPLY_LOG') || s.startsWith('chat.'))).toEqual([
      'chat.internal.v1.export.collect',
    ]);
  });

  it('renders nkey users with their permissions, and refuses what is not a user nkey', () => {
    const nkey = `U${'A'.repeat(55)}`;
    const text = renderNatsAuthorization([{ identity: 'billing', nkeys: [nkey] }]);
    expect(text).toContain(`nkey: "${nkey}"`);
    expect(text).toContain('"membership.>"');
    expect(text).toContain('allow_responses');
    expect(() => renderNatsAuthorization([{ identity: 'billing', nkeys: ['SUAAAA'] }])).toThrow(/not a public user nkey/);
  });
});
