/**
 * The warnings of one command: each distinct line once, at most a few lines of one kind, a one-line
 * summary of what was held back, and kinds the user has read and silenced (`--quiet-warning NAME`,
 * `quietWarnings` in .ecs-local.json). Pure: lines go to the `write` it is given.
 *
 * [INF] Warnings are written as text all over the code; their names are given here, in one place, by
 * what the text says, so that a name can be silenced without threading it through every layer. Each
 * pattern is tested against the text its producer writes (test/unit/text/warnings.test.ts).
 */
import { didYouMean } from './did-you-mean.js';

export interface WarningKind {
  readonly name: string;
  /** What it is about, for README and `--quiet-warning` errors. */
  readonly about: string;
  readonly matches: RegExp;
}

/** Every warning that has a name, first match wins. */
export const WARNING_KINDS: readonly WarningKind[] = [
  { name: 'task-limits', about: 'task-level cpu/memory are enforced per container, not for several containers together', matches: /: task-level limits are enforced per container locally/ },
  { name: 'log-driver', about: 'a log driver (awslogs, splunk…) is not used locally', matches: /logConfiguration\.logDriver .*is not used locally/ },
  { name: 'not-applied', about: 'a task definition field ecs-local cannot apply locally', matches: /: not applied|not applied locally|ignored locally|is not applied locally/ },
  { name: 'no-endpoints', about: 'the task runs without the 169.254.170.2 endpoints (host/none network mode)', matches: /without the credentials and task metadata endpoints/ },
  { name: 'no-policies', about: 'the vault has no IAM policies, so every call is allowed', matches: /the vault has no IAM policies for / },
  { name: 'iam-condition', about: 'IAM Condition blocks are not evaluated', matches: /IAM Condition blocks are not evaluated/ },
  { name: 'unknown-field', about: 'an unknown field or enum value in the task definition', matches: /: unknown (field|value) / },
  { name: 'null-fields', about: 'JSON nulls in the task definition, read as absent', matches: /null, treated as absent/ },
  { name: 'env-file', about: 'a line of an environment file that is skipped or dropped', matches: /(\.env|env-file [^:]*): line \d+: |^[^ ]+: line \d+: / },
  { name: 'secret-override', about: 'an environment override that a secret of the same name hides', matches: /is also one of its secrets: the secret's value wins/ },
  { name: 'clear-text', about: '`env` and `vault get` print secret values', matches: /in clear text|it is a secret, keep it out of logs/ },
  { name: 'placeholders', about: 'secrets still holding vault init placeholders', matches: /^still placeholders from vault init/ },
  // After the others: only the engine's own name starts a line with it (EngineProfile.name).
  { name: 'engine', about: 'what the container engine warned of when creating a container (limits it does not enforce, …)', matches: /^(?:Docker|Podman)\b[^:]*: / },
];

/** [INF] Distinct lines of one kind shown before the rest are counted in the summary. */
export const MAX_LINES_PER_KIND = 3;

export function warningKind(line: string): string | undefined {
  return WARNING_KINDS.find((k) => k.matches.test(line))?.name;
}

/** The names a user wrote, checked: an unknown one is refused with a near miss, by `refuse`. */
export function checkWarningNames(names: readonly string[], refuse: (message: string) => never, where: string): Set<string> {
  const known = WARNING_KINDS.map((k) => k.name);
  for (const name of names) {
    if (!known.includes(name)) {
      const guess = didYouMean(name, known);
      refuse(`${where}: no warning is named "${name}"${guess !== undefined ? ` (did you mean "${guess}"?)` : ''}; the names: ${known.join(', ')}`);
    }
  }
  return new Set(names);
}

export class Warnings {
  private readonly seen = new Set<string>();
  private readonly shownPerKind = new Map<string, number>();
  /** Lines held back: repeats of a line, and lines of a kind beyond MAX_LINES_PER_KIND. */
  private repeats = 0;
  private readonly heldPerKind = new Map<string, number>();
  private readonly silenced: Set<string>;

  constructor(
    private readonly write: (line: string) => void,
    silenced: Iterable<string> = [],
  ) {
    this.silenced = new Set(silenced);
  }

  silence(names: Iterable<string>): void {
    for (const n of names) this.silenced.add(n);
  }

  warn(line: string): void {
    const kind = warningKind(line);
    if (kind !== undefined && this.silenced.has(kind)) return;
    if (this.seen.has(line)) {
      this.repeats++;
      return;
    }
    this.seen.add(line);
    if (kind !== undefined) {
      const shown = this.shownPerKind.get(kind) ?? 0;
      if (shown >= MAX_LINES_PER_KIND) {
        this.heldPerKind.set(kind, (this.heldPerKind.get(kind) ?? 0) + 1);
        return;
      }
      this.shownPerKind.set(kind, shown + 1);
    }
    this.write(line);
  }

  /** Writes a line as a warning, whatever was written before (the summary). */
  warnAlways(line: string): void {
    this.write(line);
  }

  /** One line saying what was held back, or undefined when nothing was. */
  summary(): string | undefined {
    const parts = [...this.heldPerKind].map(([kind, n]) => `${n} more ${kind}`);
    if (this.repeats > 0) parts.push(`${this.repeats} repeated`);
    if (parts.length === 0) return undefined;
    return `${parts.join(', ')} not shown (--quiet-warning NAME silences a kind; README "Warnings" lists them)`;
  }
}
