/** The bench's output: machine facts, then one table row per benchmark and its notes. Pure. */
import os from 'node:os';
import { table } from '../src/text/output.js';
import type { BenchResult } from './benchmark.js';

export interface MachineFacts {
  node: string;
  v8: string;
  platform: string;
  arch: string;
  cpus: number;
  cpuModel: string;
  memoryGiB: number;
  loadAverage: number[];
}

export function machineFacts(): MachineFacts {
  const cpus = os.cpus();
  return {
    node: process.version,
    v8: process.versions.v8,
    platform: `${os.type()} ${os.release()}`,
    arch: process.arch,
    cpus: cpus.length,
    cpuModel: cpus[0]?.model.trim() ?? 'unknown',
    memoryGiB: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    loadAverage: os.loadavg().map((n) => Math.round(n * 100) / 100),
  };
}

const ms = (n: number) => `${n.toFixed(n < 100 ? 1 : 0)} ms`;

export function renderText(facts: MachineFacts, results: BenchResult[]): string {
  const lines = [
    `node ${facts.node} (V8 ${facts.v8}), ${facts.platform} ${facts.arch}`,
    `${facts.cpus} cpu(s): ${facts.cpuModel}; ${facts.memoryGiB} GiB; load average ${facts.loadAverage.join(' ')}`,
    '',
  ];
  const rows = results.map((r) => {
    const aim = r.aim === undefined ? '' : `<= ${r.aim}x`;
    if (r.status !== 'ok') return [r.name, '', '', '', '', '', '', aim, r.status === 'unavailable' ? 'not available' : 'FAILED'];
    return [
      r.name,
      `${r.warmup}+${r.runs}`,
      ms(r.subject.median),
      ms(r.subject.p90),
      ms(r.baseline.median),
      ms(r.baseline.p90),
      `${r.ratio.toFixed(2)}x`,
      aim,
      r.withinAim === undefined ? '' : r.withinAim ? 'within aim' : 'OVER AIM',
    ];
  });
  lines.push(table(['BENCHMARK', 'RUNS', 'MEDIAN', 'P90', 'BASE MEDIAN', 'BASE P90', 'RATIO', 'AIM', ''], rows).trimEnd(), '');
  for (const r of results) {
    lines.push(`${r.name}: ${r.description}`);
    if (r.status === 'ok') {
      lines.push(`  baseline: ${r.baselineLabel}`);
      for (const n of r.notes) lines.push(`  ${n}`);
    } else {
      lines.push(`  ${r.status === 'unavailable' ? 'not available' : 'failed'}: ${r.reason}`);
    }
  }
  lines.push('', 'RUNS is warm-up + timed runs; RATIO is median / baseline median (wall time).');
  return lines.join('\n') + '\n';
}

export function renderJson(facts: MachineFacts, results: BenchResult[]): string {
  return JSON.stringify({ machine: facts, benchmarks: results }, null, 2) + '\n';
}
