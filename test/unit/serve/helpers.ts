/** A vault file in a temp folder served by `startVaultServer`, and SDK clients pointed at it. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SSMClient } from '@aws-sdk/client-ssm';
import { startVaultServer, type VaultServer } from '../../../src/serve/server.js';

export const FAKE_CREDENTIALS = { accessKeyId: 'AKIDECSLOCALTEST', secretAccessKey: 'not-a-real-secret-key' };

export interface Served {
  dir: string;
  file: string;
  server: VaultServer;
  sm(region?: string): SecretsManagerClient;
  ssm(region?: string): SSMClient;
  /** The vault file as JSON now. */
  doc(): Record<string, Record<string, unknown>>;
  stop(): Promise<void>;
}

export async function serve(vault: unknown, env: Record<string, string> = {}, clock?: () => Date): Promise<Served> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ecs-local-serve-'));
  const file = path.join(dir, 'ecs-local.vault.json');
  fs.writeFileSync(file, typeof vault === 'string' ? vault : `${JSON.stringify(vault, null, 2)}\n`, { mode: 0o644 });
  const server = await startVaultServer({ vaultFile: file, env, port: 0, clock });
  const clients: { destroy(): void }[] = [];
  const keep = <T extends { destroy(): void }>(c: T) => (clients.push(c), c);
  return {
    dir,
    file,
    server,
    sm: (region = 'us-east-1') =>
      keep(new SecretsManagerClient({ endpoint: server.url, region, credentials: FAKE_CREDENTIALS, maxAttempts: 1 })),
    ssm: (region = 'us-east-1') => keep(new SSMClient({ endpoint: server.url, region, credentials: FAKE_CREDENTIALS, maxAttempts: 1 })),
    doc: () => JSON.parse(fs.readFileSync(file, 'utf8')),
    stop: async () => {
      for (const c of clients) c.destroy();
      await server.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

export interface SdkFailure {
  name: string;
  message: string;
  status: number | undefined;
}

/** The error an SDK call failed with: code, message and HTTP status, as a caller sees them. */
export async function sdkError(call: Promise<unknown>): Promise<SdkFailure> {
  try {
    await call;
  } catch (err) {
    const e = err as Error & { $metadata?: { httpStatusCode?: number } };
    return { name: e.name, message: e.message, status: e.$metadata?.httpStatusCode };
  }
  throw new Error('expected the call to fail, but it succeeded');
}
