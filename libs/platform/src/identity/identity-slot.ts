import type { UserAssertionVerifier } from './user-assertion.js';

/**
 * Decorators run before DI exists, so `Handles` reaches the process's assertion verifier
 * through this one slot, filled once at bootstrap. Empty means no assertion is accepted.
 */
export const identitySlot: { verifier?: UserAssertionVerifier } = {};
