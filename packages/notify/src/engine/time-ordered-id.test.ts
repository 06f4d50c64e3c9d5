import { describe, expect, it } from 'vitest';
import { timeOrderedId } from './time-ordered-id.js';

const UUID_V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('timeOrderedId', () => {
  it('is a version 7, RFC 9562 variant UUID', () => {
    for (let i = 0; i < 200; i++) expect(timeOrderedId()).toMatch(UUID_V7);
  });

  it('carries the time in its first 48 bits, so later ids sort after earlier ones', () => {
    const at = Date.UTC(2026, 10, 25, 12, 0, 0);
    const id = timeOrderedId(at);
    expect(Number.parseInt(id.slice(0, 8) + id.slice(9, 13), 16)).toBe(at);
    expect(timeOrderedId(at + 1) > id).toBe(true);
    expect(timeOrderedId(0).startsWith('00000000-0000-7')).toBe(true);
  });

  it('differs between two ids of the same millisecond', () => {
    const ids = new Set(Array.from({ length: 1000 }, () => timeOrderedId(1_000)));
    expect(ids.size).toBe(1000);
  });
});
