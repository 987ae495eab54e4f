import { Controller, Inject, type Type } from '@nestjs/common';
import { PingContracts, type PingReply, type ServiceName } from '@tasksensei/contracts';
import { Handles } from '../nats/handles.decorator.js';
import { HealthChecks } from './health-checks.js';

const startedAt = Date.now();

/** Answers `<service>.v1.ping` with the service's own status and each dependency it owns. */
export function createPingController(service: ServiceName, version: string): Type {
  @Controller()
  class PingController {
    constructor(@Inject(HealthChecks) private readonly health: HealthChecks) {}

    @Handles(PingContracts[service])
    async ping(): Promise<PingReply> {
      const checks = await this.health.run();
      const down = Object.values(checks).some((c) => c.status === 'down');
      return {
        service,
        status: down ? 'down' : 'ok',
        version,
        uptimeSeconds: Math.round((Date.now() - startedAt) / 1000),
        checks,
      };
    }
  }
  return PingController;
}
