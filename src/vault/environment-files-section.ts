/** The vault's `environmentFiles` section: S3 object ARN → local file standing in for the object. */
import path from 'node:path';
import type { JsonValue } from '../json/parse.js';
import { parseS3ObjectArn } from './arn.js';
import type { Checker } from './check.js';
import type { EnvironmentFileRecord } from './types.js';

export function readEnvironmentFiles(c: Checker, section: JsonValue | undefined, vaultDir: string): EnvironmentFileRecord[] {
  if (section === undefined) return [];
  const fix = 'write "environmentFiles": { "arn:aws:s3:::bucket/app.env": "./app.env" }';
  const entries = c.object(section, ['environmentFiles'], fix);
  const records: EnvironmentFileRecord[] = [];
  for (const [arn, raw] of Object.entries(entries)) {
    const at = ['environmentFiles', arn];
    const object = parseS3ObjectArn(arn);
    if (!object) {
      c.fail(at, `"${arn}" is not an S3 object ARN`, 'write it as in the task definition, e.g. arn:aws:s3:::my-bucket/app.env');
    }
    const file = c.fill(c.string(raw, at, 'write the local file path as a string, relative to the vault file'), at);
    if (file === '') c.fail(at, 'the path is empty', 'write the local file path, relative to the vault file');
    records.push({ arn, bucket: object.bucket, key: object.key, path: path.resolve(vaultDir, file), origin: c.origin(at) });
  }
  return records;
}
