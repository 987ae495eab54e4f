import { Controller, Inject } from '@nestjs/common';
import { DeleteAccountContract, type DeleteAccountRequest } from '@tasksensei/contracts';
import { Handles, requireUser, type RequestContext } from '@tasksensei/platform';
import { DELETE_ACCOUNT } from '../auth.tokens.js';
import type { DeleteAccountUseCase } from './delete-account.usecase.js';

@Controller()
export class DeleteAccountHandler {
  constructor(@Inject(DELETE_ACCOUNT) private readonly useCase: DeleteAccountUseCase) {}

  @Handles(DeleteAccountContract)
  delete(request: DeleteAccountRequest, context: RequestContext): Promise<{ userId: string; deletionRequestedAt: string }> {
    return this.useCase.execute(requireUser(context), request);
  }
}
