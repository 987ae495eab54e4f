/**
 * The chaos table: one block per scenario (the columns are too wide for one line each).
 * @param {Array<{ scenario: string, load: string, fault: string, mustHold: string, measured: string, held: boolean, slow: string[], violations: string[] }>} results
 * @returns {string}
 */
export function formatTable(results) {
  const lines = ['SCENARIO / LOAD / FAULT / MUST HOLD / MEASURED', '='.repeat(100)];
  for (const r of results) {
    lines.push(`${r.held ? 'HELD    ' : 'NOT HELD'}  ${r.scenario}`);
    lines.push(`  load       ${r.load}`);
    lines.push(`  fault      ${r.fault}`);
    lines.push(`  must hold  ${r.mustHold}`);
    lines.push(`  measured   ${r.measured}`);
    for (const v of r.violations) lines.push(`  violated   ${v}`);
    for (const s of r.slow) lines.push(`  slow       ${s}`);
    lines.push('-'.repeat(100));
  }
  return lines.join('\n');
}
