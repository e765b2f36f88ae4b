// Percentiles for benchmark printouts.
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank]!;
}

export function summary(label: string, values: readonly number[], budget?: number): string {
  const f = (n: number) => n.toFixed(1).padStart(7);
  const b = budget === undefined ? '' : `   budget p95 ≤ ${budget} ms`;
  return `${label.padEnd(38)} n=${String(values.length).padStart(4)}  p50 ${f(percentile(values, 50))} ms  p95 ${f(percentile(values, 95))} ms${b}`;
}
