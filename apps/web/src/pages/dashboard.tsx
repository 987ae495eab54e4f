import { describeError } from '../api/problem.js';
import { Alert } from '../components/field.js';
import { useStore } from '../lib/store.js';
import { useServices } from '../services.js';
import { MembershipCard } from './dashboard/membership-card.js';
import { ProfileCard } from './dashboard/profile-card.js';
import { UsageCard } from './dashboard/usage-card.js';

export function DashboardPage() {
  const { account } = useServices();
  const { profile, error } = useStore(account.store);
  return (
    <>
      <div class="page__head">
        <h1 id="page-title" tabIndex={-1}>
          {profile ? `Welcome, ${profile.displayName || profile.email}` : 'Dashboard'}
        </h1>
        <p class="page__lead">Your profile, membership and usage at a glance.</p>
      </div>
      {!profile && error !== undefined && (
        <Alert kind="error">
          {describeError(error)}{' '}
          <button type="button" class="button button--small" onClick={() => void account.load()}>
            Try again
          </button>
        </Alert>
      )}
      {!profile && error === undefined && (
        <p class="muted" role="status">
          Loading your account…
        </p>
      )}
      {profile && (
        <div class="grid grid--dashboard">
          <ProfileCard profile={profile} />
          <MembershipCard profile={profile} />
          <UsageCard profile={profile} />
        </div>
      )}
    </>
  );
}
