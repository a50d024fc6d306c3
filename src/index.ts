/**
 * The executable's entry point and the only place that ends the process.
 */
import { main } from './main.js';

const code = await main(process.argv.slice(2));
process.exitCode = code;
// Let pending output drain; do not wait on handles a library may have left open (keep-alive sockets).
setTimeout(() => process.exit(code), 500).unref();
