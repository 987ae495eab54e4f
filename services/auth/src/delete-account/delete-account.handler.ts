import { Controller, Inject } from '@nestjs/common';
import { DeleteAccountContract, type DeleteAccountRequest } from '@tasksensei/contracts';
import { Handles, requireUser, type RequestContext } from '@tasksensei/platform';
import { DeleteAccountUseCase } from './delete-account.usecase.js';

@Controller()
export class DeleteAccountHandler {
  constructor(@Inject(DeleteAccountUseCase) private readonly useCase: DeleteAccountUseCase) {}

  @Handles(DeleteAccountContract)
  delete(request: DeleteAccountRequest, context: RequestContext): Promise<{ userId: string; deletionRequestedAt: string }> {
    return this.useCase.execute(requireUser(context), request);
  }
}
