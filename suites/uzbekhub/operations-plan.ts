// UzbekHub's family plan as plain data (no harness): which operations make, read, change and delete each
// resource, the owner-only operations, the responses sampled beyond lists and resources, and the fields
// spelled two ways (D-uzbekhub-49). The suite (operations.ts) adds how; the reference server's generated
// faults (reference-server/uzbekhub/family-faults.ts) read the same plan, so each check has its fault.
import type { FamilyPlanData } from '../families/rest-plan.ts';

const UPDATE_AT = { field: 'update_at', other: 'updated_at' };

export const familyData = {
  prefix: 'uzbekhub',
  resources: {
    rooms: { create: 'rooms.create', get: 'rooms.get', update: 'rooms.update', delete: 'rooms.delete' },
    files: { create: 'files.upload', list: 'files.list', delete: 'files.delete' },
    messages: { list: 'messages.list', delete: 'messages.delete' },
    posts: { create: 'posts.create', list: 'posts.list', get: 'posts.get', update: 'posts.update', delete: 'posts.delete' },
    comments: { create: 'comments.create', list: 'comments.list', update: 'comments.update', delete: 'comments.delete' },
    likes: { create: 'likes.create', list: 'likes.list', delete: 'likes.delete' },
    postViews: { create: 'postViews.create', list: 'postViews.list' },
    contacts: { create: 'contacts.create', list: 'contacts.list', get: 'contacts.get', update: 'contacts.update', delete: 'contacts.delete' },
    blocks: { create: 'blocks.create', list: 'blocks.list', get: 'blocks.get', delete: 'blocks.delete' },
    status: { create: 'status.create', get: 'status.get', update: 'status.update', delete: 'status.delete' },
    location: { create: 'location.create', update: 'location.update', delete: 'location.delete' },
    stories: { create: 'stories.create', list: 'stories.list', get: 'stories.get', update: 'stories.update', delete: 'stories.delete' },
    archive: { list: 'archive.list', get: 'archive.get', delete: 'archive.delete' },
    siteComments: { create: 'siteComments.create', list: 'siteComments.list' },
  },
  owner: {
    'posts.update': 'posts', 'posts.delete': 'posts', 'likes.delete': 'likes', 'comments.update': 'comments', 'comments.delete': 'comments',
    'contacts.update': 'contacts', 'contacts.patch': 'contacts', 'contacts.delete': 'contacts', 'blocks.delete': 'blocks',
    'stories.update': 'stories', 'stories.delete': 'stories', 'archive.delete': 'archive',
    'messages.delete': 'messages', 'files.delete': 'files',
  },
  samples: ['profile.get', 'users.get', 'users.publicProfile', 'username.check', 'admin.users.get', 'messages.list'],
  spelling: {
    'location.create': UPDATE_AT, 'location.update': UPDATE_AT, 'contacts.list': UPDATE_AT, 'contacts.create': UPDATE_AT, 'contacts.get': UPDATE_AT, 'messages.list': UPDATE_AT,
  },
} as const satisfies FamilyPlanData;

export type ResourceName = keyof typeof familyData.resources;
