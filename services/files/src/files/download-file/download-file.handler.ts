import { Controller, Inject } from '@nestjs/common';
import { DownloadFileContract } from '@tasksensei/contracts';
import { Handles, requireUser, type RequestContext } from '@tasksensei/platform';
import { DownloadFileUseCase } from './download-file.usecase.js';

@Controller()
export class DownloadFileHandler {
  constructor(@Inject(DownloadFileUseCase) private readonly useCase: DownloadFileUseCase) {}

  @Handles(DownloadFileContract)
  download(request: { fileId: string }, context: RequestContext): Promise<{ url: string; expiresAt: string }> {
    return this.useCase.execute(requireUser(context), request.fileId);
  }
}
