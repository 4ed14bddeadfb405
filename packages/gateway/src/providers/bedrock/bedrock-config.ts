import { quoteConfigValue } from '../../config/config-problem.js';
import type { Secret } from '../../config/secret.js';
import { record } from '../openai-compatible/openai-response-fields.js';
import { optionalString, parseBaseUrl } from '../openai-compatible/parse-base-url.js';
import type { ProviderConfigContext } from '../provider.js';

export interface AwsAccessKeys {
  kind: 'access-keys';
  accessKeyId: Secret;
  secretAccessKey: Secret;
  sessionToken: Secret | undefined;
}

/** A Bedrock API key (MLflow 3.11's `aws_bearer_token`, AWS's `AWS_BEARER_TOKEN_BEDROCK`). */
export interface AwsBearerToken {
  kind: 'bearer-token';
  token: Secret;
}

export interface BedrockConfig {
  region: string;
  /** `https://bedrock-runtime.<region>.amazonaws.com`, or `bedrock_endpoint_url`. */
  endpointUrl: URL;
  credentials: AwsAccessKeys | AwsBearerToken;
}

const REGION = /^[a-z]{2}(-[a-z]+)+-\d+$/;
const AWS_CONFIG_KEYS = new Set([
  'aws_region',
  'aws_access_key_id',
  'aws_secret_access_key',
  'aws_session_token',
  'aws_bearer_token',
  'aws_role_arn',
  'session_length_seconds',
]);

function present(value: unknown): boolean {
  return value !== undefined && value !== null;
}

/**
 * MLflow's Bedrock config: `aws_config` with `aws_region` and either access keys
 * (`aws_access_key_id`, `aws_secret_access_key`, `aws_session_token`) or `aws_bearer_token`. The
 * keys and the token are secrets (`$ENV`, secret file or literal; MLflow takes AWS keys literally).
 * Without them, the environment's `AWS_ACCESS_KEY_ID` / `AWS_SECRET_ACCESS_KEY` /
 * `AWS_SESSION_TOKEN` or `AWS_BEARER_TOKEN_BEDROCK` are used, and `AWS_REGION` /
 * `AWS_DEFAULT_REGION` for the region (profiles, SSO and instance roles are not read).
 * `aws_role_arn` (STS AssumeRole) is not supported. `bedrock_endpoint_url` is a Millrace addition.
 */
export function parseBedrockConfig(
  raw: Record<string, unknown>,
  context: ProviderConfigContext,
): BedrockConfig | undefined {
  const { problems } = context;
  const env = context.secretSources.env;
  const before = problems.count;
  let awsConfig: Record<string, unknown> = {};
  if (present(raw.aws_config)) {
    const given = record(raw.aws_config);
    if (given === undefined) problems.add(['aws_config'], 'must be a mapping');
    else awsConfig = given;
  }
  for (const key of Object.keys(awsConfig)) {
    if (!AWS_CONFIG_KEYS.has(key)) problems.add(['aws_config', key], 'is not an aws_config key');
  }
  if (present(awsConfig.aws_role_arn)) {
    problems.add(
      ['aws_config', 'aws_role_arn'],
      'is not supported yet (it needs STS AssumeRole): give access keys or a bearer token, or set the AWS_* environment variables',
    );
  }

  const configuredRegion = optionalString(awsConfig, 'aws_region', problems.at(['aws_config']));
  const region = configuredRegion ?? env.AWS_REGION ?? env.AWS_DEFAULT_REGION;
  if (region === undefined || region === '') {
    problems.add(['aws_config', 'aws_region'], 'is required (or set AWS_REGION)');
  } else if (!REGION.test(region)) {
    problems.add(['aws_config', 'aws_region'], `is not an AWS region name, got ${quoteConfigValue(region)}`);
  }

  let credentials: BedrockConfig['credentials'] | undefined;
  const secretAt = (key: string) => context.resolveSecret(awsConfig[key], `aws_config.${key}`);
  if (present(awsConfig.aws_access_key_id) || present(awsConfig.aws_secret_access_key)) {
    const accessKeyId = secretAt('aws_access_key_id');
    const secretAccessKey = secretAt('aws_secret_access_key');
    const sessionToken = present(awsConfig.aws_session_token) ? secretAt('aws_session_token') : undefined;
    if (accessKeyId !== undefined && secretAccessKey !== undefined) {
      credentials = { kind: 'access-keys', accessKeyId, secretAccessKey, sessionToken };
    }
  } else if (present(awsConfig.aws_bearer_token)) {
    const token = secretAt('aws_bearer_token');
    if (token !== undefined) credentials = { kind: 'bearer-token', token };
  } else if (env.AWS_ACCESS_KEY_ID !== undefined && env.AWS_SECRET_ACCESS_KEY !== undefined) {
    const accessKeyId = context.resolveSecret('$AWS_ACCESS_KEY_ID', 'aws_config.aws_access_key_id');
    const secretAccessKey = context.resolveSecret(
      '$AWS_SECRET_ACCESS_KEY',
      'aws_config.aws_secret_access_key',
    );
    const sessionToken =
      env.AWS_SESSION_TOKEN === undefined || env.AWS_SESSION_TOKEN === ''
        ? undefined
        : context.resolveSecret('$AWS_SESSION_TOKEN', 'aws_config.aws_session_token');
    if (accessKeyId !== undefined && secretAccessKey !== undefined) {
      credentials = { kind: 'access-keys', accessKeyId, secretAccessKey, sessionToken };
    }
  } else if (env.AWS_BEARER_TOKEN_BEDROCK !== undefined && env.AWS_BEARER_TOKEN_BEDROCK !== '') {
    const token = context.resolveSecret('$AWS_BEARER_TOKEN_BEDROCK', 'aws_config.aws_bearer_token');
    if (token !== undefined) credentials = { kind: 'bearer-token', token };
  } else if (!present(awsConfig.aws_role_arn)) {
    problems.add(
      ['aws_config'],
      'needs credentials: aws_access_key_id and aws_secret_access_key, or aws_bearer_token (or the AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY or AWS_BEARER_TOKEN_BEDROCK environment variables)',
    );
  }

  const endpointUrl =
    region === undefined || !REGION.test(region)
      ? undefined
      : parseBaseUrl(
          raw.bedrock_endpoint_url ?? `https://bedrock-runtime.${region}.amazonaws.com`,
          'bedrock_endpoint_url',
          problems,
        );
  if (
    problems.count > before ||
    region === undefined ||
    credentials === undefined ||
    endpointUrl === undefined
  ) {
    return undefined;
  }
  return { region, endpointUrl, credentials };
}
