/**
 * A separate process that writes to a vault through the lock, for the tests of concurrent writers:
 * `node --import tsx concurrent-writer.ts <vault> <name> <count>` puts <count> versions of the
 * secret "shared", each with a unique token.
 */
import { updateVault } from '../../../src/vault/save.js';

const [file = '', name = '', count = '0'] = process.argv.slice(2);
for (let i = 0; i < Number(count); i++) {
  const token = `${name}-${i}-`.padEnd(36, '0');
  await updateVault(file, { env: {} }, (store) =>
    store.putSecretValue('us-east-1', { SecretId: 'shared', SecretString: `${name}-${i}`, ClientRequestToken: token }),
  );
}
