import { DEFAULT_AVATAR_PNG } from '../../src/images/default-avatar.js';
import type { Scope } from '../../src/platform/scope.js';
import type { TestInstance } from '../helpers/test-instance.js';
import { scopeOn } from '../helpers/test-scope.js';

/** A real PNG (the built-in avatar) and minimal heads of the other accepted formats. */
export const PNG = DEFAULT_AVATAR_PNG;
export const JPEG = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(60, 7)]);
export const GIF = Buffer.concat([Buffer.from('GIF89a'), Buffer.alloc(40, 1)]);
export const WEBP = Buffer.concat([
  Buffer.from('RIFF'),
  Buffer.from([0x24, 0, 0, 0]),
  Buffer.from('WEBPVP8 '),
  Buffer.alloc(40, 2),
]);

/** The path of a URL the server put in an answer (tests reach the server with `inject`). */
export function pathOf(url: string): string {
  const parsed = new URL(url);
  return `${parsed.pathname}${parsed.search}`;
}

/** A scope on the suite's instance, for the service calls that have no API yet. */
export function scopeOf(t: TestInstance): Scope {
  return scopeOn(t.app, { instance: t.instance, clock: t.clock, baseUrl: 'http://localhost' });
}
