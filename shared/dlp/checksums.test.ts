import { describe, expect, it } from 'vitest';
import { abaValid, cardBrand, entropy, isRepetitive, itinValid, luhnValid, mbiValid, ssnValid } from './checksums.js';

describe('checksums and validity rules', () => {
  it('Luhn', () => {
    expect(luhnValid('4539578763621486')).toBe(true);
    expect(luhnValid('4539578763621487')).toBe(false);
    expect(luhnValid('79927398713')).toBe(true);
    expect(luhnValid('')).toBe(false);
    expect(luhnValid('12a4')).toBe(false);
  });

  it('ABA 3-7-1 and Federal Reserve prefixes', () => {
    expect(abaValid('021000021')).toBe(true); // JPMorgan Chase NY
    expect(abaValid('011000015')).toBe(true); // Federal Reserve Bank of Boston
    expect(abaValid('021000022')).toBe(false);
    expect(abaValid('991000021')).toBe(false); // prefix 99 is not assigned
    expect(abaValid('000000000')).toBe(false);
    expect(abaValid('12345678')).toBe(false);
  });

  it('SSN ranges and known fakes', () => {
    expect(ssnValid('536228105')).toBe(true);
    expect(ssnValid('000228105')).toBe(false);
    expect(ssnValid('666228105')).toBe(false);
    expect(ssnValid('936228105')).toBe(false);
    expect(ssnValid('536008105')).toBe(false);
    expect(ssnValid('536220000')).toBe(false);
    expect(ssnValid('078051120')).toBe(false); // Woolworth wallet card
    expect(ssnValid('123456789')).toBe(false);
    expect(ssnValid('111111111')).toBe(false);
  });

  it('ITIN ranges', () => {
    expect(itinValid('912701234')).toBe(true);
    expect(itinValid('912941234')).toBe(true);
    expect(itinValid('912931234')).toBe(false); // 93 is not an ITIN group
    expect(itinValid('912401234')).toBe(false);
    expect(itinValid('812701234')).toBe(false);
  });

  it('card brands by IIN and length', () => {
    expect(cardBrand('4539578763621486')).toBe('visa');
    expect(cardBrand('5425233430109903')).toBe('mastercard');
    expect(cardBrand('2223000048410010')).toBe('mastercard');
    expect(cardBrand('374245455400126')).toBe('amex');
    expect(cardBrand('6011000990139424')).toBe('discover');
    expect(cardBrand('3530111333300000')).toBe('jcb');
    expect(cardBrand('356938035643809')).toBeUndefined(); // a 15-digit IMEI is not a JCB length
    expect(cardBrand('8600000000000000')).toBeUndefined();
  });

  it('MBI format, repetition, entropy', () => {
    expect(mbiValid('1EG4TE5MK73')).toBe(true);
    expect(mbiValid('1EG4TE5MK7')).toBe(false);
    expect(mbiValid('1SG4TE5MK73')).toBe(false); // S is never used
    expect(isRepetitive('1111111')).toBe(true);
    expect(isRepetitive('3456789')).toBe(true);
    expect(isRepetitive('3456788')).toBe(false);
    expect(isRepetitive('1234')).toBe(false); // too short to judge
    expect(entropy('aaaa')).toBe(0);
    expect(entropy('abcd')).toBe(2);
  });
});
