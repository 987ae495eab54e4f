/**
 * Every NATS subject in one place. Request/reply subjects are `<service>.v<N>.<action>`;
 * a breaking change adds a `v2` entry beside `v1` and never edits a live subject in place.
 */
export const Subjects = {
  auth: {
    ping: 'auth.v1.ping',
    config: 'auth.v1.config',
    /** Browser traffic of the built-in OpenID provider, tunnelled from the gateway's /oidc. */
    http: 'auth.v1.http',
    signup: 'auth.v1.signup',
    exchangeCode: 'auth.v1.token.exchange',
    refresh: 'auth.v1.token.refresh',
    revoke: 'auth.v1.token.revoke',
    /** Public verification keys of the built-in issuer, for the gateway's token guard. */
    jwks: 'auth.v1.jwks',
    /** Account recovery and the `/account/*` security endpoints (issue 14). */
    verifyEmail: 'auth.v1.email.verify',
    resendVerification: 'auth.v1.email.resend',
    changeEmail: 'auth.v1.email.change',
    forgotPassword: 'auth.v1.password.forgot',
    resetPassword: 'auth.v1.password.reset',
    changePassword: 'auth.v1.password.change',
    totpStart: 'auth.v1.mfa.totp.start',
    totpEnable: 'auth.v1.mfa.totp.enable',
    totpDisable: 'auth.v1.mfa.totp.disable',
    mfaStatus: 'auth.v1.mfa.status',
    listSessions: 'auth.v1.sessions.list',
    revokeSession: 'auth.v1.sessions.revoke',
    /** DELETE /account: re-authenticates the caller, disables sign-in, publishes `user.deleted`. */
    deleteAccount: 'auth.v1.account.delete',
  },
  users: {
    ping: 'users.v1.ping',
    getProfile: 'users.v1.profile.get',
    updateProfile: 'users.v1.profile.update',
    /**
     * Core NATS (not JetStream), one subject per user: `users.v1.membership-updated.<token>`
     * (see MembershipUpdatedNotification). The socket layer relays it as `membership.updated`.
     */
    membershipUpdated: 'users.v1.membership-updated',
    /** Service to service (files' export builder only): the profile of `userId` for an export. */
    exportData: 'users.v1.export.collect',
  },
  files: {
    ping: 'files.v1.ping',
    /** A presigned upload for the caller: gateway POST /generate and chat's request_upload_link. */
    generateUpload: 'files.v1.upload.generate',
    complete: 'files.v1.complete',
    list: 'files.v1.list',
    download: 'files.v1.download',
    delete: 'files.v1.delete',
    /** Fresh presigned URLs for parts of a pending multipart upload. */
    uploadParts: 'files.v1.multipart.parts',
    abortUpload: 'files.v1.multipart.abort',
    /**
     * Where a service reads a user's file (a presigned GET on the internal S3 endpoint): chat,
     * on its internal twin (InternalCalls) for the file's owner, when `file.uploaded` tells it
     * about a file. No gateway route leads here.
     */
    source: 'files.v1.source',
    /** POST /account/export and GET /account/exports/{id}: files owns exports (it owns S3). */
    startExport: 'files.v1.export.start',
    getExport: 'files.v1.export.get',
  },
  chat: {
    ping: 'chat.v1.ping',
    /** A user's message from a socket: acknowledged at once, the reply streams on `events`. */
    send: 'chat.v1.send',
    /**
     * Core NATS, one subject per user: `chat.v1.events.<token>` (see ChatEventNotification).
     * Every gateway replica subscribes to the wildcard and relays to that user's sockets.
     */
    events: 'chat.v1.events',
    listConversations: 'chat.v1.conversations.list',
    listMessages: 'chat.v1.messages.list',
    deleteConversation: 'chat.v1.conversations.delete',
    listTasks: 'chat.v1.tasks.list',
    /** Socket `stopMessage`: ends a reply at once, whichever chat replica writes it. */
    stopReply: 'chat.v1.replies.stop',
    /**
     * Chat to chat only (every replica, no queue group): "who writes this reply? stop it". Only
     * the replica writing it answers; the gateway never publishes here.
     */
    stopReplySignal: 'chat.v1.replies.stop-signal',
    /** Socket `resume`: the tokens of a reply after a seq, or its completion. */
    resumeReply: 'chat.v1.replies.resume',
    /** Socket `regenerate`: a new reply to the user message an earlier reply answered. */
    regenerateReply: 'chat.v1.replies.regenerate',
    /**
     * Core NATS publishes captured by the REPLY_LOG stream, one subject per reply:
     * `chat.v1.reply-log.<messageId>`, the same events as the user's stream, kept briefly so any
     * replica can replay them to a client that reconnects (see ReplyLogSubjects).
     */
    replyLog: 'chat.v1.reply-log',
    listMemories: 'chat.v1.memories.list',
    deleteMemory: 'chat.v1.memories.delete',
    deleteAllMemories: 'chat.v1.memories.delete-all',
    /** Service to service (files' export builder only): conversations, tasks, reminders, memories of `userId`. */
    exportData: 'chat.v1.export.collect',
  },
  billing: {
    ping: 'billing.v1.ping',
    plans: 'billing.v1.plans',
    /** One plan by id, with its limits: what files/chat enforce for a tier. */
    plan: 'billing.v1.plan',
    /** The plan of the calling user's current membership. */
    planForUser: 'billing.v1.plan-for-user',
    checkout: 'billing.v1.checkout',
    portal: 'billing.v1.portal',
    /** A Stripe webhook delivery as the gateway received it (raw body, base64). */
    webhook: 'billing.v1.webhook',
    /** The local stand-in for Stripe's hosted pages (only without STRIPE_SECRET_KEY). */
    localCheckoutView: 'billing.v1.local-checkout.view',
    localCheckoutPay: 'billing.v1.local-checkout.pay',
    localCheckoutCancel: 'billing.v1.local-checkout.cancel',
    localPortalView: 'billing.v1.local-portal.view',
    localPortalCancel: 'billing.v1.local-portal.cancel-subscription',
    /** Service to service (files' export builder only): membership and billing history of `userId`. */
    exportData: 'billing.v1.export.collect',
  },
} as const;

/** JetStream event subjects of API.md. */
export const EventSubjects = {
  membershipActivated: 'membership.activated',
  membershipDeactivated: 'membership.deactivated',
  /** A paid membership whose renewal payment failed: still the paid tier, status `past_due`. */
  membershipPastDue: 'membership.past_due',
  userRegistered: 'user.registered',
  /** An address proved by its verification mail (at sign-up, or a changed email): the profile's email and `emailVerified`. */
  userEmailVerified: 'user.email-verified',
  fileUploaded: 'file.uploaded',
  /** Chat finished (or gave up) reading a file: files keeps it as the file's `indexStatus`. */
  fileIndexed: 'file.indexed',
  /** A confirmed file was deleted: chat drops what it read from it. */
  fileDeleted: 'file.deleted',
  /** The account is closed: every service erases what it holds for the user (API.md). */
  userDeleted: 'user.deleted',
  /** An account export was asked for: files builds it in the background, at least once (FILE stream, files' own). */
  exportRequested: 'file.export-requested',
} as const;

export type EventSubject = (typeof EventSubjects)[keyof typeof EventSubjects];

export const ServiceNames = ['auth', 'users', 'files', 'chat', 'billing'] as const;
export type ServiceName = (typeof ServiceNames)[number];

/**
 * Durable streams, the subjects each one captures and the one service that owns it: only the
 * owner creates and updates the stream and publishes its subjects (NATS permissions enforce it).
 */
export const Streams = {
  MEMBERSHIP: { name: 'MEMBERSHIP', subjects: ['membership.>'], owner: 'billing' },
  USER: { name: 'USER', subjects: ['user.>'], owner: 'auth' },
  /** What files says about files (files alone publishes these). */
  FILE: { name: 'FILE', subjects: ['file.uploaded', 'file.deleted', 'file.export-requested'], owner: 'files' },
  /** What the assistant made of a file (chat alone publishes it; files keeps it as `indexStatus`). */
  FILE_INDEX: { name: 'FILE_INDEX', subjects: ['file.indexed'], owner: 'chat' },
} as const satisfies Record<string, { name: string; subjects: readonly string[]; owner: ServiceName }>;

/**
 * The short-lived log of replies being written (chat's own stream, in memory, entries expire
 * after CHAT_REPLY_LOG_TTL_SECONDS): created by the chat service, not by ensureStreams, because
 * its storage and age differ from the durable event streams.
 */
export const ReplyLogStream = { name: 'REPLY_LOG', subjects: [`${Subjects.chat.replyLog}.>`], owner: 'chat' } as const satisfies {
  name: string;
  subjects: readonly string[];
  owner: ServiceName;
};

/** NATS header names that travel with every request and event. */
export const Headers = {
  requestId: 'x-request-id',
  /** Ignored by every service since issue #11: a bare user id proves nothing. */
  userSub: 'x-user-sub',
  /** The gateway's signed, short-lived statement of the verified user (see libs/platform identity). */
  userAssertion: 'x-user-assertion',
  /** The user a service acts for on an internal subject only that service may publish. */
  onBehalfOf: 'x-on-behalf-of',
} as const;
