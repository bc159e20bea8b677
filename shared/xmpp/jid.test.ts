import { describe, expect, it } from 'vitest';
import { bareJid } from './jid';

describe('bareJid', () => {
  it('drops the resource and lower-cases', () => {
    expect(bareJid('Alice@Example.GOV/Laptop')).toBe('alice@example.gov');
    expect(bareJid('room@rooms.example.gov/Bob Smith')).toBe('room@rooms.example.gov');
    expect(bareJid('bob@example.gov')).toBe('bob@example.gov');
  });
});
