/**
 * Differential check against real Go: fixtures/golden.json holds a seeded corpus of secret strings
 * (valid, mutated, truncated, every single byte, invalid UTF-8) and float64 values, answered by the
 * ECS agent's own code path in Go (fixtures/go-oracle.go; regenerate with fixtures/make-golden.ts).
 */
import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { goSprintV } from '../../../src/go/format.js';
import { goUnmarshalMap } from '../../../src/go/json.js';
import { formatFloatShortestG } from '../../../src/go/strconv.js';
import { EcsAgent } from '../../../src/messages.js';

interface Golden {
  generatedBy: string;
  extract: [inputBase64: string, key: string, ok: boolean, result: string][];
  floats: [bitsHex: string, text: string][];
}

const golden = JSON.parse(
  readFileSync(join(dirname(fileURLToPath(import.meta.url)), 'fixtures', 'golden.json'), 'utf8'),
) as Golden;

/** The agent's GetSecretFromASMWithInput on raw bytes (extractJsonKey takes a JS string). */
function agentExtract(data: Uint8Array, key: string): [boolean, string] {
  const r = goUnmarshalMap(data);
  if (!r.ok) return [false, r.error];
  if (!r.value.has(key)) return [false, EcsAgent.asmJsonKeyMissing(key)];
  return [true, goSprintV(r.value.get(key) ?? null)];
}

describe(`go golden corpus (${golden.generatedBy})`, () => {
  it('has a corpus large enough to mean something', () => {
    expect(golden.extract.length).to.be.greaterThan(1500);
    expect(golden.extract.filter((c) => c[2]).length).to.be.greaterThan(100);
    expect(golden.floats.length).to.be.greaterThan(500);
  });

  it('extracts json keys exactly as Go does, values and error texts', () => {
    const mismatches: string[] = [];
    for (const [input, key, ok, result] of golden.extract) {
      const got = agentExtract(Buffer.from(input, 'base64'), key);
      if (got[0] !== ok || got[1] !== result) {
        mismatches.push(`${JSON.stringify(Buffer.from(input, 'base64').toString('latin1'))} [${key}]: want ${result}, got ${got[1]}`);
      }
    }
    expect(mismatches.slice(0, 5)).to.deep.equal([]);
  });

  it('prints float64 values exactly as fmt %v does', () => {
    const view = new DataView(new ArrayBuffer(8));
    const mismatches: string[] = [];
    for (const [bits, text] of golden.floats) {
      view.setBigUint64(0, BigInt(`0x${bits}`));
      const got = formatFloatShortestG(view.getFloat64(0));
      if (got !== text) mismatches.push(`${bits}: want ${text}, got ${got}`);
    }
    expect(mismatches.slice(0, 5)).to.deep.equal([]);
  });
});
