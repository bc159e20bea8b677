/**
 * What every console API route module gets from registerConsole (routes/console.ts): the dependencies
 * and the access-audit helper. Below console.ts and the route modules it registers, like context.ts.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AuditEntry, Store } from '../store/types';
import type { TreeHeads } from '../treeHeads';

export interface ConsoleContext {
  store: Store;
  treeHeads: TreeHeads;
  clock: () => Date;
  audit(req: FastifyRequest, entry: Pick<AuditEntry, 'action' | 'query' | 'resultCount' | 'outcome'>): Promise<void>;
}

/** Console API routes of optional server parts (e.g. central audit), registered inside the console. */
export type ConsoleRouteRegistrar = (c: FastifyInstance, ctx: ConsoleContext) => void;
