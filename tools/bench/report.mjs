import { formatCpu } from './processes.mjs';

/**
 * What a bench section returns: a row per target under the same load, and optionally a ratio
 * between two of them with the share the issue asks for.
 * @typedef {import('./load.mjs').Measurement & { label: string, url: string }} Row
 * @typedef {{ label: string, value: number, target?: number, atMost?: boolean }} Ratio  atMost: the goal is a ceiling, not a floor
 * @typedef {object} Section
 * @property {string} id
 * @property {string} title
 * @property {Row[]} rows
 * @property {{ label: string, value: number, target?: number }} [ratio]  target: the share an issue asks for, if any
 * @property {Ratio[]} [ratios]  more figures, each against its goal
 * @property {string[]} notes
 */

const HEADINGS = ['req/s', 'p50 ms', 'p99 ms', 'cpu µs/req'];
const LABEL_WIDTH = 42;
const FIGURE_WIDTH = 12;
const COMPARISON_WIDTH = 28;
/** Above this share of the CPU used by others during a run, its figures say more about the neighbours. */
const OTHERS_WARNING = 0.05;

/**
 * One section as a table: a row per target, then the ratio against its target.
 * @param {Section} section
 * @returns {string}
 */
export function formatSection(section) {
  const lines = [line(section.title, HEADINGS)];
  for (const row of section.rows) {
    const figures = [Math.round(row.reqPerSec), row.p50Ms, row.p99Ms, row.cpuUsPerReq ?? '-'];
    lines.push(line(`  ${row.label}`, figures.map(String)));
  }
  for (const { label, value, target, atMost } of [...(section.ratio ? [section.ratio] : []), ...(section.ratios ?? [])]) {
    const met = target !== undefined && (atMost ? value <= target : value >= target);
    const goal = target === undefined ? '' : `${atMost ? 'at most' : 'at least'} ${target.toFixed(2)}`;
    const verdict = target === undefined ? '' : met ? `meets the goal (${goal})` : `misses the goal (${goal})`;
    lines.push(`${line(`  ${label}`, [value.toFixed(2)])}${verdict ? `   ${verdict}` : ''}`);
  }
  for (const row of section.rows) {
    if (row.cpu?.length) lines.push(`  cpu µs/op, ${row.label}: ${formatCpu(row.cpu)}`);
  }
  for (const { othersCpuShare, label } of section.rows) {
    if (othersCpuShare !== null && othersCpuShare > OTHERS_WARNING) {
      lines.push(`  warning: other processes used ${Math.round(othersCpuShare * 100)}% of the CPU during the ${label} run`);
    }
  }
  for (const note of section.notes) lines.push(`  note: ${note}`);
  return lines.join('\n');
}

/**
 * @param {string} label left-aligned
 * @param {string[]} figures right-aligned
 */
function line(label, figures) {
  return label.padEnd(LABEL_WIDTH) + figures.map((figure) => figure.padStart(FIGURE_WIDTH)).join('');
}

/**
 * Before and after, section by section: each row and ratio measured in both runs, matched by label
 * (a figure only one run has is listed as such), with the change as after / before.
 * @param {Section[]} before
 * @param {Section[]} after
 * @returns {string}
 */
export function formatComparison(before, after) {
  const lines = [wideLine('Before -> after (same run; after / before in brackets)', ['req/s', 'p50 ms', 'cpu µs/req'])];
  for (const section of after) {
    const old = before.find((candidate) => candidate.id === section.id);
    lines.push(`${section.title}${old ? '' : ' (only after)'}`);
    for (const row of section.rows) {
      const was = old?.rows.find((candidate) => candidate.label === row.label);
      lines.push(
        wideLine(`  ${row.label}`, [
          change(was?.reqPerSec, row.reqPerSec, 0),
          change(was?.p50Ms, row.p50Ms, 1),
          change(was?.cpuUsPerReq, row.cpuUsPerReq, 0),
        ]),
      );
      for (const process of row.cpu ?? []) {
        const wasProcess = was?.cpu?.find((candidate) => candidate.name === process.name);
        lines.push(`      cpu µs/op ${process.name.padEnd(10)} ${change(wasProcess?.usPerOp, process.usPerOp, 0).trim()}`);
      }
    }
    for (const ratio of [...(section.ratio ? [section.ratio] : []), ...(section.ratios ?? [])]) {
      const was = [...(old?.ratio ? [old.ratio] : []), ...(old?.ratios ?? [])].find((candidate) => candidate.label === ratio.label);
      lines.push(wideLine(`  ${ratio.label}`, [change(was?.value, ratio.value, 2)]));
    }
  }
  return lines.join('\n');
}

/**
 * "before -> after (x)" for one figure; a side that was not measured shows as "-".
 * @param {number | null | undefined} before
 * @param {number | null | undefined} after
 * @param {number} digits
 */
function change(before, after, digits) {
  const shown = (value) => (typeof value === 'number' ? value.toFixed(digits) : '-');
  const factor = typeof before === 'number' && typeof after === 'number' && before !== 0 ? ` (${(after / before).toFixed(2)})` : '';
  return `${shown(before)} -> ${shown(after)}${factor}`;
}

/** A comparison row: label, then figures wide enough for "before -> after (x)". */
function wideLine(label, figures) {
  return label.padEnd(LABEL_WIDTH) + figures.map((figure) => figure.padStart(COMPARISON_WIDTH)).join('');
}
