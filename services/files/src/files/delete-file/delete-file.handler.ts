import { Controller, Inject } from '@nestjs/common';
import { DeleteFileContract } from '@tasksensei/contracts';
import { Handles, requireUser, type RequestContext } from '@tasksensei/platform';
import { DeleteFileUseCase } from './delete-file.usecase.js';

@Controller()
export class DeleteFileHandler {
  constructor(@Inject(DeleteFileUseCase) private readonly useCase: DeleteFileUseCase) {}

  @Handles(DeleteFileContract)
  async delete(request: { fileId: string }, context: RequestContext): Promise<{ deleted: true }> {
    await this.useCase.execute(requireUser(context), request.fileId);
    return { deleted: true };
  }
}
