import { z } from 'zod';
import { ENDPOINT_TYPES } from './endpoint-type.js';

/** MLflow 3.11's endpoint-name rule (3.6 also allowed non-ASCII word characters). Applied to traffic routes too. */
export const NAME_PATTERN = /^[a-zA-Z0-9_.-]+$/;

const name = z.string().min(1).regex(NAME_PATTERN, {
  error: "must contain only ASCII letters, digits, '-', '_' and '.' (it is part of a URL)",
});

export const rawLimitSchema = z.object({
  calls: z.number().int().min(1),
  renewal_period: z.string(),
  key: z.string().nullish(),
});

export const rawModelSchema = z.object({
  provider: z.string().min(1),
  name: z.string().nullish(),
  config: z.record(z.string(), z.unknown()).nullish(),
});

/** The shape of one `endpoints` entry; unknown keys are ignored, as in MLflow. */
export const rawEndpointSchema = z.object({
  name,
  endpoint_type: z.enum(ENDPOINT_TYPES),
  model: rawModelSchema,
  limit: rawLimitSchema.nullish(),
  timeout_seconds: z.number().positive().nullish(),
});

export const rawRouteSchema = z.object({
  name,
  task_type: z.enum(ENDPOINT_TYPES),
  destinations: z
    .array(z.object({ name: z.string().min(1), traffic_percentage: z.number().int().min(0).max(100) }))
    .min(1),
  routing_strategy: z.literal('TRAFFIC_SPLIT').nullish(),
});

/** The document: `endpoints` (required list) and `routes` (optional list); other top-level keys are ignored. */
export const rawDocumentSchema = z.object({
  endpoints: z.array(z.unknown()),
  routes: z.array(z.unknown()).nullish(),
});
