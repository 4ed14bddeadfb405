/**
 * Formats names the way MLflow's messages print a list of names (`['a', 'b']`), so messages keep
 * their familiar shape. Callers sort the names when the order carries no meaning, so the message
 * is stable (MLflow prints Python sets, whose order changes between processes).
 */
export function formatNameList(names: readonly string[]): string {
  return `[${names.map((name) => `'${name}'`).join(', ')}]`;
}
