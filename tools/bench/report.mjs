/** @typedef {import('./plans.mjs').Section} Section */

const WIDTHS = [42, 9, 9, 9];

/**
 * One section as a table: a row per target, then the ratio against the target share.
 * @param {Section} section
 * @returns {string}
 */
export function formatSection(section) {
  const lines = [line([section.title, 'req/s', 'p50 ms', 'p99 ms'])];
  for (const row of section.rows) {
    lines.push(line([`  ${row.label}`, Math.round(row.reqPerSec).toString(), row.p50Ms.toFixed(1), row.p99Ms.toFixed(1)]));
  }
  if (section.ratio) {
    const { label, value, target } = section.ratio;
    const verdict = value >= target ? 'meets' : 'BELOW';
    lines.push(line([`  ${label}`, value.toFixed(2)]) + `   ${verdict} target ${target.toFixed(2)}`);
  }
  for (const note of section.notes) lines.push(`  note: ${note}`);
  return lines.join('\n');
}

/** @param {string[]} cells the first left-aligned, the figures right-aligned */
function line(cells) {
  return cells.map((cell, i) => (i === 0 ? cell.padEnd(WIDTHS[0]) : cell.padStart(WIDTHS[i]))).join('');
}
