/**
 * Injection tokens for what auth's handlers call: the module provides each use case under its
 * token (built with its deps object, `useValue`), and handlers `@Inject` the token. One way.
 */
const token = (name: string) => Symbol.for(`tasksensei.auth.${name}`);

export const SIGN_UP = token('sign-up');
export const EXCHANGE = token('exchange');
export const REFRESH = token('refresh');
export const REVOKE = token('revoke');
export const GET_JWKS = token('get-jwks');
export const GET_CLIENT_CONFIG = token('get-client-config');
export const VERIFY_EMAIL = token('verify-email');
export const RESEND_VERIFICATION = token('resend-verification');
export const CHANGE_EMAIL = token('change-email');
export const FORGOT_PASSWORD = token('forgot-password');
export const RESET_PASSWORD = token('reset-password');
export const CHANGE_PASSWORD = token('change-password');
export const TOTP = token('totp');
export const SESSIONS = token('sessions');
export const DELETE_ACCOUNT = token('delete-account');
/** The built-in provider's HTTP, which the `/oidc/*` tunnel handler dispatches to. */
export const PROVIDER_HTTP = token('provider-http');
