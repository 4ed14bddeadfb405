import type { Rpc } from '../rpc/rpc-definition.js';
import { experimentRpcs } from './experiment-rpcs.js';
import { loggingRpcs } from './logging-rpcs.js';
import { metricHistoryRpcs } from './metric-history-rpcs.js';
import { runRpcs } from './run-rpcs.js';

/** Every tracking RPC served by the tracking server. */
export const trackingRpcs: readonly Rpc[] = [
  ...experimentRpcs,
  ...runRpcs,
  ...loggingRpcs,
  ...metricHistoryRpcs,
];
