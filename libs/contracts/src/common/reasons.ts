import { AuthReasons } from '../auth/auth.reasons.js';
import { BillingReasons } from '../billing/billing.reasons.js';
import { ChatReasons } from '../chat/chat.reasons.js';
import { FilesReasons } from '../files/files.reasons.js';
import { GatewayReasons } from '../gateway/gateway.reasons.js';
import { UsersReasons } from '../users/users.reasons.js';
import { CommonReasons, type ErrorCode } from './error-code.js';

/**
 * Every reason by the service that owns it. A reason names one failure across the system (it is
 * the last segment of the problem `type` URI), so no two services may share a name
 * (reasons.spec.ts checks).
 */
export const ReasonsByService = {
  common: CommonReasons,
  gateway: GatewayReasons,
  auth: AuthReasons,
  users: UsersReasons,
  files: FilesReasons,
  chat: ChatReasons,
  billing: BillingReasons,
} as const;

export const Reasons = {
  ...CommonReasons,
  ...GatewayReasons,
  ...AuthReasons,
  ...UsersReasons,
  ...FilesReasons,
  ...ChatReasons,
  ...BillingReasons,
} as const;
export type Reason = keyof typeof Reasons;

export const isReason = (value: unknown): value is Reason => typeof value === 'string' && Object.hasOwn(Reasons, value);

/** The code (class of error) a reason always has. */
export const codeOf = (reason: Reason): ErrorCode => Reasons[reason];
