import { Controller, Inject } from '@nestjs/common';
import { UploadPartsContract, type ReplyOf } from '@tasksensei/contracts';
import { Handles, requireUser, type RequestContext } from '@tasksensei/platform';
import { UploadPartsUseCase } from './upload-parts.usecase.js';

@Controller()
export class UploadPartsHandler {
  constructor(@Inject(UploadPartsUseCase) private readonly useCase: UploadPartsUseCase) {}

  @Handles(UploadPartsContract)
  async parts(request: { fileId: string; partNumbers: number[] }, context: RequestContext): Promise<ReplyOf<typeof UploadPartsContract>> {
    return { parts: await this.useCase.execute(requireUser(context), request.fileId, request.partNumbers) };
  }
}
