// Writes schema/vault.schema.json from src/vault/schema.ts, as tsc compiled it to dist/ (npm run
// build, after tsc). The schema is for editors; the loader reads its facts from the TypeScript.
import { writeFileSync } from 'node:fs';
import { vaultSchemaText } from '../dist/vault/schema.js';

writeFileSync(new globalThis.URL('../schema/vault.schema.json', import.meta.url), vaultSchemaText());
