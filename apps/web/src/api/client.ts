import type { Session } from '../auth/session.js';
import { ApiError, readResponse } from './problem.js';
import type {
  ChatMessage,
  CheckoutSession,
  CompletedPart,
  Conversation,
  DeleteAccountRequest,
  ExportStatus,
  DownloadLink,
  Memory,
  Profile,
  PublicPlan,
  StoredFile,
  Task,
  UpdateProfileRequest,
  UploadPart,
  UploadTicket,
} from './types.js';

type Method = 'GET' | 'POST' | 'DELETE';

/** The gateway's HTTP API with the session's bearer token; one retry after a refresh on 401. */
export class Api {
  constructor(private readonly session: Session) {}

  profile = () => this.call<Profile>('GET', '/user/profile');
  updateProfile = (update: UpdateProfileRequest) => this.call<Profile>('POST', '/user/update', update);
  plans = () => this.call<PublicPlan[]>('GET', '/plans', undefined, false);
  checkout = (planId: string) => this.call<CheckoutSession>('POST', '/checkout', { planId });
  billingPortal = () => this.call<{ url: string }>('POST', '/billing/portal');

  files = () => this.call<StoredFile[]>('GET', '/files');
  generateUpload = (file: { filename: string; contentType: string; size: number }) => this.call<UploadTicket>('POST', '/generate', file);
  completeUpload = (fileId: string, parts?: readonly CompletedPart[]) =>
    this.call<StoredFile>('POST', `/files/${encodeURIComponent(fileId)}/complete`, parts ? { parts } : undefined);
  uploadParts = (fileId: string, partNumbers: readonly number[]) =>
    this.call<{ parts: UploadPart[] }>('POST', `/files/${encodeURIComponent(fileId)}/parts`, { partNumbers });
  abortUpload = (fileId: string) => this.call<void>('POST', `/files/${encodeURIComponent(fileId)}/abort`);
  downloadLink = (fileId: string) => this.call<DownloadLink>('GET', `/files/${encodeURIComponent(fileId)}/download`);
  deleteFile = (fileId: string) => this.call<void>('DELETE', `/files/${encodeURIComponent(fileId)}`);

  conversations = () => this.call<Conversation[]>('GET', '/chat/conversations');
  messages = (conversationId: string) =>
    this.call<ChatMessage[]>('GET', `/chat/conversations/${encodeURIComponent(conversationId)}/messages`);
  tasks = () => this.call<Task[]>('GET', '/tasks');

  memories = (cursor?: string) =>
    this.call<{ items: Memory[]; next?: string }>('GET', `/memories${cursor ? `?cursor=${encodeURIComponent(cursor)}` : ''}`);
  forgetMemory = (memoryId: string) => this.call<void>('DELETE', `/memories/${encodeURIComponent(memoryId)}`);
  forgetAllMemories = () => this.call<void>('DELETE', '/memories');
  // The account's data as a whole (pages/settings/account-data-card.tsx).
  startExport = () => this.call<{ exportId: string }>('POST', '/account/export');
  exportStatus = (exportId: string) => this.call<ExportStatus>('GET', `/account/exports/${encodeURIComponent(exportId)}`);
  deleteAccount = (proof: DeleteAccountRequest) => this.call<{ deletionRequestedAt: string }>('DELETE', '/account', proof);

  /** One request to the gateway (feature modules such as api/account-api.ts build on it). */
  async call<T>(method: Method, path: string, body?: unknown, authenticated = true): Promise<T> {
    const send = async (token: string | undefined) => {
      const headers: Record<string, string> = { accept: 'application/json' };
      if (token) headers.authorization = `Bearer ${token}`;
      if (body !== undefined) headers['content-type'] = 'application/json';
      try {
        return await fetch(path, {
          method,
          headers,
          credentials: 'same-origin',
          ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
        });
      } catch {
        throw ApiError.offline();
      }
    };
    if (!authenticated) return readResponse<T>(await send(undefined));
    const token = await this.session.accessToken();
    if (!token) throw new ApiError(401, 'Signed out', 'You are signed out. Sign in to continue.');
    let response = await send(token);
    if (response.status === 401) {
      // Revoked or rotated keys: one fresh token, one more try.
      const renewed = await this.session.refresh(token);
      if (!renewed) throw new ApiError(401, 'Signed out', 'Your session has ended. Sign in to continue.');
      response = await send(renewed.accessToken);
    }
    return readResponse<T>(response);
  }
}
