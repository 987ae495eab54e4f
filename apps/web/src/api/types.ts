// The API's shapes, taken from @tasksensei/contracts as types only: nothing of the contracts
// (or zod) reaches the bundle, and a changed contract fails this app's type check.
import type { ChatEvent, MembershipStatus } from '@tasksensei/contracts';

export type {
  ChatMessage,
  Memory,
  FileView as StoredFile,
  GenerateUploadReply as UploadTicket,
  PresignedPut,
  UploadPart,
  CheckoutSession,
  ClientConfig,
  Conversation,
  Membership,
  Profile,
  PublicPlan,
  SendMessage,
  SendMessageAck,
  Task,
  UpdateProfileRequest,
  DeleteAccountRequest,
  ExportStatus,
} from '@tasksensei/contracts';
export type { MembershipStatus };

/** `POST /auth` and `POST /refresh` (the refresh token stays in its HttpOnly cookie). */
export interface TokenResponse {
  readonly access_token: string;
  readonly id_token?: string;
  readonly token_type: string;
  readonly expires_in: number;
}

/** Socket events as the browser receives them: the contract's `data` of each event. */
export type ChatEventData<E extends ChatEvent['event']> = Extract<ChatEvent, { event: E }>['data'];

export interface MembershipUpdate {
  readonly tier: string;
  readonly status: MembershipStatus;
  readonly currentPeriodEnd?: string;
}

/** One part of a multipart upload as `/complete` takes it: the ETag its PUT answered. */
export interface CompletedPart {
  readonly partNumber: number;
  readonly etag: string;
}

/** `GET /files/{id}/download`. */
export interface DownloadLink {
  readonly url: string;
  readonly expiresAt: string;
}
