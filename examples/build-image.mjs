#!/usr/bin/env node
// Builds the image the bundled example runs, ecs-local-example/busybox:latest: the pinned busybox
// image when the engine can pull it, else offline from the host's static busybox (Debian/Ubuntu:
// busybox-static) on a Linux engine of the host's architecture.
// Needs the built CLI (npm install builds it).
import { connectDocker } from '../dist/docker/connect.js';
import { ensureBusyboxImage } from '../dist/docker/busybox-image.js';

try {
  const engine = await connectDocker();
  const tag = await ensureBusyboxImage(engine, 'ecs-local-example/busybox:latest');
  console.error(`example image ready: ${tag}`);
} catch (err) {
  console.error(`ecs-local example: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(err && typeof err.exitCode === 'number' ? err.exitCode : 1);
}
