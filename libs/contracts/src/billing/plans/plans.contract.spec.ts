import { PriceSheetSchema, PublicPlanSchema } from './plans.contract.js';

const plan = (id: string, priceCents = 0) => ({
  id,
  name: id,
  priceCents,
  currency: 'usd',
  interval: 'month' as const,
  features: [],
  limits: { storageQuotaBytes: 1, maxFileSizeBytes: 1, messagesPerDay: 1, automations: [] },
});

describe('PriceSheetSchema', () => {
  it('accepts a sheet with free and pro', () => {
    expect(PriceSheetSchema.safeParse([plan('free'), plan('pro', 900)]).success).toBe(true);
  });

  it.each([
    ['without pro', [plan('free'), plan('team')]],
    ['with a duplicate id', [plan('free'), plan('pro'), plan('pro')]],
    ['with a negative price', [plan('free'), plan('pro', -1)]],
    ['with an id that is not a slug', [plan('free'), plan('pro'), plan('../etc')]],
  ])('refuses a sheet %s', (_label, sheet) => {
    expect(PriceSheetSchema.safeParse(sheet).success).toBe(false);
  });

  it('keeps the Stripe price id out of the public plan', () => {
    const parsed = PublicPlanSchema.parse({ ...plan('pro'), stripePriceId: 'price_123' });
    expect(parsed).not.toHaveProperty('stripePriceId');
  });
});
