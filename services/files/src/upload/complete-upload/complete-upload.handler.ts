import { Controller, Inject } from '@nestjs/common';
import { CompleteUploadContract, type CompleteUploadRequest, type FileView } from '@tasksensei/contracts';
import { Handles, requireUser, type RequestContext } from '@tasksensei/platform';
import { CompleteUploadUseCase } from './complete-upload.usecase.js';

@Controller()
export class CompleteUploadHandler {
  constructor(@Inject(CompleteUploadUseCase) private readonly useCase: CompleteUploadUseCase) {}

  @Handles(CompleteUploadContract)
  complete(request: CompleteUploadRequest, context: RequestContext): Promise<FileView> {
    return this.useCase.execute(requireUser(context), request);
  }
}
