/**
 * Hardened start: a packaged build refuses command-line switches that would open the app to
 * debugging or change how Chromium runs it. `--remote-debugging-port` and friends give full
 * DevTools-protocol access whatever `DevToolsAllowed` says, and the inspect fuse does not cover them.
 *
 * Chromium parses `--name[=value]` and, on POSIX, `-name[=value]` too (and `/name` on Windows); it stops
 * at a bare `--`, after which everything is a plain argument. Anything that looks like a switch and is
 * not on the short allow-list below is refused. Development builds (not packaged) accept everything.
 * Pure: the caller passes argv, the platform and what to do on refusal (main/host/electron/main.ts).
 */

/**
 * Set at bundle time only in the CI smoke-test build (scripts/build.ts, `npm run dist -- --test-build`), which
 * Playwright drives: it accepts the three switches Playwright adds. Undefined in every shipped build.
 */
declare const __APPROVED_IM_SMOKE_TEST_BUILD__: string | undefined;

/** Playwright's Electron launcher adds these (--no-sandbox on Linux only). */
const PLAYWRIGHT_SWITCHES = new Set(['inspect', 'remote-debugging-port', 'no-sandbox']);

export function isSmokeTestBuild(): boolean {
  return typeof __APPROVED_IM_SMOKE_TEST_BUILD__ === 'string' && __APPROVED_IM_SMOKE_TEST_BUILD__.length > 0;
}

export interface SwitchRefusal {
  /** The switch as typed, without its value (a value may be a secret or a path). */
  readonly switchName: string;
  /** Why it is refused, for the person who started the app and for the log. */
  readonly reason: string;
}

/** Switches that open the app to a debugger or change the JavaScript engine, each with its reason. */
const DENIED: readonly { readonly test: (name: string) => boolean; readonly reason: string }[] = [
  { test: (n) => n.startsWith('remote-debugging-') || n === 'remote-allow-origins', reason: 'it opens the DevTools protocol to other programs, which could read and send messages' },
  { test: (n) => n.startsWith('inspect') || n === 'debug' || n === 'debug-brk', reason: 'it opens a debugger on the main process' },
  { test: (n) => n === 'js-flags', reason: 'it changes how the JavaScript engine runs the app' },
];

/**
 * What a packaged build accepts. `policy` is the development override: the policy service refuses it in
 * packaged builds and shows the configuration error that names it, so it is let through to that check.
 * The Ozone switches let Linux desktops choose Wayland or X11; the scale factor and language are cosmetic.
 */
const ALLOWED = new Set(['policy', 'ozone-platform', 'ozone-platform-hint', 'enable-wayland-ime', 'force-device-scale-factor', 'lang']);

/** The switch name of one argument (lower case, no prefix, no value), or undefined for a plain argument. */
export function switchName(arg: string, platform: NodeJS.Platform): string | undefined {
  let body: string;
  if (arg.startsWith('--')) body = arg.slice(2);
  else if (arg.startsWith('-') && arg.length > 1) body = arg.slice(1);
  else if (platform === 'win32' && arg.startsWith('/') && arg.length > 1) body = arg.slice(1);
  else return undefined;
  const name = body.split('=', 1)[0] ?? '';
  return name.toLowerCase();
}

/**
 * The first switch a packaged build must refuse, or undefined when the command line is acceptable.
 * `argv` is process.argv (its first element, the executable, is skipped).
 */
export function refusedSwitch(argv: readonly string[], opts: { isPackaged: boolean; platform: NodeJS.Platform; smokeTestBuild: boolean }): SwitchRefusal | undefined {
  if (!opts.isPackaged) return undefined;
  const args = argv.slice(1);
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] ?? '';
    if (arg === '--') return undefined;
    const name = switchName(arg, opts.platform);
    if (name === undefined) continue;
    // macOS Finder adds -psn_<process serial number> when it launches an app.
    if (opts.platform === 'darwin' && name.startsWith('psn_')) continue;
    if (opts.smokeTestBuild && PLAYWRIGHT_SWITCHES.has(name)) continue;
    const switchAsTyped = arg.split('=', 1)[0] ?? arg;
    const denied = DENIED.find((d) => d.test(name));
    if (denied) return { switchName: switchAsTyped, reason: denied.reason };
    if (!ALLOWED.has(name)) return { switchName: switchAsTyped, reason: 'it is not a switch this app accepts, and unknown Chromium switches can weaken its protections' };
  }
  return undefined;
}

/** The message shown and written to stderr when the app refuses to start. */
export function refusalMessage(refusal: SwitchRefusal): string {
  return `Approved IM will not start with ${refusal.switchName}: ${refusal.reason}. Start it without this option; if you need it, ask your IT department.`;
}

export interface RefuseDeps {
  readonly isPackaged: boolean;
  readonly platform: NodeJS.Platform;
  /** Shows the reason to the person (Electron's dialog.showErrorBox works before the app is ready). */
  readonly showError: (title: string, message: string) => void;
  readonly writeErr: (text: string) => void;
  readonly exit: (code: number) => void;
}

/** Checks the command line and, when a switch is refused, says why and exits with code 2. */
export function refuseUnsafeSwitches(argv: readonly string[], deps: RefuseDeps): void {
  const refusal = refusedSwitch(argv, { ...deps, smokeTestBuild: isSmokeTestBuild() });
  if (!refusal) return;
  const message = refusalMessage(refusal);
  deps.writeErr(`${message}\n`);
  deps.showError('Approved IM will not start', message);
  deps.exit(2);
}
