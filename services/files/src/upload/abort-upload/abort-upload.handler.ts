import { Controller, Inject } from '@nestjs/common';
import { AbortUploadContract } from '@tasksensei/contracts';
import { Handles, requireUser, type RequestContext } from '@tasksensei/platform';
import { AbortUploadUseCase } from './abort-upload.usecase.js';

@Controller()
export class AbortUploadHandler {
  constructor(@Inject(AbortUploadUseCase) private readonly useCase: AbortUploadUseCase) {}

  @Handles(AbortUploadContract)
  async abort(request: { fileId: string }, context: RequestContext): Promise<{ aborted: true }> {
    await this.useCase.execute(requireUser(context), request.fileId);
    return { aborted: true };
  }
}
