/**
 * A large vault is written in pieces (never its whole new text at once), byte for byte as a small
 * one is formatted, and the layout helpers agree with each other on any document. Sizes here are
 * behaviour, not timing: bench/vault-scale.ts measures the time and memory.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import * as fc from 'fast-check';
import type { JsonValue } from '../../../src/json/parse.js';
import { formatVaultPieces, formatVaultText } from '../../../src/vault/render.js';
import { updateVault } from '../../../src/vault/save.js';
import { VaultFile } from '../../../src/vault/vault-file.js';

const T1 = '11111111-1111-4111-8111-111111111111';

describe('vault: large files', function () {
  this.timeout(60_000);
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ecs-local-large-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('writes a vault over 16 MB in pieces, laid out exactly as a small one, and reads it back', async () => {
    const file = path.join(dir, 'ecs-local.vault.json');
    const secrets: Record<string, unknown> = {};
    // Values with quotes, templates and characters outside ASCII, among plain ones.
    for (let i = 0; i < 17_000; i++) secrets[`app/s${i}`] = { value: i % 7 === 0 ? `q"${'é'.repeat(500)}$${i}` : 'v'.repeat(1000), arnSuffix: 'AbCd12' };
    fs.writeFileSync(file, `${JSON.stringify({ region: 'us-east-1', secrets }, null, '\t')}\n`);
    expect(fs.statSync(file).size).to.be.above(16 * 1024 * 1024);

    const served = new VaultFile(file, { env: {} });
    await served.write((s) => s.putSecretValue('us-east-1', { SecretId: 'app/s3', SecretString: 'new "value"', ClientRequestToken: T1 }));
    const text = fs.readFileSync(file, 'utf8');
    expect(formatVaultText(JSON.parse(text) as JsonValue, text)).to.equal(text);
    expect(text.split('\n')[1]).to.equal('\t"region": "us-east-1",');
    // The server's next read sees the write, read back from the file.
    const after = await served.read();
    expect(after.store.getSecretValue('us-east-1', undefined, { SecretId: 'app/s3' }).SecretString).to.equal('new "value"');
    await updateVault(file, { env: {} }, (s) => s.deleteSecret('us-east-1', { SecretId: 'app/s4', ForceDeleteWithoutRecovery: true }));
    expect(Object.keys((JSON.parse(fs.readFileSync(file, 'utf8')) as { secrets: object }).secrets)).to.have.length(16_999);
  });

  it('lays out any document the same in pieces and whole', () => {
    const leaf = fc.oneof(fc.string(), fc.constantFrom('a"b', 'x\ny', '\\', '\u2028', '\ud800', '😀', ''), fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true }), fc.boolean(), fc.constant(null));
    const { doc } = fc.letrec((tie) => ({
      doc: fc.oneof({ depthSize: 'small' }, leaf, fc.array(tie('doc'), { maxLength: 70 }), fc.dictionary(fc.string(), tie('doc'), { maxKeys: 70 })),
    }));
    const original = fc
      .tuple(fc.constantFrom('  ', '\t', '    ', '            '), fc.constantFrom('\n', '\r\n'), fc.boolean())
      .map(([indent, eol, final]) => `{${eol}${indent}"a": 1${eol}}${final ? eol : ''}`);
    fc.assert(
      fc.property(doc, original, (d, o) => {
        expect([...formatVaultPieces(d as JsonValue, o)].join('')).to.equal(formatVaultText(d as JsonValue, o));
      }),
      { numRuns: 500, seed: 20261206 },
    );
  });
});
