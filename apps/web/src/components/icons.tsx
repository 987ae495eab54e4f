/** A clock, drawn here: emoji fonts are not on every machine (Debian's chromium has none). */
export function ClockIcon() {
  return (
    <svg class="icon" viewBox="0 0 24 24" width="20" height="20" aria-hidden="true" focusable="false">
      <circle cx="12" cy="13" r="8" fill="none" stroke="currentColor" stroke-width="2" />
      <path d="M12 9v4l3 2M5 4 2.5 6.5M19 4l2.5 2.5" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" />
    </svg>
  );
}
