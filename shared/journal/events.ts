/**
 * Central audit (issue 15): what an enrolled device signs when it posts its audit events to the retention
 * server (`POST /v1/events` with the enrollment headers x-aim-device and x-aim-signature): the canonical
 * JSON of the whole posted body, bound to the device and a context label.
 */
import { canonicalJson } from './record';

export function eventsSigningText(deviceId: string, body: unknown): string {
  return canonicalJson({ context: 'approved-im-events-v1', deviceId, body });
}
