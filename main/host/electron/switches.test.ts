import { describe, expect, it } from 'vitest';
import { isSmokeTestBuild, refusedSwitch, refuseUnsafeSwitches, switchName } from './switches';

const EXE = '/opt/Approved IM/approved-im';
const packaged = { isPackaged: true, platform: 'linux' as const, smokeTestBuild: false };

describe('refusedSwitch (packaged build)', () => {
  it('accepts a plain start, plain arguments, the allow-listed switches and everything after --', () => {
    expect(refusedSwitch([EXE], packaged)).toBeUndefined();
    expect(refusedSwitch([EXE, 'xmpp:alice@example.gov'], packaged)).toBeUndefined();
    expect(refusedSwitch([EXE, '--ozone-platform-hint=auto', '--enable-wayland-ime', '--lang=en-US'], packaged)).toBeUndefined();
    expect(refusedSwitch([EXE, '--', '--remote-debugging-port=9222'], packaged)).toBeUndefined();
  });

  it.each([
    ['--remote-debugging-port=9222', '--remote-debugging-port', 'DevTools protocol'],
    ['--remote-debugging-pipe', '--remote-debugging-pipe', 'DevTools protocol'],
    ['--remote-debugging-address=0.0.0.0', '--remote-debugging-address', 'DevTools protocol'],
    ['--inspect', '--inspect', 'debugger'],
    ['--inspect=0', '--inspect', 'debugger'],
    ['--inspect-brk=9229', '--inspect-brk', 'debugger'],
    ['--inspect-port=9229', '--inspect-port', 'debugger'],
    ['--js-flags=--allow-natives-syntax', '--js-flags', 'JavaScript engine'],
    ['-remote-debugging-port=9222', '-remote-debugging-port', 'DevTools protocol'],
    ['--REMOTE-DEBUGGING-PORT=9222', '--REMOTE-DEBUGGING-PORT', 'DevTools protocol'],
    ['--no-sandbox', '--no-sandbox', 'not a switch this app accepts'],
    ['--disable-web-security', '--disable-web-security', 'not a switch this app accepts'],
    ['--proxy-server=http://10.0.0.1:3128', '--proxy-server', 'not a switch this app accepts'],
  ])('refuses %s, naming it without its value', (arg, named, why) => {
    const refusal = refusedSwitch([EXE, 'xmpp:bob@example.gov', arg], packaged);
    expect(refusal?.switchName).toBe(named);
    expect(refusal?.reason).toContain(why);
  });

  it('treats /switch as a switch on Windows only, and skips the macOS process serial number', () => {
    expect(refusedSwitch(['Approved IM.exe', '/remote-debugging-port=9222'], { isPackaged: true, platform: 'win32', smokeTestBuild: false })?.switchName).toBe('/remote-debugging-port');
    expect(refusedSwitch([EXE, '/home/alice/notes.txt'], packaged)).toBeUndefined();
    expect(refusedSwitch(['Approved IM', '-psn_0_12345'], { isPackaged: true, platform: 'darwin', smokeTestBuild: false })).toBeUndefined();
    expect(refusedSwitch(['Approved IM', '-psn_0_12345'], packaged)?.switchName).toBe('-psn_0_12345');
  });

  it("lets only the CI smoke-test build take Playwright's three switches, and nothing else", () => {
    const playwright = [EXE, '--no-sandbox', '--inspect=0', '--remote-debugging-port=0'];
    expect(refusedSwitch(playwright, { ...packaged, smokeTestBuild: true })).toBeUndefined();
    expect(refusedSwitch(playwright, packaged)?.switchName).toBe('--no-sandbox');
    expect(refusedSwitch([...playwright, '--js-flags=--expose-gc'], { ...packaged, smokeTestBuild: true })?.switchName).toBe('--js-flags');
    expect(refusedSwitch([EXE, '--remote-debugging-pipe'], { ...packaged, smokeTestBuild: true })?.switchName).toBe('--remote-debugging-pipe');
    expect(isSmokeTestBuild()).toBe(false);
  });

  it('lets a development build (not packaged) take any switch', () => {
    expect(refusedSwitch([EXE, '--inspect=9229', '--remote-debugging-port=9222'], { isPackaged: false, platform: 'linux', smokeTestBuild: false })).toBeUndefined();
  });
});

describe('switchName', () => {
  it('strips the prefix and the value and lower-cases', () => {
    expect(switchName('--Js-Flags=--expose-gc', 'linux')).toBe('js-flags');
    expect(switchName('-', 'linux')).toBeUndefined();
    expect(switchName('plain', 'linux')).toBeUndefined();
    expect(switchName('/x', 'linux')).toBeUndefined();
    expect(switchName('/x', 'win32')).toBe('x');
  });
});

describe('refuseUnsafeSwitches', () => {
  function run(argv: string[], isPackaged = true) {
    const calls: { err: string[]; dialogs: string[]; exit: number[] } = { err: [], dialogs: [], exit: [] };
    refuseUnsafeSwitches(argv, {
      isPackaged,
      platform: 'linux',
      writeErr: (t) => calls.err.push(t),
      showError: (title, message) => calls.dialogs.push(`${title}|${message}`),
      exit: (code) => calls.exit.push(code),
    });
    return calls;
  }

  it('says why and exits with code 2, without echoing the value', () => {
    const calls = run([EXE, '--remote-debugging-port=9222']);
    expect(calls.exit).toEqual([2]);
    expect(calls.err[0]).toMatch(/will not start with --remote-debugging-port: it opens the DevTools protocol/);
    expect(calls.err[0]).not.toContain('9222');
    expect(calls.dialogs[0]).toMatch(/^Approved IM will not start\|/);
  });

  it('does nothing for an acceptable command line (control)', () => {
    expect(run([EXE, '--ozone-platform-hint=auto'])).toEqual({ err: [], dialogs: [], exit: [] });
    expect(run([EXE, '--inspect'], false)).toEqual({ err: [], dialogs: [], exit: [] });
  });
});
