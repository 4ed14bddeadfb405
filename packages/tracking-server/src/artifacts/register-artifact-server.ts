import type { FastifyInstance } from 'fastify';
import { registerRpcs } from '../rpc/register-rpcs.js';
import { createArtifactLocator, type ArtifactLocator } from './artifact-locator.js';
import type { ArtifactRouteOptions } from './artifact-route-options.js';
import type { ArtifactServingOptions } from './artifact-serving-options.js';
import { registerMultipartArtifactRoutes } from './multipart-artifact-routes.js';
import { registerProxiedArtifactRoutes } from './proxied-artifact-routes.js';
import { createArtifactRpcs } from './run-artifact-rpcs.js';
import { registerUiArtifactRoutes } from './ui-artifact-routes.js';

/**
 * Everything the tracking server does with artifacts: the proxied `mlflow-artifacts` service
 * (downloads, uploads, listings, deletes, multipart uploads), the tracking-side listings and the
 * UI's download and upload routes. Direct repositories it opens are closed with the app.
 */
export function registerArtifactServer(
  app: FastifyInstance,
  serving: ArtifactServingOptions,
  options: Omit<ArtifactRouteOptions, 'locator'>,
): ArtifactLocator {
  const locator = createArtifactLocator(serving);
  const routeOptions: ArtifactRouteOptions = { ...options, locator };
  registerProxiedArtifactRoutes(app, routeOptions);
  registerMultipartArtifactRoutes(app, routeOptions);
  registerUiArtifactRoutes(app, routeOptions);
  registerRpcs(app, createArtifactRpcs(locator), {
    context: options.context,
    routes: options.routes,
    maxBodyBytes: options.maxBodyBytes,
    staticPrefix: options.staticPrefix,
  });
  app.addHook('onClose', async () => locator.close());
  return locator;
}
