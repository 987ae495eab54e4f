import { Controller, Inject } from '@nestjs/common';
import { FileSourceContract, type ReplyOf } from '@tasksensei/contracts';
import { Handles, requireUser, type RequestContext } from '@tasksensei/platform';
import { FileSourceUseCase } from './file-source.usecase.js';

/**
 * Called by the chat service on the internal twin (InternalCalls), under its own identity, on
 * behalf of the file's owner: the user comes from the verified context, never from the body.
 */
@Controller()
export class FileSourceHandler {
  constructor(@Inject(FileSourceUseCase) private readonly useCase: FileSourceUseCase) {}

  @Handles(FileSourceContract)
  source(request: { fileId: string }, context: RequestContext): Promise<ReplyOf<typeof FileSourceContract>> {
    return this.useCase.execute(requireUser(context), request.fileId);
  }
}
