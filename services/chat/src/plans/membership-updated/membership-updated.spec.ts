import { MembershipUpdatedHandler } from './membership-updated.handler.js';
import { MembershipUpdatedUseCase, type CachedPlans } from './membership-updated.usecase.js';

class RecordingPlans implements CachedPlans {
  readonly forgotten: string[] = [];
  forget(userId: string): void {
    this.forgotten.push(userId);
  }
}

const bytes = (value: unknown): Uint8Array => new TextEncoder().encode(typeof value === 'string' ? value : JSON.stringify(value));

describe('membership updated', () => {
  let plans: RecordingPlans;
  let handler: MembershipUpdatedHandler;

  beforeEach(() => {
    plans = new RecordingPlans();
    handler = new MembershipUpdatedHandler(new MembershipUpdatedUseCase(plans));
  });

  it("drops the user's cached plan when their membership changes", () => {
    const handled = handler.handle(bytes({ userId: 'user-1', tier: 'pro', status: 'active', updatedAt: '2026-01-01T00:00:00.000Z' }));
    expect(handled).toBe(true);
    expect(plans.forgotten).toEqual(['user-1']);
  });

  it('ignores a notification that is not JSON or not a membership update', () => {
    expect(handler.handle(bytes('{not json'))).toBe(false);
    expect(handler.handle(bytes({ userId: 'user-1' }))).toBe(false);
    expect(plans.forgotten).toEqual([]);
  });
});
