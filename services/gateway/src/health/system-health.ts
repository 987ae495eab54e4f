import { Inject, Injectable } from '@nestjs/common';
import { PingContracts, ServiceNames, ServiceError, type Check, type PingReply } from '@tasksensei/contracts';
import { ENV, NATS_CONNECTION, NatsRequester, type NatsConnection } from '@tasksensei/platform';
import type { GatewayEnv } from '../config/gateway.env.js';

export interface SystemHealth {
  status: 'ok' | 'down';
  checks: Record<string, Check>;
}

/** What the public port shows: ok/down per component; the details stay on the ops port. */
export function publicHealth(health: SystemHealth): { status: SystemHealth['status']; checks: Record<string, Pick<Check, 'status'>> } {
  return {
    status: health.status,
    checks: Object.fromEntries(Object.entries(health.checks).map(([name, check]) => [name, { status: check.status }])),
  };
}

/**
 * One check per service (it answered its NATS ping) and per dependency the services report
 * (a dependency is down when any service that uses it says so, and the detail names who).
 */
@Injectable()
export class SystemHealthProbe {
  constructor(
    @Inject(NatsRequester) private readonly requester: NatsRequester,
    @Inject(NATS_CONNECTION) private readonly nc: NatsConnection,
    @Inject(ENV) private readonly env: GatewayEnv,
  ) {}

  async probe(requestId: string): Promise<SystemHealth> {
    const checks: Record<string, Check> = { gateway: { status: 'ok' }, nats: await this.natsCheck() };
    const replies = await Promise.all(
      ServiceNames.map(async (service) => {
        const started = performance.now();
        try {
          const reply = await this.requester.request(PingContracts[service], {}, { requestId, timeoutMs: this.env.HEALTH_TIMEOUT_MS });
          return { service, reply, latencyMs: round(performance.now() - started) };
        } catch (error) {
          const detail = error instanceof ServiceError ? error.message : 'no answer';
          return { service, error: detail, latencyMs: round(performance.now() - started) };
        }
      }),
    );
    const dependencies = new Map<string, { down: string[]; detail?: string }>();
    for (const result of replies) {
      if (!result.reply) {
        checks[result.service] = { status: 'down', detail: result.error, latencyMs: result.latencyMs };
        continue;
      }
      checks[result.service] = { status: 'ok', latencyMs: result.latencyMs };
      mergeDependencies(dependencies, result.service, result.reply);
    }
    for (const [name, state] of dependencies) {
      checks[name] = state.down.length
        ? { status: 'down', detail: `reported down by ${state.down.join(', ')}${state.detail ? `: ${state.detail}` : ''}` }
        : { status: 'ok' };
    }
    const down = Object.values(checks).some((check) => check.status === 'down');
    return { status: down ? 'down' : 'ok', checks };
  }

  private async natsCheck(): Promise<Check> {
    const started = performance.now();
    try {
      await this.nc.rtt();
      return { status: 'ok', latencyMs: round(performance.now() - started) };
    } catch (error) {
      return { status: 'down', detail: (error as Error).message };
    }
  }
}

function mergeDependencies(into: Map<string, { down: string[]; detail?: string }>, service: string, reply: PingReply) {
  for (const [name, check] of Object.entries(reply.checks)) {
    if (name === 'nats') continue; // the gateway's own NATS check speaks for the bus
    const state = into.get(name) ?? { down: [] };
    if (check.status === 'down') {
      state.down.push(service);
      state.detail ??= check.detail;
    }
    into.set(name, state);
  }
}

const round = (ms: number) => Math.round(ms * 100) / 100;
