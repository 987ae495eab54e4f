import { readFileSync } from 'node:fs';
import { ConfigError } from '@tasksensei/platform';
import { PriceSheetSchema, type Plan } from '@tasksensei/contracts';

const DEFAULT_PLANS = new URL('../../config/plans.json', import.meta.url);

/** The price sheet, read and validated once at start; a bad sheet stops the service. */
export class PriceSheet {
  private constructor(readonly plans: readonly Plan[]) {}

  static load(file?: string): PriceSheet {
    const source = file ?? DEFAULT_PLANS;
    let raw: unknown;
    try {
      raw = JSON.parse(readFileSync(source, 'utf8'));
    } catch (error) {
      throw new ConfigError('PLANS_FILE', `cannot be read as JSON: ${(error as Error).message}`);
    }
    const parsed = PriceSheetSchema.safeParse(raw);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      throw new ConfigError('PLANS_FILE', `is not a valid price sheet at ${issue.path.join('.') || '(root)'}: ${issue.message}`);
    }
    return new PriceSheet(parsed.data);
  }

  find(planId: string): Plan | undefined {
    return this.plans.find((plan) => plan.id === planId);
  }
}
