/** Polls `check` until it returns true or `timeoutMs` passes (then throws, naming `what`). */
export async function waitFor(what: string, check: () => boolean | Promise<boolean>, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/**
 * A port unlikely to be in use, for awsvpc tasks (which publish the container port as is): below
 * Linux's ephemeral range (32768 and up), where outgoing connections and Docker's own published
 * ports (hostPort 0) take theirs, and where one of them once collided with a test's.
 */
export function randomPort(): number {
  return 20_000 + Math.floor(Math.random() * 12_000);
}
