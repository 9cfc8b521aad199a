// What one step of the schema's history is (index.ts lists them in order).
// Its own module so that each migration file and the list can both import it.
export interface Migration {
  readonly version: number;
  readonly name: string;
  readonly sqlite: string;
  readonly postgres: string;
}
