import { ErrorCode, type ReasonTable } from '../common/error-code.js';

/** Why the gateway itself refuses a request, before any service sees it. */
export const GatewayReasons = {
  ACCESS_TOKEN_REQUIRED: ErrorCode.Unauthenticated,
  ACCESS_TOKEN_INVALID: ErrorCode.Unauthenticated,
  REFRESH_TOKEN_REQUIRED: ErrorCode.Unauthenticated,
} as const satisfies ReasonTable;
export type GatewayReason = keyof typeof GatewayReasons;
