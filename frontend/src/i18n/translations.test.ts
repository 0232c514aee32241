import { describe, expect, it } from 'vitest';
import de from './de.json';
import en from './en.json';

/** Flattens nested translation objects into dotted keys ("status.value.ok"). */
function keyPaths(value: unknown, prefix = ''): string[] {
  if (typeof value !== 'object' || value === null) return [prefix];
  return Object.entries(value).flatMap(([key, child]) =>
    keyPaths(child, prefix ? `${prefix}.${key}` : key),
  );
}

function leaves(value: unknown, prefix = ''): [string, unknown][] {
  if (typeof value !== 'object' || value === null) return [[prefix, value]];
  return Object.entries(value).flatMap(([key, child]) =>
    leaves(child, prefix ? `${prefix}.${key}` : key),
  );
}

function placeholders(text: string): string[] {
  return [...text.matchAll(/{{\s*(\w+)\s*}}/g)].map((m) => m[1] ?? '').sort();
}

describe('translation files', () => {
  it('de.json and en.json have exactly the same keys', () => {
    const deKeys = keyPaths(de).sort();
    const enKeys = keyPaths(en).sort();
    expect(enKeys.filter((k) => !deKeys.includes(k))).toEqual([]);
    expect(deKeys.filter((k) => !enKeys.includes(k))).toEqual([]);
    expect(enKeys).toEqual(deKeys);
  });

  it('every value is a non-empty string', () => {
    for (const [key, value] of [...leaves(de), ...leaves(en)]) {
      expect(typeof value, key).toBe('string');
      expect((value as string).trim(), key).not.toBe('');
    }
  });

  it('uses the same interpolation placeholders in both languages', () => {
    const enValues = new Map(leaves(en));
    for (const [key, value] of leaves(de)) {
      expect(placeholders(String(enValues.get(key))), key).toEqual(placeholders(String(value)));
    }
  });

  it('addresses users informally in German ("du", not "Sie")', () => {
    for (const [key, value] of leaves(de)) {
      expect(String(value), key).not.toMatch(/\b(Sie|Ihnen|Ihr|Ihre|Ihren|Ihrem|Ihrer)\b/);
    }
  });
});
