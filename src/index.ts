/**
 * The executable's entry point and the only place that ends the process.
 */
import { main } from './main.js';

// No top-level await: the bundle is CommonJS (scripts/bundle.mjs says why).
void main(process.argv.slice(2)).then((code) => {
  // Exit as soon as our output is flushed: a library may keep sockets open (Docker keep-alive), and
  // waiting for them would only add latency to every command.
  let pending = 2;
  const done = (): void => {
    if (--pending === 0) process.exit(code);
  };
  process.stdout.write('', done);
  process.stderr.write('', done);
});
