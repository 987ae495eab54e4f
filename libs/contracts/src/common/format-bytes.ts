const UNITS = ['bytes', 'KB', 'MB', 'GB', 'TB'];

/** Sizes for messages people read: binary units, as the plans describe them ("100 MB" is 100 MiB). */
export function formatBytes(bytes: number): string {
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < UNITS.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${unit === 0 ? value : Number(value.toFixed(value < 10 ? 1 : 0))} ${UNITS[unit]}`;
}
