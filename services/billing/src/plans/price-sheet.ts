import { readFileSync } from 'node:fs';
import { ConfigError } from '@tasksensei/platform';
import { PriceSheetSchema, type Plan } from '@tasksensei/contracts';

const DEFAULT_PLANS = new URL('../../config/plans.json', import.meta.url);

/** The price sheet, read and validated once at start; a bad sheet stops the service. */
export class PriceSheet {
  private constructor(readonly plans: readonly Plan[]) {}

  /** With a Stripe key every paid plan needs its Stripe price, or its checkout could never work. */
  static load(file?: string, options: { requireStripePrices?: boolean } = {}): PriceSheet {
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
    const unpriced = options.requireStripePrices ? parsed.data.find((plan) => plan.priceCents > 0 && !plan.stripePriceId) : undefined;
    if (unpriced)
      throw new ConfigError('PLANS_FILE', `has no stripePriceId for the paid plan "${unpriced.id}" (required with STRIPE_SECRET_KEY)`);
    return new PriceSheet(parsed.data);
  }

  find(planId: string): Plan | undefined {
    return this.plans.find((plan) => plan.id === planId);
  }
}
