/**
 * approved_im_json.lib.lua (the tap's record encoder) against a real JSON parser: awkward strings (quotes,
 * backslashes, every control character, NUL, DEL, multi-byte UTF-8, U+2028) and numbers survive a round
 * trip through Lua 5.4 and JSON.parse unchanged, and a field missing from the key list is refused
 * (control: the same table with the field listed encodes).
 */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const HERE = import.meta.dirname;

/** Runs Lua with the lib on its path; `values` go in hex-encoded, one per line. */
function lua(script: string, values: string[] = []): string {
  const input = values.map((v) => Buffer.from(v, 'utf8').toString('hex')).map((h) => `${h}\n`).join('');
  const prelude = `package.path = ${JSON.stringify(join(HERE, '?.lib.lua'))} .. ";" .. package.path
local J = require "approved_im_json"
local function unhex(h) return (h:gsub("%x%x", function (c) return string.char(tonumber(c, 16)) end)) end
local values = {}
for line in io.lines() do values[#values + 1] = unhex(line) end
`;
  return execFileSync('lua5.4', ['-e', prelude + script], { input, encoding: 'utf8' });
}

describe('approved_im_json', () => {
  it('round-trips awkward strings and numbers through a real JSON parser', () => {
    const controls = Array.from({ length: 32 }, (_, i) => String.fromCharCode(i)).join('');
    const values = [
      'plain',
      'a "quoted" \\ backslash \\" both',
      controls,
      `nul\u0000 in the middle, DEL \u007f`,
      'multi-line\r\nbody\twith tabs',
      'ünïcödé ✓ 𝄞 emoji 👩‍💻 and \u2028 line separator \u2029',
      '</script><!-- -->',
      '',
    ];
    const out = lua(
      `local enc = J.encoder({ "body", "seq", "time", "ok", "ratio" })
for i, v in ipairs(values) do print(enc({ body = v, seq = i * 1000000007, ok = (i % 2 == 0), ratio = i / 4 })) end`,
      values,
    );
    const lines = out.trimEnd().split('\n');
    expect(lines).toHaveLength(values.length);
    lines.forEach((line, i) => {
      const n = i + 1;
      expect(JSON.parse(line)).toEqual({ body: values[i], seq: n * 1000000007, ok: n % 2 === 0, ratio: n / 4 });
    });
    // Field order is the key list's; nil fields are left out.
    expect(lines[0]).toBe('{"body":"plain","seq":1000000007,"ok":false,"ratio":0.25}');
  });

  it('refuses a field that is not in the key list (control: listed, it encodes)', () => {
    const refused = lua(`print(pcall(J.encoder({ "body" }), { body = "x", extra = "y" }))`);
    expect(refused).toMatch(/^false\t.*field extra is not in the key list/);
    const control = lua(`print(pcall(J.encoder({ "body", "extra" }), { body = "x", extra = "y" }))`);
    expect(control.trim()).toBe('true\t{"body":"x","extra":"y"}');
  });
});
