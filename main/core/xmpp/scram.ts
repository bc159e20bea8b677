import { createHash, createHmac, pbkdf2Sync, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * SCRAM-SHA-1 / SCRAM-SHA-256 (RFC 5802, RFC 7677) for the `saslmechanisms` factory xmpp.js uses.
 *
 * Why our own: the stock mechanism derives the salted password with thousands of sequential WebCrypto
 * HMAC calls (about half a second per login) and never checks the server's signature. This one uses
 * node:crypto's native PBKDF2 and refuses a server that cannot prove it knows the password verifier
 * (mutual authentication).
 */
type Hash = 'sha1' | 'sha256';

interface Credentials {
  username?: string | null;
  password?: string | null;
  authzid?: string;
}

export class ScramError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ScramError';
  }
}

function saslname(name: string): string {
  return name.replace(/=/g, '=3D').replace(/,/g, '=2C');
}

function parseAttributes(message: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const part of message.split(',')) {
    const eq = part.indexOf('=');
    if (eq > 0) out.set(part.slice(0, eq), part.slice(eq + 1));
  }
  return out;
}

function xor(a: Buffer, b: Buffer): Buffer {
  const out = Buffer.alloc(a.length);
  for (let i = 0; i < a.length; i++) out[i] = a[i]! ^ b[i]!;
  return out;
}

const MAX_ITERATIONS = 1_000_000;

function makeMechanism(name: string, hash: Hash) {
  const keyLength = hash === 'sha1' ? 20 : 32;
  class ScramMechanism {
    static readonly Mechanism = ScramMechanism;
    readonly name = name;
    readonly clientFirst = true;
    private stage: 'initial' | 'challenge' | 'final' | 'done' = 'initial';
    private cnonce = '';
    private gs2Header = '';
    private clientFirstBare = '';
    private serverFirst = '';
    private expectedServerSignature: Buffer | null = null;

    response(cred: Credentials): string {
      if (this.stage === 'initial') {
        this.cnonce = randomBytes(18).toString('base64');
        this.gs2Header = 'n,' + (cred.authzid ? 'a=' + saslname(cred.authzid) : '') + ',';
        this.clientFirstBare = `n=${saslname(cred.username ?? '')},r=${this.cnonce}`;
        this.stage = 'challenge';
        return this.gs2Header + this.clientFirstBare;
      }
      if (this.stage === 'challenge') {
        const attrs = parseAttributes(this.serverFirst);
        const nonce = attrs.get('r') ?? '';
        const salt = Buffer.from(attrs.get('s') ?? '', 'base64');
        const iterations = Number.parseInt(attrs.get('i') ?? '', 10);
        if (!nonce.startsWith(this.cnonce) || nonce.length <= this.cnonce.length) throw new ScramError('SCRAM: server nonce is invalid');
        if (!salt.length) throw new ScramError('SCRAM: server sent no salt');
        if (!Number.isInteger(iterations) || iterations < 1 || iterations > MAX_ITERATIONS) throw new ScramError('SCRAM: iteration count out of range');
        const salted = pbkdf2Sync(Buffer.from((cred.password ?? '').normalize('NFKC'), 'utf8'), salt, iterations, keyLength, hash);
        const clientKey = createHmac(hash, salted).update('Client Key').digest();
        const serverKey = createHmac(hash, salted).update('Server Key').digest();
        const storedKey = createHash(hash).update(clientKey).digest();
        const withoutProof = `c=${Buffer.from(this.gs2Header).toString('base64')},r=${nonce}`;
        const authMessage = `${this.clientFirstBare},${this.serverFirst},${withoutProof}`;
        const clientSignature = createHmac(hash, storedKey).update(authMessage).digest();
        this.expectedServerSignature = createHmac(hash, serverKey).update(authMessage).digest();
        this.stage = 'final';
        return `${withoutProof},p=${xor(clientKey, clientSignature).toString('base64')}`;
      }
      return '';
    }

    challenge(chal: string): this {
      if (this.stage === 'challenge') {
        const attrs = parseAttributes(chal);
        if (attrs.has('e')) throw new ScramError(`SCRAM: server error ${attrs.get('e')}`);
        this.serverFirst = chal;
      } else if (this.stage === 'final') {
        this.verifyServerFinal(chal);
      }
      return this;
    }

    /** Checks the server's signature (from the last challenge or the success payload). */
    verifyServerFinal(message: string): void {
      const attrs = parseAttributes(message);
      if (attrs.has('e')) throw new ScramError(`SCRAM: server error ${attrs.get('e')}`);
      const v = Buffer.from(attrs.get('v') ?? '', 'base64');
      const expected = this.expectedServerSignature;
      if (!expected || v.length !== expected.length || !timingSafeEqual(v, expected)) {
        throw new ScramError('SCRAM: the server could not prove its identity');
      }
      this.stage = 'done';
    }

    get serverVerified(): boolean {
      return this.stage === 'done';
    }
  }
  return ScramMechanism;
}

export const ScramSha256 = makeMechanism('SCRAM-SHA-256', 'sha256');
export const ScramSha1 = makeMechanism('SCRAM-SHA-1', 'sha1');
export type ScramMechanismInstance = InstanceType<typeof ScramSha1>;
