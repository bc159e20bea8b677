import { describe, expect, it } from 'vitest';
import { initials, looksLikeAddress, nameFromAddress } from './people';

describe('people helpers', () => {
  it('checks addresses look like name@domain', () => {
    expect(looksLikeAddress('jane.doe@agency.example.gov')).toBe(true);
    expect(looksLikeAddress(' jane@x.gov ')).toBe(true);
    for (const bad of ['jane', 'jane@', '@x.gov', 'a@b@c', 'jane doe@x.gov', 'jane@x.gov/res', 'jane@.gov', 'jane@x..gov']) {
      expect(looksLikeAddress(bad), bad).toBe(false);
    }
  });
  it('makes names and initials', () => {
    expect(nameFromAddress('dana.whitfield@x.gov')).toBe('Dana Whitfield');
    expect(initials('Records Management Office')).toBe('RO');
    expect(initials('cher')).toBe('C');
    expect(initials('')).toBe('?');
  });
});
