import { describe, expect, it } from 'vitest';
import { bareJid, resourceOf } from './jid';

describe('bareJid', () => {
  it('drops the resource and lower-cases', () => {
    expect(bareJid('Alice@Example.GOV/Laptop')).toBe('alice@example.gov');
    expect(bareJid('room@rooms.example.gov/Bob Smith')).toBe('room@rooms.example.gov');
    expect(bareJid('bob@example.gov')).toBe('bob@example.gov');
  });
});

describe('resourceOf', () => {
  it('keeps the resource as sent (resources are case-sensitive)', () => {
    expect(resourceOf('budget@conference.example.gov/Dana W/x')).toBe('Dana W/x');
    expect(resourceOf('dana@example.gov')).toBe('');
  });
});
