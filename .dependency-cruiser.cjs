/**
 * The layers of src/, top to bottom: a module imports only from its own layer's folder or from the
 * layers below it, never up, and no two files import each other (directly or around a loop).
 * `npm run depcheck` checks this; CI runs it. README "Layout" draws the same picture.
 *
 * Folders on one line are peers and do not import each other, except at the bottom (shared helpers).
 * A new folder must be given a layer here, or depcheck fails on its first import.
 */
const layers = [
  ['src/index.ts', 'src/main.ts', 'src/cli.ts', 'src/cli/'], // the command line: parse argv, exit
  ['src/api/'], // the library (checkTask, startTask, Vault): the commands' functions, typed
  ['src/commands/'], // one function per command
  ['src/endpoints/', 'src/serve/'], // HTTP servers: the task's endpoints, vault serve
  ['src/runtime/'], // start, watch and stop a task on the engine
  ['src/container/'], // container specs from the resolved task (pure)
  ['src/sources/'], // secret backends: the vault, the AWS SDK
  ['src/secrets/', 'src/vault/'], // the resolution plan and ECS's rules; the local vault
  ['src/taskdef/', 'src/env/', 'src/iam/', 'src/docker/'], // task definitions, env files, IAM, Docker API
  ['src/aws/', 'src/files/', 'src/go/', 'src/json/', 'src/text/', 'src/messages.ts', 'src/errors.ts', 'src/version.ts'], // shared helpers
];
const shared = layers.length - 1;

const escapeRegExp = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const pattern = (p) => `^${escapeRegExp(p)}${p.endsWith('/') ? '' : '$'}`;
const anyOf = (paths) => paths.map(pattern);
const name = (p) => p.replace(/^src\//, '').replace(/\/$/, '');

const upward = layers.slice(1).map((layer, i) => ({
  name: `up-from-${layer.map(name).join('-')}`,
  comment: `${layer.join(', ')} may not import the layers above it (${layers.slice(0, i + 1).flat().join(', ')})`,
  severity: 'error',
  from: { path: anyOf(layer) },
  to: { path: anyOf(layers.slice(0, i + 1).flat()) },
}));

const sideways = layers.flatMap((layer, i) =>
  i === 0 || i === shared || layer.length < 2
    ? []
    : layer.map((folder) => ({
        name: `sideways-from-${name(folder)}`,
        comment: `${folder} may not import its peers (${layer.filter((f) => f !== folder).join(', ')})`,
        severity: 'error',
        from: { path: pattern(folder) },
        to: { path: anyOf(layer.filter((f) => f !== folder)) },
      })),
);

module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      comment: 'two files that import each other, directly or around a loop',
      severity: 'error',
      from: { path: '^src/' },
      to: { circular: true },
    },
    {
      name: 'no-layer',
      comment: 'every module of src/ belongs to a layer: add its folder to `layers` in .dependency-cruiser.cjs',
      severity: 'error',
      from: { path: '^src/', pathNot: anyOf(layers.flat()) },
      to: {},
    },
    {
      name: 'src-not-tests',
      comment: 'the product does not import tests or benchmarks',
      severity: 'error',
      from: { path: '^src/' },
      to: { path: ['^test/', '^bench/'] },
    },
    ...upward,
    ...sideways,
  ],
  options: {
    // Type-only imports count: a type import up the layers is still an upward dependency.
    tsPreCompilationDeps: true,
    doNotFollow: { path: 'node_modules' },
    exclude: { path: 'node_modules' },
    tsConfig: { fileName: 'tsconfig.json' },
  },
};
