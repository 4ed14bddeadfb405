/** The ports of the quickstart's servers, from one base port (0: every server picks a free one). */
export interface QuickstartPorts {
  tracking: number;
  gateway: number;
  embeddings: number;
  fillMask: number;
  instructLlm: number;
}

/** Tracking on the base port, the gateway on the next, then one per model: 5000, 5001, 5002-5004. */
export function createQuickstartPorts(basePort: number): QuickstartPorts {
  const at = (offset: number): number => (basePort === 0 ? 0 : basePort + offset);
  return { tracking: at(0), gateway: at(1), embeddings: at(2), fillMask: at(3), instructLlm: at(4) };
}
