import { useEffect, useMemo, useState } from 'preact/hooks';
import { ApiError, describeError } from '../../api/problem.js';
import type { Profile, UpdateProfileRequest } from '../../api/types.js';
import { Alert, Field, TextField } from '../../components/field.js';
import { charCount, formatDate, timeZones } from '../../lib/format.js';
import { useServices } from '../../services.js';

interface Draft {
  displayName: string;
  company: string;
  timezone: string;
}

type Errors = Partial<Record<keyof Draft, string>>;

type Banner = { kind: 'success' | 'error' | 'info'; text: string } | { kind: 'conflict'; latest: Profile } | undefined;

const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;

const draftOf = (p: Profile): Draft => ({ displayName: p.displayName, company: p.company ?? '', timezone: p.timezone ?? '' });

/** The same rules as the users service, checked before sending (the server still decides). */
function validate(draft: Draft, zones: ReadonlySet<string>): Errors {
  const errors: Errors = {};
  const name = draft.displayName.trim();
  if (!name) errors.displayName = 'Enter your name.';
  else if (charCount(name) > 100) errors.displayName = 'Use at most 100 characters.';
  else if (CONTROL.test(name)) errors.displayName = 'Remove the control characters.';
  if (charCount(draft.company.trim()) > 200) errors.company = 'Use at most 200 characters.';
  else if (CONTROL.test(draft.company)) errors.company = 'Remove the control characters.';
  if (draft.timezone && !zones.has(draft.timezone)) errors.timezone = 'Choose a time zone from the list.';
  return errors;
}

function changes(draft: Draft, base: Profile): Omit<UpdateProfileRequest, 'expectedVersion'> {
  const out: { displayName?: string; company?: string | null; timezone?: string | null } = {};
  const before = draftOf(base);
  if (draft.displayName.trim() !== before.displayName) out.displayName = draft.displayName.trim();
  if (draft.company.trim() !== before.company) out.company = draft.company.trim() || null;
  if (draft.timezone !== before.timezone) out.timezone = draft.timezone || null;
  return out as Omit<UpdateProfileRequest, 'expectedVersion'>;
}

export function ProfileCard({ profile }: { profile: Profile }) {
  const { api, account } = useServices();
  const zones = useMemo(() => {
    const list = timeZones();
    return list.includes('UTC') ? list : ['UTC', ...list];
  }, []);
  const zoneSet = useMemo(() => new Set(zones), [zones]);
  // The version the draft was started from: the save is conditional on it (409 if stale).
  const [base, setBase] = useState(profile);
  const [draft, setDraft] = useState(() => draftOf(profile));
  const [errors, setErrors] = useState<Errors>({});
  const [banner, setBanner] = useState<Banner>();
  const [saving, setSaving] = useState(false);
  const dirty = Object.keys(changes(draft, base)).length > 0;

  // A newer profile from elsewhere (reload, another save) replaces an untouched form.
  useEffect(() => {
    if (profile.version !== base.version && !dirty) {
      setBase(profile);
      setDraft(draftOf(profile));
    }
  }, [profile]);

  const set = (field: keyof Draft) => (event: Event) => {
    const value = (event.currentTarget as HTMLInputElement | HTMLSelectElement).value;
    setDraft((d) => ({ ...d, [field]: value }));
    if (errors[field]) setErrors((e) => ({ ...e, [field]: undefined }));
  };

  const save = async (from: Profile) => {
    const found = validate(draft, zoneSet);
    setErrors(found);
    if (Object.values(found).some(Boolean)) {
      setBanner({ kind: 'error', text: 'Please correct the highlighted fields.' });
      return;
    }
    const update = changes(draft, from);
    if (!Object.keys(update).length) {
      setBanner({ kind: 'info', text: 'Nothing changed.' });
      return;
    }
    setSaving(true);
    setBanner(undefined);
    try {
      const saved = await api.updateProfile({ ...update, expectedVersion: from.version });
      account.setProfile(saved);
      setBase(saved);
      setDraft(draftOf(saved));
      setBanner({ kind: 'success', text: 'Profile saved.' });
    } catch (error) {
      if (error instanceof ApiError && error.status === 409) {
        const latest = await api.profile().catch(() => undefined);
        if (latest) {
          account.setProfile(latest);
          setBanner({ kind: 'conflict', latest });
        } else setBanner({ kind: 'error', text: describeError(error) });
      } else if (error instanceof ApiError && error.status === 400) {
        setErrors({
          displayName: error.fieldMessage('displayName'),
          company: error.fieldMessage('company'),
          timezone: error.fieldMessage('timezone'),
        });
        setBanner({ kind: 'error', text: error.errors.length ? 'Please correct the highlighted fields.' : error.detail });
      } else setBanner({ kind: 'error', text: describeError(error) });
    } finally {
      setSaving(false);
    }
  };

  const onSubmit = (event: Event) => {
    event.preventDefault();
    void save(base);
  };

  const keepMine = (latest: Profile) => {
    setBase(latest);
    void save(latest);
  };
  const takeTheirs = (latest: Profile) => {
    setBase(latest);
    setDraft(draftOf(latest));
    setErrors({});
    setBanner({ kind: 'info', text: 'Showing the latest saved profile.' });
  };

  return (
    <section class="card card--profile" aria-labelledby="profile-title">
      <h2 id="profile-title">Profile</h2>
      <form onSubmit={onSubmit} noValidate>
        <dl class="facts">
          <div>
            <dt>Email</dt>
            <dd>{profile.email}</dd>
          </div>
          <div>
            <dt>Member since</dt>
            <dd>{formatDate(profile.createdAt, profile.timezone)}</dd>
          </div>
        </dl>
        <TextField
          id="displayName"
          label="Name"
          value={draft.displayName}
          onInput={set('displayName')}
          error={errors.displayName}
          autocomplete="name"
          required
          maxLength={200}
        />
        <TextField
          id="company"
          label="Company"
          hint="Optional."
          value={draft.company}
          onInput={set('company')}
          error={errors.company}
          autocomplete="organization"
        />
        <Field id="timezone" label="Time zone" hint="Reminders and dates use it." error={errors.timezone}>
          {(describedBy, invalid) => (
            <select
              id="timezone"
              name="timezone"
              value={draft.timezone}
              onChange={set('timezone')}
              aria-describedby={describedBy}
              aria-invalid={invalid || undefined}
            >
              <option value="">Not set (use this device's)</option>
              {zones.map((z) => (
                <option key={z} value={z}>
                  {z.replace(/_/g, ' ')}
                </option>
              ))}
            </select>
          )}
        </Field>
        {banner && banner.kind !== 'conflict' && <Alert kind={banner.kind}>{banner.text}</Alert>}
        {banner?.kind === 'conflict' && (
          <Alert kind="error">
            <p>
              Your profile was changed somewhere else (another tab or device) while you were editing. It now reads: name “
              {banner.latest.displayName}”{banner.latest.company ? `, company “${banner.latest.company}”` : ''}.
            </p>
            <div class="alert__actions">
              <button type="button" class="button button--primary button--small" onClick={() => keepMine(banner.latest)} disabled={saving}>
                Save my changes anyway
              </button>
              <button type="button" class="button button--small" onClick={() => takeTheirs(banner.latest)} disabled={saving}>
                Discard my changes
              </button>
            </div>
          </Alert>
        )}
        <div class="form__actions">
          <button type="submit" class="button button--primary" disabled={saving}>
            {saving ? 'Saving…' : 'Save profile'}
          </button>
          {dirty && !saving && (
            <button
              type="button"
              class="button button--quiet"
              onClick={() => {
                setDraft(draftOf(base));
                setErrors({});
                setBanner(undefined);
              }}
            >
              Reset
            </button>
          )}
        </div>
      </form>
    </section>
  );
}
