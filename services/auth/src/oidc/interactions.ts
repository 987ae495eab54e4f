import { ServiceError, ErrorCode } from '@tasksensei/contracts';
import type { Logger } from '@tasksensei/platform';
import type Provider from 'oidc-provider';
import type { KoaContextWithOIDC } from 'oidc-provider';
import type { LoginUseCase } from '../login/login.usecase.js';
import type { SignupUseCase } from '../sign-up/sign-up.usecase.js';
import type { AccountRepository } from '../accounts/account.repository.js';
import type { SignInThrottle } from '../accounts/sign-in-throttle.js';
import type { FederationUseCase } from '../federation/federation.usecase.js';
import type { MfaPendingRepository } from '../totp/mfa-pending.repository.js';
import { acceptSecondFactor } from '../totp/second-factor.js';
import { readForm } from './form-body.js';
import { csrfToken } from './provider.factory.js';
import { codePage, formPage, messagePage } from './views.js';

interface InteractionDeps {
  readonly provider: Provider;
  readonly login: LoginUseCase;
  readonly signup: SignupUseCase;
  readonly cookieKey: string;
  readonly logger: Logger;
  readonly federation: FederationUseCase;
  readonly accounts: AccountRepository;
  readonly mfaPending: MfaPendingRepository;
  readonly throttle: SignInThrottle;
}

const ROUTE = /^\/interaction\/([A-Za-z0-9_-]{1,64})(?:\/(login|signup|mfa|federated-complete|federated\/([a-z][a-z0-9-]{0,31})))?$/;
const FEDERATED_CALLBACK = '/federated/callback';

/**
 * The provider's login and sign-up pages (`/oidc/interaction/:uid`). Forms are bound to the
 * interaction by its cookie and a CSRF token; failures look the same whether or not the
 * account exists; brute force gets 429 with Retry-After.
 */
export function interactionMiddleware(deps: InteractionDeps) {
  const { provider } = deps;
  return async (ctx: KoaContextWithOIDC, next: () => Promise<void>) => {
    if (ctx.path === FEDERATED_CALLBACK && ctx.method === 'GET') {
      // The upstream's fixed redirect URI: send the browser back under its interaction (and cookie).
      const uid = await deps.federation.interactionOf(String(ctx.query.state ?? '').slice(0, 200));
      ctx.set('Cache-Control', 'no-store');
      if (!uid) {
        ctx.status = 400;
        ctx.type = 'html';
        ctx.body = messagePage('Sign-in expired', 'This sign-in link has expired. Start again from the app.');
        return;
      }
      ctx.status = 303;
      ctx.redirect(`/oidc/interaction/${uid}/federated-complete${ctx.querystring ? `?${ctx.querystring}` : ''}`);
      return;
    }
    const match = ROUTE.exec(ctx.path);
    if (!match) return next();
    const [, uid, rawAction, upstreamId] = match as unknown as [string, string, string | undefined, string | undefined];
    const action = rawAction?.startsWith('federated/')
      ? 'federated'
      : (rawAction as 'login' | 'signup' | 'mfa' | 'federated-complete' | undefined);
    ctx.set('Cache-Control', 'no-store');
    ctx.set('Content-Security-Policy', "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'");
    ctx.set('X-Frame-Options', 'DENY');

    let details: Awaited<ReturnType<Provider['interactionDetails']>>;
    try {
      details = await provider.interactionDetails(ctx.req, ctx.res);
    } catch {
      ctx.status = 400;
      ctx.type = 'html';
      ctx.body = messagePage(
        'Sign-in expired',
        'This sign-in link has expired or was opened in another browser. Start again from the app.',
      );
      return;
    }
    if (details.uid !== uid) return next();
    const csrf = csrfToken(deps.cookieKey, uid);
    const base = `/oidc/interaction/${uid}`;
    const page = (signup: boolean, error?: string, email?: string) =>
      formPage({
        title: signup ? 'Create your TaskSensei account' : 'Sign in to TaskSensei',
        action: `${base}/${signup ? 'signup' : 'login'}`,
        csrf,
        ...(error ? { error } : {}),
        ...(email ? { email } : {}),
        signup,
        alternate: signup ? { href: base, label: 'I already have an account' } : { href: `${base}/signup`, label: 'Create an account' },
        upstreams: deps.federation.list().map((u) => ({ href: `${base}/federated/${u.id}`, label: `Continue with ${u.name}` })),
        ...(signup ? {} : { forgotHref: '/forgot-password' }),
      });
    const mfaPage = (error?: string) =>
      codePage({ action: `${base}/mfa`, csrf, ...(error ? { error } : {}), cancel: { href: base, label: 'Sign in as someone else' } });
    const render = (status: number, html: string) => {
      ctx.status = status;
      ctx.type = 'html';
      ctx.body = html;
    };
    /** The interaction ends with `accountId` signed in: back to the authorization request. */
    const signIn = async (accountId: string) => {
      const redirectTo = await provider.interactionResult(
        ctx.req,
        ctx.res,
        { login: { accountId, remember: true } },
        { mergeWithLastSubmission: false },
      );
      ctx.status = 303;
      ctx.redirect(redirectTo);
    };

    if (ctx.method === 'GET' && (action === 'federated' || action === 'federated-complete')) {
      try {
        if (action === 'federated') {
          ctx.status = 303;
          ctx.redirect(await deps.federation.start(uid, upstreamId!));
          return;
        }
        const accountId = await deps.federation.complete(uid, new URLSearchParams(ctx.querystring));
        await signIn(accountId);
      } catch (error) {
        if (!(error instanceof ServiceError)) throw error;
        render(error.code === ErrorCode.NotFound ? 404 : error.code === ErrorCode.Conflict ? 409 : 400, page(false, error.message));
      }
      return;
    }
    if (ctx.method === 'GET') {
      if (details.prompt.name !== 'login') {
        // Consent for the first-party client is implicit (loadExistingGrant made the grant).
        const redirectTo = await provider.interactionResult(ctx.req, ctx.res, {}, { mergeWithLastSubmission: true });
        ctx.status = 303;
        ctx.redirect(redirectTo);
        return;
      }
      render(200, page(action === 'signup'));
      return;
    }
    if (ctx.method !== 'POST' || (action !== 'login' && action !== 'signup' && action !== 'mfa')) {
      render(405, messagePage('Not allowed', 'This page only accepts the sign-in form.'));
      return;
    }
    const form = await readForm(ctx.req);
    if (!form || form.get('csrf') !== csrf) {
      render(403, messagePage('Form expired', 'The form was not accepted. Reload the page and try again.'));
      return;
    }
    const email = (form.get('email') ?? '').slice(0, 254);
    const password = form.get('password') ?? '';
    const clientAddress = ctx.request.ip || 'unknown';

    try {
      let accountId: string | undefined;
      if (action === 'mfa') {
        // The second step: the password was right for this interaction; now the code.
        const pending = await deps.mfaPending.get(uid);
        if (!pending) {
          render(400, page(false, 'The sign-in took too long. Enter your email and password again.'));
          return;
        }
        await deps.throttle.before('mfa', pending.email, clientAddress);
        const account = await deps.accounts.findById(pending.accountId);
        if (!account || !(await acceptSecondFactor(deps.accounts, account, form.get('code') ?? ''))) {
          await deps.throttle.failed('mfa', pending.email, clientAddress);
          render(401, mfaPage('The code is not right. Enter the current code from your app, or an unused recovery code.'));
          return;
        }
        await deps.mfaPending.delete(uid);
        accountId = account.userId;
      } else if (action === 'signup') {
        const displayName = form.get('displayName')?.trim();
        ({ userId: accountId } = await deps.signup.execute(
          { email, password, ...(displayName ? { displayName } : {}) },
          { address: clientAddress },
        ));
      } else {
        const account = await deps.login.execute(email, password, clientAddress);
        if (account?.totp?.enabled) {
          await deps.mfaPending.put(uid, account.userId, account.email);
          render(200, mfaPage());
          return;
        }
        accountId = account?.userId;
      }
      if (!accountId) {
        render(401, page(false, 'The email or password is not right.', email));
        return;
      }
      await signIn(accountId);
    } catch (error) {
      if (!(error instanceof ServiceError)) throw error;
      if (error.code === ErrorCode.RateLimited) {
        ctx.set('Retry-After', String(error.retryAfterSeconds ?? 60));
        render(429, action === 'mfa' ? mfaPage(error.message) : page(action === 'signup', error.message, email));
      } else if (error.code === ErrorCode.Conflict || error.code === ErrorCode.ValidationFailed) {
        const detail = error.errors?.map((e) => `${e.path} ${e.message}`).join('; ');
        render(error.code === ErrorCode.Conflict ? 409 : 400, page(true, detail ? `${error.message} ${detail}` : error.message, email));
      } else {
        deps.logger.warn({ code: error.code }, 'interaction failed');
        render(503, messagePage('Try again', 'Signing in is not possible right now. Please try again shortly.'));
      }
    }
  };
}
