/**
 * Inputs for the valueFrom fuzz test: a seeded PRNG (so a failure reproduces from its seed), a small
 * vault, the real valueFroms that name its entries, and mutations of them of the kinds users and
 * tools get wrong (colons, empty fields, suffixes, other services' ARNs, SSM paths, unicode, size).
 */

export interface Rng {
  /** Uniform in [0, 1). */
  next(): number;
  /** Uniform integer in [0, n). */
  int(n: number): number;
  pick<T>(items: readonly T[]): T;
  chance(p: number): boolean;
}

/** mulberry32: tiny, fast, and good enough to spread test inputs. */
export function seededRng(seed: number): Rng {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number) => Math.floor(next() * n);
  return {
    next,
    int,
    pick: <T>(items: readonly T[]): T => {
      if (items.length === 0) throw new Error('pick from an empty list');
      return items[int(items.length)] as T;
    },
    chance: (p) => next() < p,
  };
}

const ACCOUNT = '123456789012';
const SM = `arn:aws:secretsmanager:us-east-1:${ACCOUNT}:secret:`;
const ROTATED_CURRENT = '11111111-1111-4111-8111-111111111111';
const ROTATED_PREVIOUS = '22222222-2222-4222-8222-222222222222';

/** The vault the fuzzed tasks resolve against (written to a temp file by the test). */
export const FUZZ_VAULT = {
  region: 'us-east-1',
  accountId: ACCOUNT,
  secrets: {
    db: {
      arnSuffix: 'AbC123',
      value: { username: 'app', password: 'pw', port: 5432, ratio: 0.5, on: true, nested: { a: [1, 'b'] }, nothing: null },
    },
    'api-key': { arnSuffix: 'Def456', value: 'tp-api-key' },
    'prod/app/config': { value: '{not json' },
    rotated: {
      versions: [
        { id: ROTATED_CURRENT, stages: ['AWSCURRENT'], value: { k: 'new' } },
        { id: ROTATED_PREVIOUS, stages: ['AWSPREVIOUS'], value: { k: 'old' } },
      ],
    },
    gone: { value: 'x', deleted: true },
    bin: { binary: 'aGVsbG8=' },
    [`arn:aws:secretsmanager:eu-west-1:${ACCOUNT}:secret:euro-XyZ789`]: { value: { k: 'v' } },
  },
  parameters: {
    '/app/db/password': { type: 'SecureString', value: 'pw', version: 2, labels: ['live'] },
    '/app/db/host': 'db.local',
    'plain-name': 'v',
    '/app/list': { type: 'StringList', value: 'a,b' },
    [`arn:aws:ssm:eu-west-1:${ACCOUNT}:parameter/euro/param`]: 'eu',
  },
};

/** valueFroms as users write them: most name a vault entry, some fail the way ECS tasks do. */
export const REAL_VALUE_FROMS: readonly string[] = [
  `${SM}db-AbC123`,
  `${SM}db-AbC123:password::`,
  `${SM}db-AbC123:port::`,
  `${SM}db-AbC123:nested::`,
  `${SM}db-AbC123:nothing:AWSCURRENT:`,
  `${SM}db:username::`,
  `${SM}api-key-Def456`,
  `${SM}api-key`,
  `${SM}prod/app/config:key::`,
  `${SM}rotated:k:AWSPREVIOUS:`,
  `${SM}rotated:k::${ROTATED_CURRENT}`,
  `${SM}rotated:k:AWSCURRENT:${ROTATED_PREVIOUS}`,
  `${SM}gone`,
  `${SM}bin:k::`,
  `${SM}bin`,
  `arn:aws:secretsmanager:eu-west-1:${ACCOUNT}:secret:euro-XyZ789:k::`,
  `arn:aws-cn:secretsmanager:cn-north-1:${ACCOUNT}:secret:db`,
  '/app/db/password',
  '/app/db/password:live',
  '/app/db/password:2',
  '/app/db/host',
  'plain-name',
  '/app/list',
  '/app/missing',
  `arn:aws:ssm:us-east-1:${ACCOUNT}:parameter/app/db/password`,
  `arn:aws:ssm:us-east-1:${ACCOUNT}:parameter/plain-name`,
  `arn:aws:ssm:eu-west-1:${ACCOUNT}:parameter/euro/param`,
  '/aws/reference/secretsmanager/db',
];

/** The real valueFroms registration accepts (SSM selectors such as `name:label` contain a refused `:`). */
export const REGISTRABLE_VALUE_FROMS: readonly string[] = REAL_VALUE_FROMS.filter((v) => !/^\/app\/db\/password:/.test(v));

const SERVICES = ['secretsmanager', 'ssm', 's3', 'kms', 'iam', 'sts', 'ecs', 'lambda', 'secretmanager', 'SSM', ''];
const PARTITIONS = ['aws', 'aws-cn', 'aws-us-gov', 'aws-iso', '', 'AWS'];
const REGIONS = ['us-east-1', 'eu-west-1', '', 'us-east-1 ', 'mars-1', 'ü'];
const WHITESPACE = [' ', '  ', '\t', '\n', '\r\n', '\u00a0', '\u2028', '\u3000', '\u0085', '\v'];
const UNICODE = ['é', 'ß', 'İ', 'ǅ', '€', '😀', '\u0000', '\u200b', '\ufeff', '\u202e', '\u0301', '\ud800', '\udfff', '\uffff', '�', 'Ω', '中文'];
const SUFFIXES = [':', '::', ':::', '::::', ':key::', ':key', ':key:AWSCURRENT', ':a:b:c:d:e', '-AbC123', '-', '/', '/x', ':password::extra', '%v', '"', '\\'];
const ASCII = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_./:@+=!%*?#[]{}"\\\' ';

function randomText(r: Rng, max: number): string {
  let s = '';
  const n = r.int(max + 1);
  for (let i = 0; i < n; i++) {
    s += r.chance(0.85) ? ASCII.charAt(r.int(ASCII.length)) : r.pick(UNICODE);
  }
  return s;
}

function insertAt(s: string, at: number, text: string): string {
  return s.slice(0, at) + text + s.slice(at);
}

function colonPositions(s: string): number[] {
  const out: number[] = [];
  for (let i = s.indexOf(':'); i >= 0; i = s.indexOf(':', i + 1)) out.push(i);
  return out;
}

function fields(r: Rng, s: string, change: (parts: string[], i: number) => void): string {
  const parts = s.split(':');
  change(parts, r.int(parts.length));
  return parts.join(':');
}

type Mutation = (r: Rng, s: string) => string;

const MUTATIONS: Mutation[] = [
  (r, s) => insertAt(s, r.int(s.length + 1), ':'),
  (r, s) => {
    const at = colonPositions(s);
    if (at.length === 0) return s;
    const i = r.pick(at);
    return s.slice(0, i) + s.slice(i + 1);
  },
  (r, s) => {
    const at = colonPositions(s);
    return at.length === 0 ? `${s}:` : insertAt(s, r.pick(at), ':');
  },
  (r, s) => s + (r.chance(0.7) ? r.pick(SUFFIXES) : randomText(r, 12)),
  (r, s) => fields(r, s, (parts, i) => {
    parts[i] = '';
  }),
  (r, s) => fields(r, s, (parts, i) => {
    parts[i] = randomText(r, 10);
  }),
  (r, s) => fields(r, s, (parts, i) => {
    parts.splice(i, 1);
  }),
  (r, s) => fields(r, s, (parts, i) => {
    parts.splice(i, 0, r.chance(0.5) ? '' : randomText(r, 6));
  }),
  // Another service's or partition's ARN, or an `arn:` prefix on a name.
  (r, s) => {
    const m = /^arn:([^:]*):([^:]*):([^:]*):/.exec(s);
    const head = `arn:${r.pick(PARTITIONS)}:${r.pick(SERVICES)}:${r.pick(REGIONS)}:`;
    return m ? head + s.slice(m[0].length) : r.chance(0.5) ? `arn:${s}` : `${head}${ACCOUNT}:${s}`;
  },
  (r, s) => s.slice(0, r.int(s.length + 1)),
  (r, s) => s.slice(r.int(s.length + 1)),
  (r, s) => insertAt(s, r.int(s.length + 1), r.pick(WHITESPACE)),
  (r, s) => insertAt(s, r.int(s.length + 1), r.pick(UNICODE)),
  (r, s) => (r.chance(0.5) ? s.toUpperCase() : s.replace(/secretsmanager|ssm|parameter|secret/, (w) => w.toUpperCase())),
  // SSM paths: empty levels, relative paths, reserved prefixes, too many levels.
  (r, s) => {
    const shapes = [
      () => s.replace(/\//, '//'),
      () => `${s}/`,
      () => s.replace(/^\/?/, '/aws/'),
      () => s.replace(/^\/?/, r.pick(['ssm', '/ssm/', 'AWS', '/Aws/reference/', '/aws/reference/secretsmanager/'])),
      () => `/${Array.from({ length: 14 + r.int(4) }, (_, i) => `l${i}`).join('/')}`,
      () => s.replace(/^\//, ''),
      () => `${s}/../x`,
      () => `arn:aws:ssm:us-east-1:${ACCOUNT}:parameter${r.chance(0.5) ? '' : '/'}${s}`,
      () => `arn:aws:ssm:us-east-1:${r.pick(['', '12', ACCOUNT])}:parameter/${r.pick(['', '/', '//', 'a//b', 'a b', s])}`,
    ];
    return r.pick(shapes)();
  },
  (r, s) => {
    const other = r.pick(REAL_VALUE_FROMS);
    return s.slice(0, r.int(s.length + 1)) + other.slice(r.int(other.length + 1));
  },
];

/** Strings far beyond any limit: names of 2 KiB and more, json keys and ids of 100 KiB. */
function huge(r: Rng, s: string): string {
  const chunk = r.chance(0.5) ? r.pick(['a', 'é', '😀', ' ', ':', '/x', 'key']) : randomText(r, 8) || 'x';
  const size = r.pick([1023, 1024, 2047, 2048, 2049, 5000, 20_000, 100_000]);
  const body = chunk.repeat(Math.ceil(size / chunk.length)).slice(0, size);
  const where = r.int(3);
  return where === 0 ? body : where === 1 ? s + body : insertAt(s, r.int(s.length + 1), body);
}

/** Secrets Manager ARNs pass registration whatever follows, so their mutations reach the agent's rules. */
const SM_VALUE_FROMS = REAL_VALUE_FROMS.filter((v) => /^arn:[^:]*:secretsmanager:/.test(v));
/** `arn:<partition>:secretsmanager:<region>:<account>:`: what precedes the resource. */
const SM_HEAD = /^arn:[^:]*:secretsmanager:[^:]*:[^:]*:/;

/**
 * `count` valueFroms: the real ones first, then some real ones again, some random text, and mostly 1
 * to 3 stacked mutations of a real one (more often of a Secrets Manager ARN), now and then huge.
 */
export function fuzzValueFroms(r: Rng, count: number): string[] {
  const out = [...REAL_VALUE_FROMS].slice(0, count);
  while (out.length < count) {
    const roll = r.next();
    if (roll < 0.08) {
      out.push(r.pick(REAL_VALUE_FROMS));
      continue;
    }
    if (roll < 0.16) {
      out.push(randomText(r, 60));
      continue;
    }
    const base = r.pick(r.chance(0.6) ? SM_VALUE_FROMS : REAL_VALUE_FROMS);
    // Mostly keep a Secrets Manager ARN's head, so that the resource part meets the agent's rules.
    const head = r.chance(0.7) ? (SM_HEAD.exec(base)?.[0] ?? '') : '';
    let s = base.slice(head.length);
    const times = 1 + r.int(3);
    for (let i = 0; i < times; i++) s = r.pick(MUTATIONS)(r, s);
    out.push(head + (roll < 0.18 ? huge(r, s) : s));
  }
  return out;
}
