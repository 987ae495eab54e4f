/**
 * Mail for the local stack: a real SMTP server (`smtp-server`) on `--smtp-port` that keeps every
 * message it is given, parsed by `mailparser`, in `--dir`/mailbox.jsonl, and the mailbox over
 * HTTP on `--http-port`: `GET /mail?to=EMAIL`, newest first (the gateway serves it at /dev/mail).
 */
import { appendFileSync, mkdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { join } from 'node:path';
import { simpleParser, type AddressObject } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { exitWithParent, requiredArg } from './server-args.js';

interface StoredMail {
  readonly to: string;
  readonly subject: string;
  readonly text: string;
  readonly html: string;
  readonly sentAt: string;
}

const smtpPort = Number(requiredArg('--smtp-port'));
const httpPort = Number(requiredArg('--http-port'));
const directory = requiredArg('--dir');
mkdirSync(directory, { recursive: true });
const file = join(directory, 'mailbox.jsonl');

const log = (level: 'info' | 'error', msg: string, fields: Record<string, unknown> = {}) =>
  process.stdout.write(`${JSON.stringify({ level, time: new Date().toISOString(), component: 'mail', msg, ...fields })}\n`);

const mails: StoredMail[] = [];
try {
  for (const line of readFileSync(file, 'utf8').split('\n')) if (line.trim()) mails.push(JSON.parse(line) as StoredMail);
} catch {
  /* first start: no mailbox yet */
}

const addresses = (value: AddressObject | AddressObject[] | undefined) =>
  (Array.isArray(value) ? value : value ? [value] : []).flatMap((a) => a.value.map((v) => (v.address ?? '').toLowerCase())).filter(Boolean);

const smtp = new SMTPServer({
  // Loopback only, like every store of the local stack: no TLS, no login.
  secure: false,
  disabledCommands: ['STARTTLS', 'AUTH'],
  size: 1024 * 1024,
  logger: false,
  onData(stream, session, callback) {
    simpleParser(stream)
      .then((parsed) => {
        const envelope = session.envelope.rcptTo.map((r) => r.address.toLowerCase());
        const recipients = envelope.length ? envelope : addresses(parsed.to);
        for (const to of recipients) {
          const mail: StoredMail = {
            to,
            subject: parsed.subject ?? '',
            text: parsed.text ?? '',
            html: typeof parsed.html === 'string' ? parsed.html : '',
            sentAt: (parsed.date ?? new Date()).toISOString(),
          };
          mails.push(mail);
          appendFileSync(file, `${JSON.stringify(mail)}\n`);
          log('info', 'mail received', { to, subject: mail.subject });
        }
        callback();
      })
      .catch((error: unknown) => {
        log('error', 'unreadable mail', { error: String(error) });
        callback(error as Error);
      });
  },
});
smtp.on('error', (error) => log('error', 'smtp error', { error: String(error) }));
await new Promise<void>((resolve) => smtp.listen(smtpPort, '127.0.0.1', resolve));

const http = createServer((req, res) => {
  const url = new URL(req.url ?? '/', 'http://mailbox');
  if (req.method !== 'GET' || url.pathname !== '/mail') {
    res.writeHead(404).end();
    return;
  }
  const to = (url.searchParams.get('to') ?? '').trim().toLowerCase();
  const found = mails.filter((m) => m.to === to).reverse();
  res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(found));
});
await new Promise<void>((resolve) => http.listen(httpPort, '127.0.0.1', resolve));
log('info', `mail: SMTP on 127.0.0.1:${smtpPort}, mailbox on http://127.0.0.1:${httpPort}/mail`, { stored: mails.length });

exitWithParent(async () => {
  http.close();
  await new Promise<void>((resolve) => smtp.close(resolve));
});
