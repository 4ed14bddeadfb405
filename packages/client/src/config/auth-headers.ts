/**
 * The `Authorization` header MLflow's clients send: Basic from `MLFLOW_TRACKING_USERNAME` and
 * `MLFLOW_TRACKING_PASSWORD` when both are set, else Bearer `MLFLOW_TRACKING_TOKEN`, else none.
 */
export function authHeadersFromEnvironment(
  environment: Readonly<Record<string, string | undefined>> = process.env,
): Record<string, string> {
  const username = environment.MLFLOW_TRACKING_USERNAME;
  const password = environment.MLFLOW_TRACKING_PASSWORD;
  if (username !== undefined && username !== '' && password !== undefined && password !== '') {
    return { authorization: basicAuthorization(username, password) };
  }
  const token = environment.MLFLOW_TRACKING_TOKEN;
  if (token !== undefined && token !== '') {
    return { authorization: `Bearer ${token}` };
  }
  return {};
}

/** `Basic base64(username:password)`. */
export function basicAuthorization(username: string, password: string): string {
  return `Basic ${Buffer.from(`${username}:${password}`, 'utf8').toString('base64')}`;
}
