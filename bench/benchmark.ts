/** What a benchmark is and what it reports. */
import type { Stats } from './harness.js';

export interface BenchContext {
  /** The ecs-local checkout (where bin/ecs-local is). */
  root: string;
  /** Overrides of the benchmark's own run counts (`--runs`, `--warmup`). */
  runs?: number;
  warmup?: number;
  /** Progress for the user, on stderr. */
  progress: (line: string) => void;
}

/** A benchmark ready to run: both sides set up, files written. */
export interface Prepared {
  subject: () => Promise<void>;
  baseline: () => Promise<void>;
  /** Before each run of the subject, untimed. */
  beforeSubject?: () => Promise<void>;
  /** How the baseline is made, e.g. `node -e ""`. */
  baselineLabel: string;
  warmup: number;
  runs: number;
  /** Facts about the workload, one line each (e.g. the calls the agent would make). */
  notes?: string[];
  /** The same facts for `--json`. */
  facts?: Record<string, unknown>;
  teardown?: () => Promise<void>;
}

export interface Benchmark {
  name: string;
  description: string;
  /** The project's aim for median(subject) / median(baseline), if it has one. */
  aim?: number;
  /** Returns the prepared benchmark, or why it cannot run here (reported, not failed). */
  prepare(ctx: BenchContext): Promise<Prepared | { unavailable: string }>;
}

export type BenchResult =
  | {
      name: string;
      description: string;
      status: 'ok';
      baselineLabel: string;
      warmup: number;
      runs: number;
      subject: Stats;
      baseline: Stats;
      ratio: number;
      aim?: number;
      withinAim?: boolean;
      notes: string[];
      facts: Record<string, unknown>;
    }
  | { name: string; description: string; status: 'unavailable' | 'failed'; reason: string; aim?: number };
