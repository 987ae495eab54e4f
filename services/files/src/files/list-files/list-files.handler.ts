import { Controller, Inject } from '@nestjs/common';
import { ListFilesContract, type FileView } from '@tasksensei/contracts';
import { Handles, requireUser, type RequestContext } from '@tasksensei/platform';
import { ListFilesUseCase } from './list-files.usecase.js';

@Controller()
export class ListFilesHandler {
  constructor(@Inject(ListFilesUseCase) private readonly useCase: ListFilesUseCase) {}

  @Handles(ListFilesContract)
  list(_request: unknown, context: RequestContext): Promise<FileView[]> {
    return this.useCase.execute(requireUser(context));
  }
}
