// Bundles the CLI for start-up speed (npm run build, after tsc). Node loads each ES module file on
// its own, and `check` used to load ~150 of them; now it loads two:
//   dist/bundle/index.js             the command line (commander, option parsing, help)
//   dist/bundle/commands/<name>.js   one file per command, everything it runs, loaded when it runs
//   dist/bundle/dockerode.js         dockerode, for the commands that drive an engine (see below)
// The large libraries stay in node_modules and load where the code imports them, which is only on
// the paths that use them: express, the AWS SDK, and the YAML parser. Each command file carries its own copy
// of what it shares with the others (the tool matches errors by name, never by class identity).
import { build } from 'esbuild';
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new globalThis.URL('..', import.meta.url));
const pkg = JSON.parse(readFileSync(`${root}package.json`, 'utf8'));
const outdir = `${root}dist/bundle`;

const common = {
  absWorkingDir: root,
  bundle: true,
  format: 'esm',
  platform: 'node',
  target: 'node20.19',
  external: ['dockerode', 'express', '@aws-sdk/*', '@smithy/*'],
  // Bundled CommonJS packages (commander, dotenv) call require() for Node's own modules.
  banner: { js: "import { createRequire as __ecsLocalRequire } from 'node:module'; const require = __ecsLocalRequire(import.meta.url);" },
  define: { ECS_LOCAL_VERSION: JSON.stringify(pkg.version) },
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

// commander requires child_process at load time, for executable subcommands ecs-local does not
// have; deferring it keeps child_process, net and dgram out of every start-up.
const lazyChildProcess = {
  name: 'lazy-child-process',
  setup(b) {
    b.onResolve({ filter: /^(node:)?child_process$/ }, (a) => (a.importer.includes('node_modules/commander/') ? { path: 'child_process', namespace: 'lazy' } : undefined));
    b.onLoad({ filter: /.*/, namespace: 'lazy' }, () => ({
      contents: "module.exports = new Proxy({}, { get: (_, key) => require('node:child_process')[key] });",
      loader: 'js',
    }));
  },
};

// The YAML parser is half of what `check` would load, and only YAML task definitions need it: it
// stays in node_modules and is required the first time one of its exports is used.
const yamlExports = Object.keys(createRequire(import.meta.url)('yaml')).filter((name) => /^[A-Za-z_$][\w$]*$/.test(name));
const lazyYaml = {
  name: 'lazy-yaml',
  setup(b) {
    b.onResolve({ filter: /^yaml$/ }, (a) => (a.namespace === 'lazy-yaml' ? { path: 'yaml', external: true } : { path: 'yaml', namespace: 'lazy-yaml' }));
    b.onLoad({ filter: /.*/, namespace: 'lazy-yaml' }, () => ({
      contents: `let yaml; const load = () => (yaml ??= require('yaml'));\nmodule.exports = {\n${yamlExports.map((name) => `  get ${name}() { return load().${name}; },`).join('\n')}\n};`,
      loader: 'js',
    }));
  },
};

// In the command-line file, a command import points at that command's own file.
const commandsApart = {
  name: 'commands-apart',
  setup(b) {
    b.onResolve({ filter: /\/commands\/[a-z-]+\.js$/ }, (a) => {
      const name = /\/commands\/([a-z-]+)\.js$/.exec(a.path)[1];
      return a.kind === 'dynamic-import' && commands.includes(name) ? { path: `./commands/${name}.js`, external: true } : undefined;
    });
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
    b.onResolve({ filter: /^dockerode$/ }, () => ({ path: '../dockerode.js', external: true }));
  },
};

rmSync(outdir, { recursive: true, force: true });
await build({
  ...common,
  external: common.external.filter((name) => name !== 'dockerode'),
  entryPoints: { dockerode: 'node_modules/dockerode/lib/docker.js' },
  outdir,
  plugins: [lazyDockerodeDeps],
});
await build({ ...common, entryPoints: ['src/index.ts'], outfile: `${outdir}/index.js`, plugins: [lazyChildProcess, commandsApart] });
await build({
  ...common,
  entryPoints: commands.map((name) => `src/commands/${name}.ts`),
  outdir: `${outdir}/commands`,
  plugins: [lazyChildProcess, lazyYaml, dockerodeApart],
});
