import { Controller, Inject } from '@nestjs/common';
import { GenerateUploadContract, type GenerateUploadReply, type GenerateUploadRequest } from '@tasksensei/contracts';
import { Handles, requireUser, type RequestContext } from '@tasksensei/platform';
import { GenerateUploadUseCase } from './generate-upload.usecase.js';

@Controller()
export class GenerateUploadHandler {
  constructor(@Inject(GenerateUploadUseCase) private readonly useCase: GenerateUploadUseCase) {}

  @Handles(GenerateUploadContract)
  generate(request: GenerateUploadRequest, context: RequestContext): Promise<GenerateUploadReply> {
    return this.useCase.execute(requireUser(context), request);
  }
}
