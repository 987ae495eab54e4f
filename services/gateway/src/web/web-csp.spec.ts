import { GatewayEnvSchema } from '../config/gateway.env.js';
import { webClientCsp } from './web-csp.js';

const env = (vars: Record<string, string> = {}) =>
  GatewayEnvSchema.parse({
    NATS_URL: 'nats://127.0.0.1:4222',
    USER_ASSERTION_SIGNING_KEY_FILE: '/run/secrets/user-assertion.jwk',
    ...vars,
  });

describe('the web client CSP', () => {
  const directive = (csp: string, name: string) => csp.split('; ').find((d) => d.startsWith(`${name} `));

  it('allows connections to this origin, its WebSocket and the local S3 that presigned uploads go to', () => {
    const csp = webClientCsp(env({ PUBLIC_URL: 'http://localhost:8080', S3_ENDPOINT: 'http://127.0.0.1:4568' }));
    expect(directive(csp, 'connect-src')).toBe("connect-src 'self' ws://localhost:8080 http://127.0.0.1:4568");
    expect(directive(csp, 'default-src')).toBe("default-src 'none'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("require-trusted-types-for 'script'");
    expect(csp).not.toMatch(/unsafe-inline|unsafe-eval|\*(?!\.amazonaws)/);
  });

  it('uses wss behind https, the browsers S3 endpoint over the internal one, and an external issuer', () => {
    const csp = webClientCsp(
      env({
        PUBLIC_URL: 'https://app.example.com',
        S3_ENDPOINT: 'http://minio.internal:9000',
        S3_PUBLIC_ENDPOINT: 'https://files.example.com',
        OIDC_ISSUER_URL: 'https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_abc',
        OIDC_CLIENT_ID: 'client',
      }),
    );
    expect(directive(csp, 'connect-src')).toBe(
      "connect-src 'self' wss://app.example.com https://files.example.com https://cognito-idp.eu-west-1.amazonaws.com",
    );
  });

  it('takes WEB_CONNECT_SRC as given, and AWS S3 when nothing is set', () => {
    expect(
      directive(
        webClientCsp(env({ WEB_CONNECT_SRC: 'https://bucket.s3.eu-west-1.amazonaws.com/, https://uploads.example.com' })),
        'connect-src',
      ),
    ).toBe("connect-src 'self' ws://localhost:8080 https://bucket.s3.eu-west-1.amazonaws.com https://uploads.example.com");
    expect(directive(webClientCsp(env()), 'connect-src')).toBe("connect-src 'self' ws://localhost:8080 https://*.amazonaws.com");
  });
});
