import { expect } from 'chai';
import { CredentialsKeeper } from '../../../src/endpoints/credentials-keeper.js';
import { fakeCredentialSource, type CredentialSource } from '../../../src/endpoints/credential-sources.js';
import type { RoleCredentials } from '../../../src/endpoints/credentials.js';

const HOUR = 3600_000;

/** A source handing out numbered keys that last `lifetimeMs`, or failing while `failing` is set. */
function countingSource(now: () => number, lifetimeMs: number) {
  const s = {
    calls: 0,
    failing: false,
    source: {
      mode: 'assume-role',
      fetch: async (roleArn: string): Promise<RoleCredentials> => {
        if (s.failing) throw new Error('STS is down');
        s.calls += 1;
        return { roleArn, accessKeyId: `KEY${s.calls}`, secretAccessKey: 's', sessionToken: 't', expiration: new Date(now() + lifetimeMs) };
      },
    } as CredentialSource,
  };
  return s;
}

async function keyOf(keeper: CredentialsKeeper): Promise<string> {
  const found = await keeper.lookup();
  return found.kind === 'found' ? found.credentials.accessKeyId : found.kind;
}

describe('endpoints/credentials-keeper', () => {
  it('hands out the same credentials until half of a one-hour session is left, then renews them', async () => {
    let now = 0;
    const s = countingSource(() => now, HOUR);
    const keeper = new CredentialsKeeper(s.source, 'arn:aws:iam::1:role/r', 'task', () => now);
    await keeper.prime();
    now = 29 * 60_000;
    expect(await keyOf(keeper)).to.equal('KEY1');
    now = 31 * 60_000;
    expect(await keyOf(keeper)).to.equal('KEY2');
  });

  it('keeps fake credentials at least an hour ahead of the clock', async () => {
    let now = Date.parse('2026-01-01T00:00:00Z');
    const keeper = new CredentialsKeeper(fakeCredentialSource(() => now), 'arn:aws:iam::1:role/r', 'task', () => now);
    await keeper.prime();
    for (const hours of [0, 4.9, 5.1, 9, 23]) {
      now = Date.parse('2026-01-01T00:00:00Z') + hours * HOUR;
      const found = await keeper.lookup();
      if (found.kind !== 'found') throw new Error(found.kind);
      expect(found.credentials.expiration.getTime() - now, `after ${hours} h`).to.be.at.least(HOUR);
    }
  });

  it('keeps serving the old credentials while a renewal fails, and none once they expired', async () => {
    let now = 0;
    const s = countingSource(() => now, HOUR);
    const keeper = new CredentialsKeeper(s.source, 'arn:aws:iam::1:role/r', 'task', () => now);
    await keeper.prime();
    s.failing = true;
    now = 45 * 60_000;
    expect(await keyOf(keeper)).to.equal('KEY1');
    now = HOUR + 1;
    expect(await keyOf(keeper)).to.equal('uninitialized');
    s.failing = false;
    expect(await keyOf(keeper)).to.equal('KEY2');
  });

  it('shares one fetch between concurrent requests', async () => {
    const now = 0;
    const s = countingSource(() => now, HOUR);
    const keeper = new CredentialsKeeper(s.source, 'arn:aws:iam::1:role/r', 'task', () => now);
    await Promise.all([keeper.lookup(), keeper.lookup(), keeper.lookup()]);
    expect(s.calls).to.equal(1);
  });
});
