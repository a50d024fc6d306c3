/**
 * Load: 200 SDK clients on loopback for 10 s, reading and writing the same few secrets (in the
 * integration tier, to keep the unit tier fast; bench/serve-load.ts measures throughput). No request
 * may fail, no write may be lost (every version written is in the file at the end), and no read may
 * see a value that was never written. Loops are bounded in time and count.
 */
import { GetSecretValueCommand, ListSecretVersionIdsCommand, PutSecretValueCommand } from '@aws-sdk/client-secrets-manager';
import { expect } from 'chai';
import { serve, type Served } from '../../unit/serve/helpers.js';

const CLIENTS = 200;
const DURATION_MS = 10_000;
const MAX_CALLS_PER_CLIENT = 5_000;
const SECRETS = ['load/a', 'load/b', 'load/c'];

describe('serve under load: 200 clients for 10 s', function () {
  this.timeout(60_000);
  let s: Served;
  before(async () => {
    s = await serve({ secrets: Object.fromEntries(SECRETS.map((n) => [n, { value: `${n}:initial` }])) });
  });
  after(() => s.stop());

  it('answers every GetSecretValue and PutSecretValue, and loses no write', async () => {
    const written = new Map<string, number>(SECRETS.map((n) => [n, 0]));
    const attempted = new Set<string>(SECRETS.map((n) => `${n}:initial`));
    const failures: string[] = [];
    let reads = 0;
    const deadline = Date.now() + DURATION_MS;

    const client = async (c: number) => {
      const sm = s.sm();
      for (let i = 0; i < MAX_CALLS_PER_CLIENT && Date.now() < deadline; i++) {
        const secret = SECRETS[(c + i) % SECRETS.length] ?? 'load/a';
        try {
          // About one call in four is a write.
          if ((c * 7 + i) % 4 === 0) {
            const value = `${secret}:${c}:${i}`;
            attempted.add(value);
            await sm.send(new PutSecretValueCommand({ SecretId: secret, SecretString: value }));
            written.set(secret, (written.get(secret) ?? 0) + 1);
          } else {
            const got = await sm.send(new GetSecretValueCommand({ SecretId: secret }));
            if (!attempted.has(got.SecretString ?? '')) failures.push(`read a value never written: ${got.SecretString}`);
            reads++;
          }
        } catch (err) {
          failures.push(`${(err as Error).name}: ${(err as Error).message}`);
        }
      }
    };
    await Promise.all(Array.from({ length: CLIENTS }, (_, c) => client(c)));

    expect(failures.slice(0, 5)).to.deep.equal([]);
    const writes = [...written.values()].reduce((a, b) => a + b, 0);
    expect(writes, 'writes made').to.be.above(CLIENTS);
    expect(reads, 'reads made').to.be.above(writes);

    // Every version written is there: the initial one plus one per successful put.
    const sm = s.sm();
    for (const secret of SECRETS) {
      let count = 0;
      let token: string | undefined;
      do {
        const page = await sm.send(new ListSecretVersionIdsCommand({ SecretId: secret, IncludeDeprecated: true, NextToken: token }));
        count += page.Versions?.length ?? 0;
        token = page.NextToken;
      } while (token);
      expect(count, secret).to.equal((written.get(secret) ?? 0) + 1);
      const inFile = (s.doc().secrets?.[secret] as { versions: unknown[] }).versions;
      expect(inFile, `${secret} in the file`).to.have.length(count);
    }
  });
});
