import { z } from 'zod';

/** An external OpenID provider users may sign in with (Google, Microsoft Entra, ...). */
export const UpstreamSchema = z.object({
  id: z.string().regex(/^[a-z][a-z0-9-]{0,31}$/),
  name: z.string().min(1).max(60),
  issuer: z.url({ protocol: /^https?$/ }),
  clientId: z.string().min(1).max(500),
  clientSecret: z.string().min(1).max(500).optional(),
  scopes: z.string().default('openid email profile'),
});
export type Upstream = z.infer<typeof UpstreamSchema>;

/** OIDC_UPSTREAMS: a JSON array of upstreams; the callback URL to register is PUBLIC_URL/oidc/federated/callback. */
export const UpstreamsEnvSchema = z
  .string()
  .transform((raw, ctx) => {
    try {
      return JSON.parse(raw) as unknown;
    } catch {
      ctx.addIssue({ code: 'custom', message: 'must be a JSON array of upstream providers' });
      return z.NEVER;
    }
  })
  .pipe(z.array(UpstreamSchema).max(10));
