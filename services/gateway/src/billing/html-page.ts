import type { FastifyReply } from 'fastify';

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Escapes text for HTML content and attribute values. */
export const escapeHtml = (value: string) => value.replace(/[&<>"']/g, (c) => ENTITIES[c]!);

/**
 * A small self-contained page: no script, inline style only, forms may post only to this
 * origin, and nothing may frame it (it holds payment buttons).
 */
export async function sendPage(reply: FastifyReply, title: string, body: string, status = 200): Promise<void> {
  await reply
    .status(status)
    .type('text/html; charset=utf-8')
    .header(
      'content-security-policy',
      "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
    )
    .header('cache-control', 'no-store')
    .header('referrer-policy', 'no-referrer')
    .header('x-frame-options', 'DENY')
    .send(
      `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">` +
        `<title>${escapeHtml(title)}</title><style>` +
        'body{font:16px/1.5 system-ui,sans-serif;max-width:32rem;margin:3rem auto;padding:0 1rem;color:#1f2328}' +
        '.card{border:1px solid #d0d7de;border-radius:12px;padding:1.5rem}.note{color:#57606a;font-size:.9rem}' +
        'button{font:inherit;padding:.6rem 1.2rem;border-radius:8px;border:1px solid #d0d7de;cursor:pointer;margin-right:.5rem}' +
        'button.primary{background:#1f6feb;color:#fff;border-color:#1f6feb}form{display:inline}ul{padding-left:1.2rem}' +
        `</style></head><body>${body}</body></html>`,
    );
}

export function formatPrice(priceCents: number, currency: string, interval: string): string {
  const amount = new Intl.NumberFormat('en-US', { style: 'currency', currency: currency.toUpperCase() }).format(priceCents / 100);
  return `${amount} / ${interval}`;
}
