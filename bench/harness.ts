/**
 * Measures a subject against its baseline in the same process: warm-up runs, then alternating timed
 * runs, so that drift in machine load affects both sides alike. Benchmarks report ratios, not times:
 * absolute times depend on the machine, the ratio to a baseline much less.
 */
import { performance } from 'node:perf_hooks';

export interface Stats {
  /** Wall time of each timed run, in milliseconds, in run order. */
  samples: number[];
  median: number;
  p90: number;
}

export interface Measured {
  subject: Stats;
  baseline: Stats;
  /** median(subject) / median(baseline). */
  ratio: number;
}

export interface PairOptions {
  warmup: number;
  runs: number;
  subject: () => Promise<void>;
  baseline: () => Promise<void>;
  /** Before each run of the subject, warm-ups too, untimed (e.g. to measure a cold start every time). */
  beforeSubject?: () => Promise<void>;
  /** Called after each timed run of either side, for progress output. */
  onRun?: (done: number, total: number) => void;
}

export async function measurePair(opts: PairOptions): Promise<Measured> {
  const subjectRun = async (): Promise<number> => {
    await opts.beforeSubject?.();
    return timed(opts.subject);
  };
  for (let i = 0; i < opts.warmup; i++) {
    await opts.baseline();
    await subjectRun();
  }
  const subject: number[] = [];
  const baseline: number[] = [];
  for (let i = 0; i < opts.runs; i++) {
    // Alternate which side goes first, so neither always runs right after the other's cleanup.
    if (i % 2 === 0) {
      baseline.push(await timed(opts.baseline));
      subject.push(await subjectRun());
    } else {
      subject.push(await subjectRun());
      baseline.push(await timed(opts.baseline));
    }
    opts.onRun?.(i + 1, opts.runs);
  }
  const s = stats(subject);
  const b = stats(baseline);
  return { subject: s, baseline: b, ratio: s.median / b.median };
}

async function timed(fn: () => Promise<void>): Promise<number> {
  const start = performance.now();
  await fn();
  // Hundredths of a millisecond are far below the noise; more digits only clutter --json.
  return Math.round((performance.now() - start) * 100) / 100;
}

export function stats(samples: number[]): Stats {
  return { samples, median: percentile(samples, 50), p90: percentile(samples, 90) };
}

/** Median is the mean of the two middle values; other percentiles use the nearest rank. */
export function percentile(samples: readonly number[], p: number): number {
  if (samples.length === 0) return NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  if (p === 50) {
    const mid = Math.floor(sorted.length / 2);
    return sorted.length % 2 === 1 ? (sorted[mid] ?? NaN) : ((sorted[mid - 1] ?? NaN) + (sorted[mid] ?? NaN)) / 2;
  }
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[rank - 1] ?? NaN;
}
