/* Generated from schemas/ by `npm run gen` (tools/gen-types.ts). Do not edit. */

export interface MedmappConversationUpdateRequest {
  status?: 'new' | 'in_progress' | 'closed';
  is_active?: boolean;
  title?: string;
}
