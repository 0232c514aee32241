import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoDir } from './config.js';
import { clientFiles } from './openapi.js';

const apiDir = path.join(repoDir, 'frontend/src/api');
const HOW_TO_FIX =
  'the frontend client is out of date: run "npm run gen:api" and commit the result';

describe('the frontend API client', () => {
  it('was generated from the current routes', async () => {
    const { json, types } = await clientFiles();
    expect(readFileSync(path.join(apiDir, 'openapi.json'), 'utf8'), HOW_TO_FIX).toBe(json);
    expect(readFileSync(path.join(apiDir, 'schema.d.ts'), 'utf8'), HOW_TO_FIX).toBe(types);
  });
});
