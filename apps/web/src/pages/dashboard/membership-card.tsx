import { useState } from 'preact/hooks';
import { describeError } from '../../api/problem.js';
import type { Profile, PublicPlan } from '../../api/types.js';
import { Alert } from '../../components/field.js';
import { formatBytes, formatDate, formatPrice } from '../../lib/format.js';
import { useStore } from '../../lib/store.js';
import { useServices } from '../../services.js';

const STATUS: Record<string, string> = { active: 'Active', trialing: 'Trial', past_due: 'Payment due', canceled: 'Canceled' };

/**
 * Opens a tab first, in the click itself (a popup opened after an await may be blocked), and
 * points it at the checkout once the URL is known: this tab stays on the dashboard and shows
 * the new plan the moment `membership.updated` arrives.
 */
function openCheckoutTab(): Window | null {
  const tab = window.open('', '_blank');
  if (tab) tab.opener = null;
  return tab;
}

export function MembershipCard({ profile }: { profile: Profile }) {
  const { api, account } = useServices();
  const { plans } = useStore(account.store);
  const { membership } = profile;
  const plan = plans.find((p) => p.id === membership.tier);
  const paid = Boolean(plan && plan.priceCents > 0);
  const upgrades = plans.filter((p) => p.priceCents > (plan?.priceCents ?? 0));
  const [busy, setBusy] = useState<string>();
  const [error, setError] = useState<string>();
  const [waiting, setWaiting] = useState<string>();

  const upgrade = async (target: PublicPlan) => {
    setError(undefined);
    setBusy(target.id);
    const tab = openCheckoutTab();
    try {
      const { url } = await api.checkout(target.id);
      if (tab) {
        tab.location.href = url;
        setWaiting(target.name);
      } else window.location.assign(url);
    } catch (e) {
      tab?.close();
      setError(describeError(e));
    } finally {
      setBusy(undefined);
    }
  };

  const manage = async () => {
    setError(undefined);
    setBusy('portal');
    try {
      const { url } = await api.billingPortal();
      window.location.assign(url);
    } catch (e) {
      setError(describeError(e));
      setBusy(undefined);
    }
  };

  const upgraded = waiting && plan?.name === waiting;
  return (
    <section class="card card--membership" aria-labelledby="membership-title">
      <h2 id="membership-title">Membership</h2>
      <div class="plan">
        <p class="plan__name" data-testid="plan-name">
          {plan?.name ?? membership.tier}
        </p>
        <span class={`status status--${membership.status}`}>{STATUS[membership.status] ?? membership.status}</span>
      </div>
      {membership.currentPeriodEnd && (
        <p class="muted">
          {membership.status === 'canceled' ? 'Ends on ' : 'Renews on '}
          <time dateTime={membership.currentPeriodEnd}>{formatDate(membership.currentPeriodEnd, profile.timezone)}</time>
        </p>
      )}
      {membership.status === 'past_due' && (
        <Alert kind="error">Your last payment failed. Update your payment method in billing to keep your plan.</Alert>
      )}
      {plan && (
        <ul class="plan__limits">
          <li>{formatBytes(plan.limits.storageQuotaBytes)} storage</li>
          <li>Files up to {formatBytes(plan.limits.maxFileSizeBytes)}</li>
          <li>{plan.limits.messagesPerDay} assistant messages a day</li>
        </ul>
      )}
      <div aria-live="polite">
        {waiting && !upgraded && (
          <Alert kind="info">Checkout for {waiting} is open in a new tab. This page updates as soon as the payment goes through.</Alert>
        )}
        {upgraded && <Alert kind="success">You are now on {waiting}. Thank you!</Alert>}
      </div>
      {error && <Alert kind="error">{error}</Alert>}
      {upgrades.map((target) => (
        <div class="upgrade" key={target.id}>
          <div>
            <p class="upgrade__name">
              {target.name} <span class="upgrade__price">{formatPrice(target.priceCents, target.currency, target.interval)}</span>
            </p>
            <ul class="upgrade__features">
              {target.features.map((f) => (
                <li key={f}>{f}</li>
              ))}
            </ul>
          </div>
          <button type="button" class="button button--primary" onClick={() => void upgrade(target)} disabled={busy !== undefined}>
            {busy === target.id ? 'Opening checkout…' : `Upgrade to ${target.name}`}
          </button>
        </div>
      ))}
      {paid && (
        <button type="button" class="button" onClick={() => void manage()} disabled={busy !== undefined}>
          {busy === 'portal' ? 'Opening billing…' : 'Manage billing'}
        </button>
      )}
    </section>
  );
}
