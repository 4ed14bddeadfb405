import type { EndpointType } from '../../config/endpoint-type.js';
import type { ProviderConfigContext } from '../provider.js';

/** Reports a missing `model.name` for vendors whose API needs the model id (no endpoint-name stand-in). */
export function requireModelName(context: ProviderConfigContext, provider: string, meaning: string): void {
  if (context.endpoint.modelName === null || context.endpoint.modelName === '') {
    context.endpointProblems.add(['model', 'name'], `is required for provider ${provider} (${meaning})`);
  }
}

/**
 * Reports an endpoint type the vendor has no API for as a config problem (MLflow accepts the
 * endpoint and answers 501 to every request).
 */
export function refuseEndpointType(
  context: ProviderConfigContext,
  provider: string,
  refused: EndpointType,
  served: readonly EndpointType[],
  reason: string,
): void {
  if (context.endpoint.endpointType === refused) {
    context.endpointProblems.add(
      ['endpoint_type'],
      `provider ${provider} does not serve ${refused} (${reason}); it serves ${served.join(', ')}`,
    );
  }
}
