export const PUBLIC_JWKS = Symbol.for('tasksensei.auth.jwks');
