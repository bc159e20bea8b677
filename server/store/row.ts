/** A database row as both drivers return it, keyed by column name; below the stores and their SQL ports. */
export type Row = Record<string, unknown>;
