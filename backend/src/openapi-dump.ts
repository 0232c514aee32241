/** `npm run gen:api`: writes the OpenAPI document and its TypeScript types for the frontend. */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { repoDir } from './config.js';
import { clientFiles } from './openapi.js';

const dir = path.join(repoDir, 'frontend/src/api');
const { json, types } = await clientFiles();
writeFileSync(path.join(dir, 'openapi.json'), json);
writeFileSync(path.join(dir, 'schema.d.ts'), types);
console.log(`wrote ${path.relative(repoDir, dir)}/openapi.json and schema.d.ts`);
