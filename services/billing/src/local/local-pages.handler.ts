import { Controller, Inject } from '@nestjs/common';
import {
  LocalCheckoutCancelContract,
  LocalCheckoutPayContract,
  LocalCheckoutViewContract,
  LocalPortalCancelContract,
  LocalPortalViewContract,
  BillingError,
} from '@tasksensei/contracts';
import { Handles } from '@tasksensei/platform';
import type { LocalPagesUseCase } from './local-pages.usecase.js';

/** The local pages' use case, or null when a Stripe key is configured (the pages do not exist then). */
export const LOCAL_PAGES = Symbol.for('billing.local-pages');

/**
 * Reached by session id, without a user: the browser arrives by redirect, as on Stripe's
 * hosted pages, and the unguessable id is the credential.
 */
@Controller()
export class LocalPagesHandler {
  constructor(@Inject(LOCAL_PAGES) private readonly pages: LocalPagesUseCase | null) {}

  @Handles(LocalCheckoutViewContract)
  viewCheckout({ sessionId }: { sessionId: string }) {
    return this.use().viewCheckout(sessionId);
  }

  @Handles(LocalCheckoutPayContract)
  pay({ sessionId, csrfToken }: { sessionId: string; csrfToken?: string }) {
    return this.use().pay(sessionId, csrfToken);
  }

  @Handles(LocalCheckoutCancelContract)
  cancelCheckout({ sessionId, csrfToken }: { sessionId: string; csrfToken?: string }) {
    return this.use().cancelCheckout(sessionId, csrfToken);
  }

  @Handles(LocalPortalViewContract)
  viewPortal({ sessionId }: { sessionId: string }) {
    return this.use().viewPortal(sessionId);
  }

  @Handles(LocalPortalCancelContract)
  cancelSubscription({ sessionId, csrfToken }: { sessionId: string; csrfToken?: string }) {
    return this.use().cancelSubscription(sessionId, csrfToken);
  }

  private use(): LocalPagesUseCase {
    if (!this.pages) throw new BillingError('LOCAL_CHECKOUT_DISABLED', 'There is no local checkout: this deployment uses Stripe.');
    return this.pages;
  }
}
