import { expectEventually, request } from './test-stack.js';

export interface Mail {
  readonly to: string;
  readonly subject: string;
  readonly text: string;
  readonly html: string;
  readonly sentAt: string;
}

/** The newest mail to `to` whose subject matches, read from the stack's `/dev/mail` (waits for it). */
export async function awaitMail(gatewayUrl: string, to: string, subject: RegExp, after = 0): Promise<Mail> {
  let found: Mail | undefined;
  await expectEventually(
    async () => {
      const box = await request<Mail[]>(`${gatewayUrl}/dev/mail?to=${encodeURIComponent(to)}`);
      expect(box.status).toBe(200);
      found = box.body.find((m) => subject.test(m.subject) && Date.parse(m.sentAt) >= after);
      expect(found).toBeDefined();
    },
    15_000,
    200,
  );
  return found!;
}

/** The token of the link to `path` in a mail's text. */
export function linkToken(mail: Mail, path: string): string {
  const url = mail.text.split(/\s+/).find((word) => word.includes(`${path}?token=`));
  if (!url) throw new Error(`no ${path} link in: ${mail.text}`);
  return new URL(url).searchParams.get('token')!;
}
