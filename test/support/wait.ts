/** Polls `check` until it returns true or `timeoutMs` passes (then throws, naming `what`). */
export async function waitFor(what: string, check: () => boolean | Promise<boolean>, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** A port unlikely to be in use, for awsvpc tasks (which publish the container port as is). */
export function randomPort(): number {
  return 20_000 + Math.floor(Math.random() * 20_000);
}
