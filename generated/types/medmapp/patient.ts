/* Generated from schemas/ by `npm run gen` (tools/gen-types.ts). Do not edit. */

export interface MedmappPatient {
  id: number;
  full_name: string;
  phone?: string;
}
