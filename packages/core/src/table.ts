/**
 * A column-based input: what MLflow passes as a pandas DataFrame. Millrace passes the rows
 * to custom models as an array of row objects (docs/decisions/0002-column-input-as-rows.md);
 * `columns` keeps the column order, which row objects alone cannot carry for unnamed schemas.
 */
export class Table {
  constructor(
    readonly columns: string[],
    readonly rows: Record<string, unknown>[],
  ) {}

  static fromRows(rows: Record<string, unknown>[]): Table {
    const columns: string[] = [];
    const seen = new Set<string>();
    for (const row of rows) {
      for (const key of Object.keys(row)) {
        if (!seen.has(key)) {
          seen.add(key);
          columns.push(key);
        }
      }
    }
    return new Table(columns, rows);
  }

  get length(): number {
    return this.rows.length;
  }
}
