const bytesFormat = new Intl.NumberFormat(undefined, { maximumFractionDigits: 1 });

export function formatBytes(bytes: number): string {
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${bytesFormat.format(value)} ${units[unit]}`;
}

export function formatDate(iso: string | undefined, timeZone?: string): string {
  if (!iso) return '';
  return new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', ...(timeZone ? { timeZone } : {}) }).format(new Date(iso));
}

export function formatDateTime(iso: string | undefined, timeZone?: string): string {
  if (!iso) return '';
  return new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short', ...(timeZone ? { timeZone } : {}) }).format(
    new Date(iso),
  );
}

export function formatPrice(priceCents: number, currency: string, interval?: string): string {
  const amount = new Intl.NumberFormat(undefined, { style: 'currency', currency: currency.toUpperCase() }).format(priceCents / 100);
  return interval ? `${amount} / ${interval}` : amount;
}

/** Characters as a person counts them (code points), as the server does. */
export const charCount = (value: string) => [...value].length;

export function timeZones(): string[] {
  try {
    return Intl.supportedValuesOf('timeZone');
  } catch {
    return ['UTC'];
  }
}
