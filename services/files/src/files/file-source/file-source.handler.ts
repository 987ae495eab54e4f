import { Controller, Inject } from '@nestjs/common';
import { FileSourceContract, type ReplyOf } from '@tasksensei/contracts';
import { Handles } from '@tasksensei/platform';
import { FileSourceUseCase } from './file-source.usecase.js';

/**
 * Internal, called by the chat service under its own identity (no user is calling, so no
 * requireUser): NATS permissions keep it away from the gateway and every other service.
 */
@Controller()
export class FileSourceHandler {
  constructor(@Inject(FileSourceUseCase) private readonly useCase: FileSourceUseCase) {}

  @Handles(FileSourceContract)
  source(request: { userId: string; fileId: string }): Promise<ReplyOf<typeof FileSourceContract>> {
    return this.useCase.execute(request.userId, request.fileId);
  }
}
