import type { RpcContext } from '../rpc/rpc-definition.js';
import type { RouteTable } from '../rpc/route-table.js';
import type { ArtifactLocator } from './artifact-locator.js';

/** What the artifact routes work with. */
export interface ArtifactRouteOptions {
  locator: ArtifactLocator;
  /** The stores (runs for run artifacts; logged models and the registry when the app has them). */
  context: RpcContext;
  routes: RouteTable;
  /** For the JSON bodies of the multipart routes (uploads are not limited). */
  maxBodyBytes: number;
  staticPrefix: string;
}

/** The proxied artifact service is served under both API prefixes, as MLflow does. */
export const ARTIFACT_API_PREFIXES = ['/api', '/ajax-api'] as const;
