// Bundles the CLI for start-up speed (npm run build, after tsc). Node loads each module file on
// its own, and `check` used to load ~150 of them; now it loads two:
//   dist/bundle/index.cjs             the command line (commander, option parsing, help)
//   dist/bundle/commands/<name>.cjs   one file per command, everything it runs, loaded when it runs
//   dist/bundle/dockerode.cjs         dockerode, for the commands that drive an engine (see below)
//   dist/bundle/load.cjs              loads those from V8's code cache (scripts/load.cjs says how)
// CommonJS, not ES modules: Node then never starts its ES module loader, which cost `check` more
// than a tenth of its time (async file reads, URL resolution, its own modules).
// The large libraries stay in node_modules and load where the code imports them, which is only on
// the paths that use them: express, the AWS SDK, and the YAML parser. Each command file carries its own copy
// of what it shares with the others (the tool matches errors by name, never by class identity).
import { build } from 'esbuild';
import { copyFileSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new globalThis.URL('..', import.meta.url));
const pkg = JSON.parse(readFileSync(`${root}package.json`, 'utf8'));
const outdir = `${root}dist/bundle`;

const common = {
  absWorkingDir: root,
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: 'node20.19',
  external: ['dockerode', 'express', '@aws-sdk/*', '@smithy/*'],
  // import() of those becomes require(): each has a CommonJS build, and code run from V8's code
  // cache (load.cjs) would otherwise need Node 20's experimental loader option for import().
  supported: { 'dynamic-import': false },
  define: { ECS_LOCAL_VERSION: JSON.stringify(pkg.version), 'import.meta.url': '__ecsLocalMeta.url' },
  // import.meta.url in CommonJS: the URL of the bundle file (detach.ts finds index.cjs beside it),
  // worked out when read.
  banner: { js: "const __ecsLocalMeta = { get url() { return require('node:url').pathToFileURL(__filename).href; } };" },
  legalComments: 'none',
  logLevel: 'warning',
};

/** The command modules the command line imports lazily: each becomes its own file. */
const commands = [
  ...readFileSync(`${root}src/cli.ts`, 'utf8').matchAll(/import\('\.\/commands\/([a-z-]+)\.js'\)/g),
  ...readdirSync(`${root}src/cli`)
    .filter((f) => f.endsWith('.ts'))
    .flatMap((f) => [...readFileSync(`${root}src/cli/${f}`, 'utf8').matchAll(/import\('\.\.\/commands\/([a-z-]+)\.js'\)/g)]),
].map((m) => m[1]);

/**
 * A module that stands for `specifier` and requires it the first time one of its exports is read:
 * one getter per export name, listed at build time (a bundled import copies the getters, not the
 * values, so nothing loads until a call).
 */
const require_ = createRequire(import.meta.url);
function lazyModule(specifier) {
  const names = Object.keys(require_(specifier)).filter((name) => /^[A-Za-z_$][\w$]*$/.test(name));
  return `let m; const load = () => (m ??= require('${specifier}'));\nmodule.exports = {\n${names.map((name) => `  get ${name}() { return load().${name}; },`).join('\n')}\n};`;
}

// Node's own modules that `check` and `--help` do not need at start: commander requires
// child_process for executable subcommands ecs-local does not have; crypto, fs/promises and os each
// load a dozen internal modules (streams, readline, OpenSSL bindings) that only some paths use.
const LAZY_BUILTINS = ['child_process', 'crypto', 'fs/promises', 'os'];
// The YAML parser is half of what `check` would load, and only YAML task definitions need it: it
// stays in node_modules.
const LAZY_PACKAGES = ['yaml'];
const lazy = {
  name: 'lazy',
  setup(b) {
    const filter = new RegExp(`^(node:)?(${[...LAZY_BUILTINS, ...LAZY_PACKAGES].join('|')})$`);
    b.onResolve({ filter }, (a) => {
      if (a.namespace === 'lazy') return { path: a.path, external: true };
      const builtin = a.path.startsWith('node:') || LAZY_BUILTINS.includes(a.path);
      return { path: builtin ? `node:${a.path.replace(/^node:/, '')}` : a.path, namespace: 'lazy' };
    });
    b.onLoad({ filter: /.*/, namespace: 'lazy' }, (a) => ({ contents: lazyModule(a.path), loader: 'js' }));
  },
};

// In the command-line file, a command import points at that command's own file.
const commandsApart = {
  name: 'commands-apart',
  setup(b) {
    b.onResolve({ filter: /\/commands\/[a-z-]+\.js$/ }, (a) => {
      const name = /\/commands\/([a-z-]+)\.js$/.exec(a.path)[1];
      return a.kind === 'dynamic-import' && commands.includes(name) ? { path: name, namespace: 'command' } : undefined;
    });
    b.onResolve({ filter: /^\.\/load\.cjs$/ }, (a) => ({ path: a.path, external: true }));
    b.onLoad({ filter: /.*/, namespace: 'command' }, (a) => ({
      contents: `module.exports = require('./load.cjs').load(require('node:path').join(__dirname, 'commands', '${a.path}.cjs'));`,
      loader: 'js',
    }));
  },
};

// dockerode requires ssh2 (for ssh:// engines) and gRPC (for BuildKit sessions) as it loads: ~190 ms
// of its ~255 ms here, for what few runs use. It is bundled once, apart, with those packages
// required from node_modules the first time they are used; commands import it from there.
const lazyPackage = {
  ssh2: "module.exports = { Client: function Client(...args) { return new (require('ssh2').Client)(...args); } };",
  '@grpc/grpc-js': "module.exports = new Proxy({}, { get: (_, key) => require('@grpc/grpc-js')[key] });",
  '@grpc/proto-loader': "module.exports = new Proxy({}, { get: (_, key) => require('@grpc/proto-loader')[key] });",
};
const lazyDockerodeDeps = {
  name: 'lazy-dockerode-deps',
  setup(b) {
    b.onResolve({ filter: /^(ssh2|@grpc\/grpc-js|@grpc\/proto-loader)$/ }, (a) =>
      a.namespace === 'lazy-package' ? { path: a.path, external: true } : { path: a.path, namespace: 'lazy-package' },
    );
    b.onLoad({ filter: /.*/, namespace: 'lazy-package' }, (a) => ({ contents: lazyPackage[a.path], loader: 'js' }));
  },
};
const dockerodeApart = {
  name: 'dockerode-apart',
  setup(b) {
    b.onResolve({ filter: /^dockerode$/ }, () => ({ path: 'dockerode', namespace: 'dockerode-apart' }));
    b.onResolve({ filter: /^\.\.\/load\.cjs$/ }, (a) => ({ path: a.path, external: true }));
    b.onLoad({ filter: /.*/, namespace: 'dockerode-apart' }, () => ({
      contents: "module.exports = require('../load.cjs').load(require('node:path').join(__dirname, '..', 'dockerode.cjs'));",
      loader: 'js',
    }));
  },
};

rmSync(outdir, { recursive: true, force: true });
await build({
  ...common,
  external: common.external.filter((name) => name !== 'dockerode'),
  entryPoints: { dockerode: 'node_modules/dockerode/lib/docker.js' },
  outdir,
  outExtension: { '.js': '.cjs' },
  plugins: [lazyDockerodeDeps],
});
await build({ ...common, entryPoints: ['src/index.ts'], outfile: `${outdir}/index.cjs`, plugins: [lazy, commandsApart] });
await build({
  ...common,
  entryPoints: commands.map((name) => `src/commands/${name}.ts`),
  outdir: `${outdir}/commands`,
  outExtension: { '.js': '.cjs' },
  plugins: [lazy, dockerodeApart],
});
copyFileSync(`${root}scripts/load.cjs`, `${outdir}/load.cjs`);
