import { describe, expect, it } from 'vitest';
import { bareJid, resourceOf } from './jid';

describe('bareJid', () => {
  it('drops the resource and lower-cases local part and domain', () => {
    expect(bareJid('Dana@Example.GOV/Laptop')).toBe('dana@example.gov');
    expect(bareJid('dana@example.gov')).toBe('dana@example.gov');
    expect(bareJid('Budget@Conference.example.gov/Dana W')).toBe('budget@conference.example.gov');
  });
  it('keeps the resource as sent (resources are case-sensitive)', () => {
    expect(resourceOf('budget@conference.example.gov/Dana W/x')).toBe('Dana W/x');
    expect(resourceOf('dana@example.gov')).toBe('');
  });
});
