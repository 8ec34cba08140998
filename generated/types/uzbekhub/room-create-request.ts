/* Generated from schemas/ by `npm run gen` (tools/gen-types.ts). Do not edit. */

export type UzbekhubRoomCreateRequest = {
  room_type: 'private' | 'group';
  name?: string;
  username?: string;
  description?: string;
  /**
   * a file part
   */
  profile_pic?: string;
  /**
   * @minItems 1
   */
  members: [number, ...number[]];
} & (
  | {
      room_type?: 'private';
    }
  | {
      room_type?: 'group';
    }
);
