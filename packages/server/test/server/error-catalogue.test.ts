import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { errorCatalogue } from '../../src/errors/error-codes.js';

describe('error catalogue', () => {
  const doc = readFileSync(new URL('../../../../docs/errors.md', import.meta.url), 'utf8');

  it.each(Object.entries(errorCatalogue))(
    '%s is documented in docs/errors.md with its status',
    (code, entry) => {
      // A table row: | `code` | status | … (cells padded however the formatter likes).
      const row = new RegExp(String.raw`^\|\s*\x60${code}\x60\s*\|\s*${entry.status}\s*\|`, 'm');
      expect(doc, `docs/errors.md has no row for ${code} with status ${entry.status}`).toMatch(row);
    },
  );
});
