/**
 * Signed tree heads: after every N new leaves (inside the ingest transaction), every T seconds when
 * the tree has grown, and on demand (POST /v1/tree-heads, `retention sign`, shutdown).
 */
import { MerkleFrontier } from './merkle';
import type { SignedTreeHead, TreeHeadSigner } from './signing';
import type { IngestTx, Store, TreeState } from './store/types';

export interface Logger {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

export const silentLogger: Logger = { info: () => {}, warn: () => {}, error: () => {} };

/** Sign the tree as `state` describes it and record the head; returns the head and the new state. */
export async function signInTx(
  tx: IngestTx,
  state: TreeState,
  signer: TreeHeadSigner,
  now: Date,
): Promise<{ head: SignedTreeHead; state: TreeState }> {
  const root = MerkleFrontier.fromHex(state.size, state.frontier).root().toString('hex');
  const head = signer.sign(state.size, root, now.toISOString());
  await tx.insertTreeHead(head);
  return { head, state: { ...state, lastHeadSize: state.size } };
}

export interface TreeHeadOptions {
  /** Sign after this many new leaves (checked at the end of each ingest transaction). */
  everyRecords: number;
  /** Sign this often (ms) if the tree grew since the last head; 0 disables the timer. */
  everyMs: number;
}

export class TreeHeads {
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly store: Store,
    private readonly signer: TreeHeadSigner,
    readonly options: TreeHeadOptions,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  get keyId(): string {
    return this.signer.keyId;
  }

  /** Record the signing key's public half in the store (so heads stay checkable after rotation). */
  async registerKey(): Promise<void> {
    await this.store.registerSigningKey(this.signer.keyId, this.signer.publicKeyPem, this.clock().toISOString());
  }

  /** Within an ingest transaction: sign if enough leaves arrived since the last head. */
  async maybeSignInTx(tx: IngestTx, state: TreeState): Promise<TreeState> {
    if (state.size - state.lastHeadSize < this.options.everyRecords) return state;
    return (await signInTx(tx, state, this.signer, this.clock())).state;
  }

  /**
   * Sign now. Without `force`, does nothing (returns the latest head) when no leaf arrived since the
   * last head; with it, always signs a fresh head (also of an empty tree).
   */
  async signNow(force: boolean, log: Logger = silentLogger): Promise<SignedTreeHead | undefined> {
    const head = await this.store.transaction(async (tx) => {
      const state = await tx.lockTree();
      if (!force && state.size === state.lastHeadSize) return undefined;
      const signed = await signInTx(tx, state, this.signer, this.clock());
      await tx.saveTree(signed.state);
      return signed.head;
    });
    if (head) log.info({ treeSize: head.treeSize, rootHash: head.rootHash }, 'signed tree head');
    return head ?? (await this.store.latestTreeHead());
  }

  start(log: Logger = silentLogger): void {
    if (this.options.everyMs <= 0 || this.timer) return;
    this.timer = setInterval(() => {
      this.signNow(false, log).catch((err: unknown) => log.error({ err: errorText(err) }, 'periodic tree-head signing failed'));
    }, this.options.everyMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }
}

export function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
