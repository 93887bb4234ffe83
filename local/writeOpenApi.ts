import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { openApiDocument } from '../shared/openapi';

/** `npm run openapi`: writes the served OpenAPI document to docs/openapi.json. */
const target = join(__dirname, '..', 'docs', 'openapi.json');
writeFileSync(target, `${JSON.stringify(openApiDocument(), null, 2)}\n`);
console.log(`wrote ${target.slice(join(__dirname, '..').length + 1)}`);
