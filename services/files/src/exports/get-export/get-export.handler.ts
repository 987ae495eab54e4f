import { Controller, Inject } from '@nestjs/common';
import { GetExportContract, type ExportStatus } from '@tasksensei/contracts';
import { Handles, requireUser, type RequestContext } from '@tasksensei/platform';
import { GetExportUseCase } from './get-export.usecase.js';

@Controller()
export class GetExportHandler {
  constructor(@Inject(GetExportUseCase) private readonly useCase: GetExportUseCase) {}

  @Handles(GetExportContract)
  get(request: { exportId: string }, context: RequestContext): Promise<ExportStatus> {
    return this.useCase.execute(requireUser(context), request.exportId);
  }
}
