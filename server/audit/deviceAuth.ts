/**
 * The device credential for client events (device enrollment, issue 12): a POST /v1/events carrying
 * x-aim-device and x-aim-signature must be signed (Ed25519 over eventsSigningText) by that device's
 * enrolled key, and the device must be active; its id and proven JID then replace the events' own.
 * Without the headers the fleet token is enough and the events say `deviceVerified: false`, unless they
 * name a device that is enrolled and active (403 signature-required: the token cannot speak for it).
 */
import { createPublicKey, verify } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import { DEVICE_HEADER, SIGNATURE_HEADER } from '../../shared/journal/enrollment';
import { eventsSigningText } from '../../shared/journal/events';
import type { DeviceRegistry } from '../store/deviceTypes';
import type { DeviceAuthenticator } from './centralAudit';

export class DeviceRefused extends Error {
  constructor(
    readonly reason: 'signature-required' | 'device-not-enrolled' | 'device-revoked' | 'bad-signature',
    message: string,
  ) {
    super(message);
  }
}

const header = (req: FastifyRequest, name: string): string | undefined => {
  const v = req.headers[name];
  return typeof v === 'string' ? v : undefined;
};

/** Device ids the posted events name (before validation; only strings count). */
function namedDevices(body: unknown): string[] {
  const events = (body as { events?: unknown } | null)?.events;
  if (!Array.isArray(events)) return [];
  return [...new Set(events.map((e) => (e as { deviceId?: unknown } | null)?.deviceId).filter((d): d is string => typeof d === 'string' && d.length > 0))].slice(0, 10);
}

export function signedEventsAuthenticator(registry: DeviceRegistry): DeviceAuthenticator {
  return async (req) => {
    const deviceId = header(req, DEVICE_HEADER);
    const signature = header(req, SIGNATURE_HEADER);
    if (!deviceId && !signature) {
      // The fleet token cannot speak for an enrolled device: its events must come signed (the client keeps
      // them queued and signs them once its enrollment is confirmed).
      for (const id of namedDevices(req.body)) {
        if ((await registry.getDevice(id))?.state === 'active') {
          throw new DeviceRefused('signature-required', `device ${id} is enrolled: its events must be signed with its device key`);
        }
      }
      return undefined;
    }
    if (!deviceId || !signature) throw new DeviceRefused('bad-signature', `give both ${DEVICE_HEADER} and ${SIGNATURE_HEADER}, or neither`);
    const device = await registry.getDevice(deviceId);
    if (!device) throw new DeviceRefused('device-not-enrolled', 'this device is not enrolled; enroll it through its XMPP session');
    if (device.state !== 'active') throw new DeviceRefused('device-revoked', 'this device was revoked');
    let ok = false;
    try {
      const key = createPublicKey({ key: Buffer.from(device.publicKey, 'base64'), format: 'der', type: 'spki' });
      ok = verify(null, Buffer.from(eventsSigningText(deviceId, req.body), 'utf8'), key, Buffer.from(signature, 'base64'));
    } catch {
      ok = false;
    }
    if (!ok) throw new DeviceRefused('bad-signature', 'the events signature does not verify with this device’s key');
    return { deviceId: device.deviceId, jid: device.jid };
  };
}
