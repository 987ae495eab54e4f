export interface Bar {
  readonly label: string;
  readonly value: number;
}

/**
 * A small bar chart in SVG. Screen readers get the numbers as a table instead of the picture.
 */
export function BarChart({ title, bars, limit, unit }: { title: string; bars: readonly Bar[]; limit?: number; unit: string }) {
  const max = Math.max(1, limit ?? 0, ...bars.map((b) => b.value));
  const width = 320;
  const height = 140;
  const plotHeight = 110;
  const slot = width / Math.max(1, bars.length);
  const barWidth = Math.min(28, slot * 0.6);
  const limitY = limit ? plotHeight - (limit / max) * plotHeight + 4 : undefined;
  return (
    <figure class="chart">
      <figcaption class="chart__title">{title}</figcaption>
      <svg viewBox={`0 0 ${width} ${height}`} class="chart__svg" aria-hidden="true" focusable="false">
        <line x1="0" x2={width} y1={plotHeight + 4} y2={plotHeight + 4} class="chart__axis" />
        {limitY !== undefined && <line x1="0" x2={width} y1={limitY} y2={limitY} class="chart__limit" />}
        {bars.map((bar, i) => {
          const h = (bar.value / max) * plotHeight;
          const x = i * slot + (slot - barWidth) / 2;
          return (
            <g key={bar.label}>
              <rect x={x} y={plotHeight + 4 - h} width={barWidth} height={Math.max(h, bar.value > 0 ? 2 : 0)} rx="3" class="chart__bar" />
              {bar.value > 0 && (
                <text x={x + barWidth / 2} y={plotHeight - h} class="chart__value" text-anchor="middle">
                  {bar.value}
                </text>
              )}
              <text x={x + barWidth / 2} y={height - 4} class="chart__label" text-anchor="middle">
                {bar.label}
              </text>
            </g>
          );
        })}
      </svg>
      <table class="sr-only">
        <caption>{title}</caption>
        <tbody>
          {bars.map((bar) => (
            <tr key={bar.label}>
              <th scope="row">{bar.label}</th>
              <td>
                {bar.value} {unit}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}

/** Used against allowed, as a labelled meter. */
export function UsageMeter({
  id,
  label,
  used,
  limit,
  format,
}: {
  id: string;
  label: string;
  used: number;
  limit: number;
  format: (n: number) => string;
}) {
  const ratio = limit > 0 ? Math.min(used / limit, 1) : 0;
  const level = ratio >= 0.9 ? 'high' : ratio >= 0.7 ? 'medium' : 'low';
  return (
    <div class="meter">
      <div class="meter__head">
        <span id={`${id}-label`}>{label}</span>
        <span>
          {format(used)} of {format(limit)}
        </span>
      </div>
      <meter
        id={id}
        class={`meter__bar meter__bar--${level}`}
        min={0}
        max={limit || 1}
        low={limit * 0.7}
        high={limit * 0.9}
        optimum={0}
        value={Math.min(used, limit || 1)}
        aria-labelledby={`${id}-label`}
        aria-valuetext={`${format(used)} of ${format(limit)} (${Math.round(ratio * 100)}%)`}
      />
    </div>
  );
}
