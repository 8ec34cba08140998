// The dialect ids, apart from core/profiles.ts (which loads the schemas) so the CLI's help stays light.
export const DIALECTS = ['medmapp', 'fiko', 'carechat', 'carinfopro', 'uzbekhub'] as const;
export type Dialect = (typeof DIALECTS)[number];

export function isDialect(name: string): name is Dialect {
  return (DIALECTS as readonly string[]).includes(name);
}
