import { createHash, createHmac } from 'node:crypto';

export const sha256Hex = (text: string): string => createHash('sha256').update(text).digest('hex');

export const hmacHex = (key: Buffer, text: string): string => createHmac('sha256', key).update(text).digest('hex');

let formatted = { second: Number.NaN, text: '' };

/** `20261130T014500Z`: SigV4's long date (formatted once per second: every request within it shares the text). */
export function amzDate(date: Date): string {
  const second = Math.floor(date.getTime() / 1000);
  if (second !== formatted.second) formatted = { second, text: date.toISOString().replace(/[-:]|\.\d{3}/g, '') };
  return formatted.text;
}

/**
 * SigV4 signing keys (`AWS4<secret>` HMAC'd through day, region, service and `aws4_request`),
 * derived once per scope and secret rather than four HMACs per request.
 */
export class SigningKeys {
  private last?: { readonly scope: string; readonly secret: string; readonly key: Buffer };

  /** `scope`: `<yyyymmdd>/<region>/<service>/aws4_request`. */
  keyFor(scope: string, secret: string): Buffer {
    if (this.last?.scope === scope && this.last.secret === secret) return this.last.key;
    const key = scope
      .split('/')
      .reduce<Buffer | string>((previous, part) => createHmac('sha256', previous).update(part).digest(), `AWS4${secret}`) as Buffer;
    this.last = { scope, secret, key };
    return key;
  }
}
