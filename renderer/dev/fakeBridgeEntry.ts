/** bridge.js for the renderer preview: installs the fake API before renderer.js runs. */
import { createFakeBridge } from './fakeBridge';

const modes = window.location.hash.replace(/^#/, '').split(/[,&]/).filter(Boolean);
const speed = Number(new URLSearchParams(window.location.search).get('speed') ?? '1');
const bridge = createFakeBridge({ modes, speed: Number.isFinite(speed) ? speed : 1 });

Object.defineProperty(window, 'approvedIm', { value: bridge, writable: false, configurable: false });
// Tests read what the renderer asked for.
Object.defineProperty(window, '__fakeCalls', { value: bridge.calls, writable: false, configurable: false });
