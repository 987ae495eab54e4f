import { Controller, Inject } from '@nestjs/common';
import { ErrorCode, ServiceError, UsersExportDataContract, type Profile } from '@tasksensei/contracts';
import { Handles, requireUser, type RequestContext } from '@tasksensei/platform';
import { GetProfileUseCase } from '../profile/get-profile/get-profile.usecase.js';

/** The profile for files' export builder (service to service, for the user files names). */
@Controller()
export class ExportDataHandler {
  constructor(@Inject(GetProfileUseCase) private readonly profiles: GetProfileUseCase) {}

  @Handles(UsersExportDataContract)
  async collect(_request: unknown, context: RequestContext): Promise<{ profile: Profile | null }> {
    try {
      return { profile: await this.profiles.execute(requireUser(context)) };
    } catch (error) {
      if (error instanceof ServiceError && error.code === ErrorCode.NotFound) return { profile: null };
      throw error;
    }
  }
}
