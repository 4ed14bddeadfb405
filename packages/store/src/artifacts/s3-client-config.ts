import type { S3ClientConfig } from '@aws-sdk/client-s3';

/** The environment variables the S3 repository reads, as MLflow and the AWS SDKs name them. */
export type S3Environment = Readonly<Record<string, string | undefined>>;

function setting(environment: S3Environment, name: string): string | undefined {
  const value = environment[name]?.trim();
  return value === undefined || value === '' ? undefined : value;
}

/**
 * The S3 client configuration MLflow's S3 artifact repository would use:
 * - `MLFLOW_S3_ENDPOINT_URL`: an S3-compatible endpoint (MinIO, Ceph, R2, a local fake);
 * - `MLFLOW_BOTO_CLIENT_ADDRESSING_STYLE`: `path`, `virtual` or `auto` (default: path-style
 *   addressing with an endpoint override, virtual-hosted style on AWS);
 * - `AWS_ACCESS_KEY_ID` / `AWS_SECRET_ACCESS_KEY` / `AWS_SESSION_TOKEN`: static credentials;
 *   without them the SDK's default chain applies (profiles, SSO, container and instance roles);
 * - `AWS_REGION` / `AWS_DEFAULT_REGION` (default `us-east-1`);
 * - `AWS_REQUEST_CHECKSUM_CALCULATION`: `WHEN_REQUIRED` for stores that do not take the SDK's
 *   default checksummed (aws-chunked) uploads.
 */
export function s3ClientConfig(environment: S3Environment): S3ClientConfig {
  const endpoint = setting(environment, 'MLFLOW_S3_ENDPOINT_URL');
  const addressing = setting(environment, 'MLFLOW_BOTO_CLIENT_ADDRESSING_STYLE')?.toLowerCase() ?? 'auto';
  const config: S3ClientConfig = {
    region: setting(environment, 'AWS_REGION') ?? setting(environment, 'AWS_DEFAULT_REGION') ?? 'us-east-1',
    forcePathStyle: addressing === 'path' || (addressing === 'auto' && endpoint !== undefined),
  };
  if (endpoint !== undefined) config.endpoint = endpoint;
  const accessKeyId = setting(environment, 'AWS_ACCESS_KEY_ID');
  const secretAccessKey = setting(environment, 'AWS_SECRET_ACCESS_KEY');
  if (accessKeyId !== undefined && secretAccessKey !== undefined) {
    const sessionToken = setting(environment, 'AWS_SESSION_TOKEN');
    config.credentials =
      sessionToken === undefined
        ? { accessKeyId, secretAccessKey }
        : { accessKeyId, secretAccessKey, sessionToken };
  }
  const checksums = setting(environment, 'AWS_REQUEST_CHECKSUM_CALCULATION')?.toUpperCase();
  if (checksums === 'WHEN_REQUIRED' || checksums === 'WHEN_SUPPORTED')
    config.requestChecksumCalculation = checksums;
  return config;
}
