import { recognise, type Recognition } from './recogniser.js';

// Tuesday 10 March 2026, 14:00 in Paris (UTC+1; summer time starts on 29 March).
const PARIS = { now: new Date('2026-03-10T13:00:00Z'), timezone: 'Europe/Paris' };

function call(text: string, context = PARIS): { name: string; args: Record<string, unknown> } {
  const result = recognise(text, context);
  if (result.kind !== 'calls') throw new Error(`"${text}" was understood as ${JSON.stringify(result)}`);
  return result.calls[0]!;
}

const kind = (text: string): Recognition['kind'] => recognise(text, PARIS).kind;

describe('the offline recogniser', () => {
  describe('reminders', () => {
    it('reads the title and the time in the user zone', () => {
      expect(call('remind me to call the plumber tomorrow at 4pm')).toEqual({
        name: 'schedule_reminder',
        args: { title: 'call the plumber', dueAt: '2026-03-11T16:00:00+01:00' },
      });
    });

    it('puts the date anywhere and tolerates typos in the command and the date', () => {
      expect(call('tomorow at 8am remnd me to walk the dog').args).toEqual({ title: 'walk the dog', dueAt: '2026-03-11T08:00:00+01:00' });
    });

    it('counts relative times from now', () => {
      expect(call('ping me in 45 minutes about the laundry').args).toEqual({ title: 'the laundry', dueAt: '2026-03-10T14:45:00+01:00' });
    });

    it('reads "at 6" as the evening and keeps it today when still ahead', () => {
      expect(call('remind me at 6 to lock the shop').args.dueAt).toBe('2026-03-10T18:00:00+01:00');
    });

    it('moves a time already past today to tomorrow', () => {
      expect(call('remind me at 9am to open the mail').args.dueAt).toBe('2026-03-11T09:00:00+01:00');
    });

    it('gives a bare day the start of the working day, and follows summer time', () => {
      expect(call('remind me on March 30 to file the VAT return').args.dueAt).toBe('2026-03-30T09:00:00+02:00');
    });

    it('reads clock phrases chrono does not', () => {
      expect(call('remind me at half past five to leave').args.dueAt).toBe('2026-03-10T17:30:00+01:00');
    });

    it('asks for a time instead of guessing one', () => {
      expect(recognise('remind me to renew my passport', PARIS)).toEqual({
        kind: 'ask',
        text: expect.stringContaining('When should I remind you to renew my passport'),
        pending: { name: 'schedule_reminder', args: { title: 'renew my passport' }, missing: 'dueAt' },
      });
    });

    it('works in another zone', () => {
      const tokyo = { now: new Date('2026-03-10T13:00:00Z'), timezone: 'Asia/Tokyo' }; // 22:00 there
      expect(call('remind me tomorrow morning to call Kenji', tokyo).args).toEqual({
        title: 'call Kenji',
        dueAt: '2026-03-11T09:00:00+09:00',
      });
    });
  });

  describe('tasks', () => {
    it('creates a task, with a due date only when one is said', () => {
      expect(call('add a task to order toner')).toEqual({ name: 'create_task', args: { title: 'order toner' } });
      expect(call('new todo: send the invoices by Thursday').args).toEqual({
        title: 'send the invoices',
        dueAt: '2026-03-12T09:00:00+01:00',
      });
    });

    it("takes a quoted title as is, and keeps the user's capitals", () => {
      expect(call("put 'Email Dr. Moreau' on my list").args).toEqual({ title: 'Email Dr. Moreau' });
      expect(call('creat a tsk to review the Q2 plan with Marc').args).toEqual({ title: 'review the Q2 plan with Marc' });
    });

    it('reads "I need to ..." as a task when nothing more explicit is asked', () => {
      expect(call('I need to back up the laptop').name).toBe('create_task');
      expect(call('I need to upload scan.pdf, 1 MB').name).toBe('request_upload_link');
    });

    it('lists open, done or all tasks', () => {
      expect(call('what is on my todo list?')).toEqual({ name: 'list_tasks', args: { status: 'open' } });
      expect(call('which tasks did I finish?').args).toEqual({ status: 'done' });
      expect(call('show all my tasks including the done ones').args).toEqual({ status: 'all' });
    });

    it('completes a task named in many ways', () => {
      expect(call('mark "order toner" as done')).toEqual({ name: 'complete_task', args: { title: 'order toner' } });
      expect(call('I finished backing up the laptop').args).toEqual({ title: 'backing up the laptop' });
      expect(call('the invoices are sent, tick that off').args).toEqual({ title: 'the invoices' });
      expect(call('cross off review the Q2 plan').args).toEqual({ title: 'review the Q2 plan' });
    });
  });

  describe('the other automations', () => {
    it('asks files for an upload link with the type and size', () => {
      expect(call('can you give me an upload link for minutes-2026.docx (300 KB)?')).toEqual({
        name: 'request_upload_link',
        args: {
          filename: 'minutes-2026.docx',
          contentType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
          size: 300 * 1024,
        },
      });
    });

    it('starts an upgrade', () => {
      expect(call('upgrade me to premium please')).toEqual({ name: 'start_upgrade', args: { planId: 'pro' } });
    });

    it('updates the profile: name, company, time zone by city or alias', () => {
      expect(call('change my name to Ana Lima').args).toEqual({ displayName: 'Ana Lima' });
      expect(call('I work for Blue Harbour Ltd now').args).toEqual({ company: 'Blue Harbour Ltd' });
      expect(call("I've moved to Lisbon, change my time zone").args).toEqual({ timezone: 'Europe/Lisbon' });
      expect(call('set my timezone to central time').args).toEqual({ timezone: 'America/Chicago' });
    });

    it('searches memory for what the user said', () => {
      expect(call('what did I tell you about the van rental?')).toEqual({ name: 'search_memory', args: { query: 'the van rental' } });
    });
  });

  describe('messages with several requests, negations and answers', () => {
    it('runs every request of a message, each with its own date', () => {
      expect(recognise('add renew the shop insurance to my list and remind me Friday at 10 to call the broker', PARIS)).toEqual({
        kind: 'calls',
        calls: [
          { name: 'create_task', args: { title: 'renew the shop insurance' } },
          { name: 'schedule_reminder', args: { title: 'call the broker', dueAt: '2026-03-13T10:00:00+01:00' } },
        ],
      });
      expect(recognise('create tasks: clean the fridge, order napkins', PARIS)).toEqual({
        kind: 'calls',
        calls: [
          { name: 'create_task', args: { title: 'clean the fridge' } },
          { name: 'create_task', args: { title: 'order napkins' } },
        ],
      });
    });

    it('keeps a list of things in one request together', () => {
      expect(call('remind me tomorrow at 9 to buy bread and milk').args.title).toBe('buy bread and milk');
    });

    it('runs nothing that is turned down, and the rest of the message', () => {
      expect(recognise("don't remind me about the team meeting tomorrow, I'll remember", PARIS)).toEqual({
        kind: 'say',
        text: expect.stringContaining("won't"),
      });
      expect(kind('do not mark the payroll task as done yet')).toBe('say');
      expect(recognise("don't remind me to water the plants tomorrow, but do remind me at 6pm to close the till", PARIS)).toEqual({
        kind: 'calls',
        calls: [{ name: 'schedule_reminder', args: { title: 'close the till', dueAt: '2026-03-10T18:00:00+01:00' } }],
      });
    });

    it('takes the next message as the answer to its question, unless it is a request of its own or a cancellation', () => {
      const pending = { name: 'schedule_reminder', args: { title: 'call the accountant' }, missing: 'dueAt' as const };
      expect(recognise('tomorrow at 10am', PARIS, pending)).toEqual({
        kind: 'calls',
        calls: [{ name: 'schedule_reminder', args: { title: 'call the accountant', dueAt: '2026-03-11T10:00:00+01:00' } }],
      });
      expect(recognise('never mind', PARIS, pending)).toEqual({ kind: 'say', text: expect.stringContaining('dropped') });
      expect(recognise('add a task to call the bank', PARIS, pending)).toEqual({
        kind: 'calls',
        calls: [{ name: 'create_task', args: { title: 'call the bank' } }],
      });
      expect(recognise('Claire Dubois', PARIS, { name: 'update_profile', args: {}, missing: 'displayName' })).toEqual({
        kind: 'calls',
        calls: [{ name: 'update_profile', args: { displayName: 'Claire Dubois' } }],
      });
    });
  });

  describe('everything else', () => {
    it('tells small talk, questions about the user, facts and the rest apart', () => {
      expect(recognise('good afternoon!', PARIS)).toEqual({ kind: 'smalltalk', topic: 'greeting' });
      expect(recognise('what can you do?', PARIS)).toEqual({ kind: 'smalltalk', topic: 'capabilities' });
      expect(recognise("what can't you do", PARIS)).toEqual({ kind: 'smalltalk', topic: 'limits' });
      expect(recognise("what's my accountant's name?", PARIS)).toEqual({ kind: 'memory-question', personal: true });
      expect(kind('my accountant is called Laura')).toBe('fact');
      expect(kind('compose a haiku about spring')).toBe('unknown');
    });

    it('does not mistake real words for misspelt commands', () => {
      expect(kind('I lost my keys')).not.toBe('calls');
      expect(call('remind me tomorrow at 10 to phone Marc').args.title).toBe('phone Marc');
    });
  });
});
