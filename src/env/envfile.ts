/**
 * The text of one `environmentFiles` file turned into variables, by the rules of each launch type.
 *
 * EC2: the agent's `readEnvVarsFromFile` (agent/taskresource/envFiles/envfile.go, 1.105.1) [SRC].
 * Fargate: closed source, documented as "handled like a native Docker env-file" [DOC], so Docker's
 * env-file rules (docker/cli kvfile) plus the observed dropping of empty values [OBS
 * containers-roadmap#1354, #2466].
 */
import { EcsAgent } from '../messages.js';

/**
 * `vars` are in the order each name first appears, with the value of its last line (later lines
 * overwrite earlier ones, as in the agent's map). `warnings` name the line (1-based) and say what
 * was skipped and why; the caller prefixes the file. A line over bufio.Scanner's 64 KiB limit fails
 * the whole file with the agent's text, which ECS reports as the task's stopped reason.
 */
export type EnvFileParseResult =
  | { ok: true; vars: [name: string, value: string][]; warnings: string[] }
  | { ok: false; error: string; line: number };

/** bufio.MaxScanTokenSize: a line and its "\n" must fit in 65536 bytes, so at most 65535 bytes. */
const maxLineBytes = 64 * 1024 - 1;

/**
 * bufio.ScanLines: split on "\n", drop one "\r" before it (also on the last line), no empty token
 * after a final "\n". Returns the lines, or the 1-based number of the first line that is too long.
 */
function scanLines(text: string): { lines: string[] } | { tooLong: number } {
  if (text === '') return { lines: [] };
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  for (let i = 0; i < lines.length; i++) {
    let line = lines[i] ?? '';
    if (Buffer.byteLength(line, 'utf8') > maxLineBytes) return { tooLong: i + 1 };
    if (line.endsWith('\r')) line = line.slice(0, -1);
    lines[i] = line;
  }
  return { lines };
}

/** Keeps the first position of each name and the last value, as a Go map filled line by line would. */
function collect(): { set: (name: string, value: string) => void; vars: () => [string, string][] } {
  const map = new Map<string, string>();
  return { set: (n, v) => void map.set(n, v), vars: () => [...map.entries()] };
}

/**
 * EC2 agent rules: a line whose FIRST byte is `#` is a comment (no trimming: `  #x=1` defines
 * `  #x`); a line without `=` is skipped; the name is everything before the first `=`, the value
 * everything after, neither trimmed nor unquoted; an empty name is skipped; an empty value is kept
 * (agent >= 1.74.0, amazon-ecs-agent#3797).
 */
export function parseEnvFileEc2(text: string): EnvFileParseResult {
  const scanned = scanLines(text);
  if ('tooLong' in scanned) return { ok: false, error: EcsAgent.envFileTokenTooLong, line: scanned.tooLong };
  const out = collect();
  const warnings: string[] = [];
  scanned.lines.forEach((line, i) => {
    const n = i + 1;
    if (line.startsWith('#')) return;
    const eq = line.indexOf('=');
    if (eq < 0) {
      if (line.trim() !== '') warnings.push(`line ${n}: no '=', line ignored`);
      return;
    }
    const name = line.slice(0, eq);
    if (name === '') {
      warnings.push(`line ${n}: empty variable name, line ignored (the ECS agent skips it)`);
      return;
    }
    if (/^\s+#/.test(name)) {
      warnings.push(
        `line ${n}: defines a variable named ${JSON.stringify(name)}: on EC2 only a '#' in the first column starts a comment`,
      );
    }
    out.set(name, line.slice(eq + 1));
  });
  return { ok: true, vars: out.vars(), warnings };
}

/** Go's unicode.IsSpace (Latin-1 spaces plus the White_Space property), for Docker's left trim. */
function isGoSpace(ch: string): boolean {
  return /^[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]$/.test(ch);
}

function trimLeftGoSpace(s: string): string {
  let i = 0;
  while (i < s.length && isGoSpace(s.charAt(i))) i++;
  return s.slice(i);
}

/**
 * Docker env-file rules as Fargate applies them: a UTF-8 BOM is dropped from the first line; each
 * line is left-trimmed of white space; blank lines and lines starting with `#` are comments; the
 * name is what precedes the first `=`, left-trimmed of spaces and tabs; the value is kept as is
 * (no trimming, no unquoting); an empty value is dropped (Fargate, containers-roadmap#1354).
 */
export function parseEnvFileFargate(text: string): EnvFileParseResult {
  const scanned = scanLines(text);
  // [INF] Docker's reader is the same bufio.Scanner, so the same 64 KiB limit and text apply.
  if ('tooLong' in scanned) return { ok: false, error: EcsAgent.envFileTokenTooLong, line: scanned.tooLong };
  const out = collect();
  const warnings: string[] = [];
  scanned.lines.forEach((raw, i) => {
    const n = i + 1;
    const line = trimLeftGoSpace(i === 0 && raw.startsWith('\ufeff') ? raw.slice(1) : raw);
    if (line === '' || line.startsWith('#')) return;
    const eq = line.indexOf('=');
    if (eq < 0) {
      // [INF] Docker would copy the variable from the host running `docker run`; a Fargate task
      // has no such host environment, so the name is skipped.
      warnings.push(`line ${n}: no '=': Docker would copy ${JSON.stringify(line)} from the host; on Fargate it is not set`);
      return;
    }
    const name = line.slice(0, eq).replace(/^[ \t]+/, '');
    if (name === '') {
      // [INF] Docker refuses the file ("no variable name on line"); Fargate's reaction is unknown: skip.
      warnings.push(`line ${n}: empty variable name, line ignored`);
      return;
    }
    if (/[ \t]/.test(name)) {
      // [INF] Docker refuses the file ("variable '…' contains whitespaces"); we skip the line.
      warnings.push(`line ${n}: variable name ${JSON.stringify(name)} contains whitespace, line ignored`);
      return;
    }
    const value = line.slice(eq + 1);
    if (value === '') {
      warnings.push(`line ${n}: ${name}= has an empty value: Fargate drops it (the variable is not set)`);
      return;
    }
    out.set(name, value);
  });
  return { ok: true, vars: out.vars(), warnings };
}
