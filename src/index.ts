/**
 * The executable's entry point and the only place that ends the process.
 */
import { main } from './main.js';

// A reader that went away (`ecs-local --help | head`) is no error: what is left to print is dropped
// and the command goes on to its end (a run still stops and removes its task).
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code !== 'EPIPE' && err.code !== 'ERR_STREAM_DESTROYED') throw err;
  });
}

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
