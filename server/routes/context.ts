import type { FastifyRequest } from 'fastify';
import type { DeviceServices } from '../devices';
import type { Ingestor } from '../ingest';
import type { AuditEntry, Store } from '../store/types';
import type { TreeHeads } from '../treeHeads';

/** What buildApp needs (server/http.ts). */
export interface AppDeps {
  store: Store;
  ingestor: Ingestor;
  treeHeads: TreeHeads;
  clock?: () => Date;
  /** Enrollment, signed-batch checks, rate limits (built from the store when not given). */
  devices?: DeviceServices;
}

/** What every route module gets from buildApp: the dependencies and the access-audit helper. */
export interface RouteContext extends Required<AppDeps> {
  audit(req: FastifyRequest, entry: Pick<AuditEntry, 'action' | 'query' | 'resultCount' | 'outcome'>): Promise<void>;
}
