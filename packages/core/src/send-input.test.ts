import { describe, expect, it } from 'vitest';
import { isScheduledCall, sendPath } from './send-input.js';
import type { SendFlags } from './xml-request.js';

// Each request goes to a call whose documented request has every element it carries (the provider's page).
describe('sendPath', () => {
  const now: SendFlags = { tarih: '' };
  const later: SendFlags = { tarih: '2026-12-01 10:30:00' };

  it.each([
    ['bulk', false, now, 'xml_api.php'],
    ['bulk', false, { ...now, blacklist: 'own', optOutLink: true, optOutPhone: true }, 'xml_api.php'], // xml_api.php documents them
    ['bulk', false, later, 'xml_api_ileri.php'],
    ['bulk', true, now, 'tr/xml_api_ileri.php'],
    ['personalized', false, now, 'xml_ozel_api.php'],
    ['personalized', false, { ...now, optOutLink: false, optOutPhone: false }, 'xml_ozel_api.php'],
    ['personalized', false, { ...now, blacklist: 'own' }, 'xml_ozel_api_ileri.php'],
    ['personalized', false, { ...now, blacklist: 'general' }, 'xml_ozel_api_ileri.php'],
    ['personalized', false, { ...now, optOutLink: true }, 'xml_ozel_api_ileri.php'],
    ['personalized', false, { ...now, optOutPhone: true }, 'xml_ozel_api_ileri.php'],
    ['personalized', false, later, 'xml_ozel_api_ileri.php'],
    ['personalized', true, now, 'tr/xml_ozel_api_ileri.php'],
    ['personalized', true, { ...now, optOutLink: true }, 'tr/xml_ozel_api_ileri.php'],
  ] as const)('%s, Turkish %s, %j → %s', (kind, turkish, flags, path) => {
    expect(sendPath(kind, turkish, flags)).toBe(path);
  });

  it('tells the _ileri calls, whose requests carry tarih and the options', () => {
    expect(['xml_ozel_api.php', 'xml_ozel_api_ileri.php', 'tr/xml_ozel_api_ileri.php'].map(isScheduledCall)).toEqual([false, true, true]);
  });
});
