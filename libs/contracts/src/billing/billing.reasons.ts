import { ErrorCode, type ReasonTable } from '../common/error-code.js';

/** Why billing refuses a request (thrown as `BillingError`). */
export const BillingReasons = {
  PLAN_NOT_FOUND: ErrorCode.NotFound,
  UNKNOWN_PLAN: ErrorCode.ValidationFailed,
  PLAN_NOT_PURCHASABLE: ErrorCode.ValidationFailed,
  ALREADY_SUBSCRIBED: ErrorCode.Conflict,
  NO_BILLING_ACCOUNT: ErrorCode.Conflict,
  CHECKOUT_SESSION_NOT_FOUND: ErrorCode.NotFound,
  CHECKOUT_SESSION_EXPIRED: ErrorCode.Conflict,
  PORTAL_SESSION_EXPIRED: ErrorCode.Conflict,
  FORM_TOKEN_INVALID: ErrorCode.Forbidden,
  LOCAL_CHECKOUT_DISABLED: ErrorCode.NotFound,
  PAYMENT_PROVIDER_UNAVAILABLE: ErrorCode.Unavailable,
  PAYMENT_NOT_CONFIRMED: ErrorCode.Unavailable,
  WEBHOOK_DELIVERY_REFUSED: ErrorCode.Internal,
  WEBHOOK_SIGNATURE_INVALID: ErrorCode.ValidationFailed,
  WEBHOOK_PAYLOAD_INVALID: ErrorCode.ValidationFailed,
} as const satisfies ReasonTable;
export type BillingReason = keyof typeof BillingReasons;
