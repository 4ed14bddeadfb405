import { GatewayHttpError } from '../../http/gateway-http-error.js';

/** MLflow's 422 for a `model` field on an endpoint that already names its model. */
export function modelFieldNotPermitted(): GatewayHttpError {
  return GatewayHttpError.unprocessable(
    "The parameter 'model' is not permitted to be passed. The route being queried already defines a model instance.",
  );
}
