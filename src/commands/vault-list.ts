/**
 * `ecs-local vault list`: what the vault holds, never the values: secrets with their ARN, region and
 * the staging labels of their versions; parameters with their type and version.
 */
import { oneLine, table } from '../text/output.js';
import type { ParameterSummary, SecretSummary } from '../vault/store.js';
import { readVault, shortId, type VaultCommandOptions } from './vault.js';

export interface VaultListOptions extends VaultCommandOptions {
  json?: boolean;
}

export function vaultList(opts: VaultListOptions): void {
  const vault = readVault(opts);
  const secrets = vault.store.listSecrets();
  const parameters = vault.store.listParameters();
  if (opts.json) {
    opts.out.write(
      JSON.stringify({
        vault: vault.file,
        region: vault.region,
        accountId: vault.accountId,
        secrets: secrets.map(({ name, arn, region, accountId, deleted, versions }) => ({ name, arn, region, accountId, deleted, versions })),
        parameters: parameters.map(({ name, arn, region, accountId, type, version, labels }) => ({ name, arn, region, accountId, type, version, labels })),
      }) + '\n',
    );
    return;
  }
  if (secrets.length === 0) opts.out.write('No secrets.\n');
  else opts.out.write(table(['SECRET', 'REGION', 'STATUS', 'VERSIONS', 'ARN'], secrets.map(secretRow)));
  opts.out.write('\n');
  if (parameters.length === 0) opts.out.write('No parameters.\n');
  else opts.out.write(table(['PARAMETER', 'REGION', 'TYPE', 'VERSION', 'LABELS'], parameters.map(parameterRow)));
}

/** Labelled versions as `AWSCURRENT 1a2b3c4d`; versions without labels (deprecated) only counted. */
function secretRow(s: SecretSummary): string[] {
  const labelled = s.versions.filter((v) => v.stages.length > 0).map((v) => `${v.stages.join(',')} ${shortId(v.versionId)}`);
  const deprecated = s.versions.length - labelled.length;
  const versions = [...labelled, ...(deprecated > 0 ? [`+${deprecated} deprecated`] : [])].join('; ') || '(no value)';
  return [oneLine(s.name), s.region, s.deleted ? 'deleted' : 'active', versions, s.arn];
}

function parameterRow(p: ParameterSummary): string[] {
  return [oneLine(p.name), p.region, p.type, String(p.version), p.labels.join(',') || '-'];
}
