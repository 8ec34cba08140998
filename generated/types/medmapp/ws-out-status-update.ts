/* Generated from schemas/ by `npm run gen` (tools/gen-types.ts). Do not edit. */

export interface MedmappWsOutStatusUpdate {
  type: 'status_update';
  data: {
    conversation_id: number;
    status: 'new' | 'in_progress' | 'closed';
    is_active?: boolean;
  };
}
