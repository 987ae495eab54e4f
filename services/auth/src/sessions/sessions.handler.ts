import { Controller, Inject } from '@nestjs/common';
import { ListSessionsContract, RevokeSessionContract } from '@tasksensei/contracts';
import { Handles, requireUser, type RequestContext } from '@tasksensei/platform';
import { SESSIONS } from '../auth.tokens.js';
import type { SessionsUseCase } from './sessions.usecase.js';

@Controller()
export class SessionsHandler {
  constructor(@Inject(SESSIONS) private readonly sessions: SessionsUseCase) {}

  @Handles(ListSessionsContract)
  list(request: { currentSessionId?: string | undefined }, context: RequestContext) {
    return this.sessions.list(requireUser(context), context.sessionId ?? request.currentSessionId);
  }

  @Handles(RevokeSessionContract)
  async revoke(request: { sessionId: string }, context: RequestContext) {
    await this.sessions.revoke(requireUser(context), request.sessionId);
    return { revoked: true as const };
  }
}
