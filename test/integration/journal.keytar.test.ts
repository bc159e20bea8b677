import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

describe('journal spool key under a real gnome-keyring (D-Bus session)', () => {
  it('keeps the spool key in the OS credential store, not on disk, and reopens the spool with it', () => {
    const out = execFileSync(
      'dbus-run-session',
      ['--', 'bash', '-c', "printf 'test-keyring-pass' | gnome-keyring-daemon --unlock --components=secrets >/dev/null 2>&1; exec node --import tsx test/support/journalKeyringProbe.ts"],
      {
        encoding: 'utf8',
        timeout: 60_000,
        stdio: ['ignore', 'pipe', 'pipe'],
        // A fresh home: a new login keyring, created unlocked with the password above.
        env: { ...process.env, HOME: mkdtempSync(join(tmpdir(), 'aim-keyring-')), XDG_DATA_HOME: '', XDG_RUNTIME_DIR: '' },
      },
    );
    const line = out.trim().split('\n').at(-1) ?? '';
    expect(JSON.parse(line)).toEqual({ keyInKeyring: true, keyNotOnDisk: true, bodyNotOnDisk: true, sameDevice: true, readBack: true, deviceKeyInKeyring: true });
  });
});
