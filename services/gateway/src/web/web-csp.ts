import type { GatewayEnv } from '../config/gateway.env.js';

/**
 * Strict CSP: script, style, image and font only from this origin (Vite bundles everything; no
 * inline code, no CDN), connections to this origin (HTTP and the chat WebSocket) and to where
 * presigned uploads and an external issuer's discovery live, no framing, no plugins, and
 * Trusted Types so that no string can become script through the DOM.
 */
export function webClientCsp(
  env: Pick<GatewayEnv, 'PUBLIC_URL' | 'OIDC_ISSUER_URL' | 'WEB_CONNECT_SRC' | 'S3_ENDPOINT' | 'S3_PUBLIC_ENDPOINT'>,
): string {
  const self = new URL(env.PUBLIC_URL);
  const websocket = `${self.protocol === 'https:' ? 'wss:' : 'ws:'}//${self.host}`;
  const storage = env.S3_PUBLIC_ENDPOINT ?? env.S3_ENDPOINT;
  const uploads = env.WEB_CONNECT_SRC ?? (storage ? [new URL(storage).origin] : ['https://*.amazonaws.com']);
  const issuer = env.OIDC_ISSUER_URL ? [new URL(env.OIDC_ISSUER_URL).origin] : [];
  const connect = [...new Set(["'self'", websocket, ...uploads, ...issuer])];
  return [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self'",
    "font-src 'self'",
    `connect-src ${connect.join(' ')}`,
    "manifest-src 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    "base-uri 'none'",
    "object-src 'none'",
    "require-trusted-types-for 'script'",
  ].join('; ');
}
