import type { Measurement } from './measure.js';
import type { Dialect, Target } from './scenarios.js';

export interface Row {
  name: string;
  baseline: boolean;
  /** bcrypt alone in the bench process: what `ceiling` targets compare with. */
  ceiling?: boolean;
  measurement: Measurement;
  target?: Target | undefined;
  note: string;
  /** Share of the CPUs other processes used just before the measurement. */
  busyBefore: number;
  /** Share of the CPUs processes other than ours used during the measurement. */
  otherLoad: number;
  /** Lowest and highest req/s over the rounds (when measured more than once). */
  spread?: [number, number];
}

/** The round with the median req/s, with the spread of all rounds. */
export function medianRow(rounds: Row[]): Row {
  const sorted = [...rounds].sort((a, b) => a.measurement.rps - b.measurement.rps);
  const median = sorted[Math.floor((sorted.length - 1) / 2)]!;
  if (rounds.length === 1) return median;
  return {
    ...median,
    busyBefore: Math.max(...rounds.map((r) => r.busyBefore)),
    otherLoad: Math.max(...rounds.map((r) => r.otherLoad)),
    spread: [sorted[0]!.measurement.rps, sorted[sorted.length - 1]!.measurement.rps],
  };
}

export interface DialectReport {
  dialect: Dialect;
  users: number;
  rows: Row[];
}

function verdict(row: Row, baselineRps: number, ceilingRps: number): string {
  const { target, measurement: m } = row;
  if (m.errors > 0 || m.non2xx > 0) return `FAIL (${m.errors} errors, ${m.non2xx} non-2xx)`;
  if (!target) return '';
  if (target.kind === 'ceiling') {
    const ratio = m.rps / ceilingRps;
    return `${ratio >= target.min ? 'pass' : 'FAIL'} (${fmt(ratio, 2)}×; ${target.label})`;
  }
  const ok = target.kind === 'ratio' ? m.rps / baselineRps >= target.min : m.p99 < target.maxMs;
  return `${ok ? 'pass' : 'FAIL'} (${target.label})`;
}

const fmt = (v: number, digits: number) =>
  Number.isFinite(v)
    ? v.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits })
    : '–';

export function tableOf(report: DialectReport): string[][] {
  const baselines = report.rows.filter((r) => r.baseline).map((r) => r.measurement.rps);
  const baseline = baselines.reduce((a, b) => a + b, 0) / baselines.length;
  const ceiling = report.rows.find((r) => r.ceiling)?.measurement.rps ?? NaN;
  return report.rows.map((row) => [
    row.name,
    fmt(row.measurement.rps, 0) +
      (row.spread ? ` (${fmt(row.spread[0], 0)}–${fmt(row.spread[1], 0)})` : ''),
    fmt(row.measurement.p50, 2),
    fmt(row.measurement.p99, 2),
    row.ceiling ? '' : fmt(row.measurement.rps / baseline, 2),
    verdict(row, baseline, ceiling),
    `${Math.round(row.otherLoad * 100)}%`,
    row.note,
  ]);
}

const HEADER = [
  'scenario',
  'req/s',
  'p50 ms',
  'p99 ms',
  '× baseline¹',
  'target',
  'other CPU²',
  'response',
];

export function markdownTable(report: DialectReport): string {
  const lines = [
    `| ${HEADER.join(' | ')} |`,
    `|${HEADER.map((_, i) => (i >= 1 && i <= 4 ? '---:' : '---')).join('|')}|`,
    ...tableOf(report).map(
      (cells) => `| ${cells.map((c) => c.replace(/\|/g, '\\|')).join(' | ')} |`,
    ),
  ];
  return lines.join('\n');
}

export function consoleTable(report: DialectReport): string {
  const rows = [HEADER, ...tableOf(report)];
  const widths = HEADER.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  return rows
    .map((r) =>
      r
        .map((c, i) => (i >= 1 && i <= 4 ? c.padStart(widths[i]!) : c.padEnd(widths[i]!)))
        .join('  '),
    )
    .join('\n');
}

export function markdownReport(reports: DialectReport[], context: string[]): string {
  const sections = reports.map((r) => {
    const busy = Math.max(...r.rows.map((row) => row.busyBefore));
    return [
      `### ${r.dialect}, ${r.users.toLocaleString('en-US')} users`,
      '',
      markdownTable(r),
      '',
      `¹ req/s ÷ the mean of the two baseline rows. ² CPU share other processes (not the bench, server, baseline or PostgreSQL) used during the row; before each row the bench waited for < 15% (at most ${Math.round(busy * 100)}% seen).`,
    ].join('\n');
  });
  return [context.map((c) => `- ${c}`).join('\n'), ...sections].join('\n\n') + '\n';
}
