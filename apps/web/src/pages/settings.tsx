import { AccountDataCard } from './settings/account-data-card.js';

/** The account's settings: each part is its own card (security, sessions, the account's data). */
export function SettingsPage() {
  return (
    <>
      <div class="page__head">
        <h1 id="page-title" tabIndex={-1}>
          Settings
        </h1>
        <p class="page__lead">Your account and everything it holds.</p>
      </div>
      <AccountDataCard />
    </>
  );
}
