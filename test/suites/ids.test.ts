import { describe, expect, it } from 'vitest';
import { SUITES } from '../../suites/index.ts';

// Check ids are stable and never reused: a change here is a deliberate, reviewed change.
const MEDMAPP = [
  'medmapp-auth-01', 'medmapp-auth-02', 'medmapp-auth-03', 'medmapp-auth-04', 'medmapp-auth-05', 'medmapp-auth-06', 'medmapp-auth-07', 'medmapp-auth-08',
  'medmapp-access-01', 'medmapp-access-02', 'medmapp-access-03', 'medmapp-access-04', 'medmapp-access-05',
  'medmapp-msg-01', 'medmapp-msg-02', 'medmapp-msg-03', 'medmapp-msg-04', 'medmapp-msg-05', 'medmapp-msg-06',
  'medmapp-err-01', 'medmapp-err-02', 'medmapp-err-03', 'medmapp-err-04', 'medmapp-err-05', 'medmapp-err-06', 'medmapp-err-07',
  'medmapp-rest-01', 'medmapp-rest-02', 'medmapp-rest-03', 'medmapp-rest-04',
  'medmapp-page-01', 'medmapp-page-02', 'medmapp-page-03', 'medmapp-page-04',
  'medmapp-rate-01', 'medmapp-rate-02', 'medmapp-rate-03', 'medmapp-rate-04',
  'medmapp-read-01', 'medmapp-read-02', 'medmapp-read-03',
  'medmapp-upload-01', 'medmapp-upload-02', 'medmapp-upload-03',
  'medmapp-status-01',
  'medmapp-schema-01',
];

const CARINFOPRO = [
  'carinfopro-start-01', 'carinfopro-start-02', 'carinfopro-start-03', 'carinfopro-start-04', 'carinfopro-start-05', 'carinfopro-start-06', 'carinfopro-start-07', 'carinfopro-start-08',
  'carinfopro-rooms-01', 'carinfopro-rooms-02', 'carinfopro-rooms-03', 'carinfopro-rooms-04', 'carinfopro-rooms-05',
  'carinfopro-history-01', 'carinfopro-history-02', 'carinfopro-history-03', 'carinfopro-history-04',
  'carinfopro-ws-01', 'carinfopro-ws-02', 'carinfopro-ws-03', 'carinfopro-ws-04', 'carinfopro-ws-05', 'carinfopro-ws-06',
  'carinfopro-access-01', 'carinfopro-access-02', 'carinfopro-access-03', 'carinfopro-access-04', 'carinfopro-access-05',
  'carinfopro-access-06', 'carinfopro-access-07', 'carinfopro-access-08', 'carinfopro-access-09', 'carinfopro-access-10',
  'carinfopro-secret-01', 'carinfopro-secret-02', 'carinfopro-secret-03', 'carinfopro-secret-04',
  'carinfopro-err-01', 'carinfopro-err-02', 'carinfopro-err-03', 'carinfopro-err-04', 'carinfopro-err-05', 'carinfopro-err-06', 'carinfopro-err-07',
  'carinfopro-close-01', 'carinfopro-close-02', 'carinfopro-close-03', 'carinfopro-close-04', 'carinfopro-close-05', 'carinfopro-close-06',
  'carinfopro-auth-01', 'carinfopro-auth-02', 'carinfopro-auth-03', 'carinfopro-auth-04', 'carinfopro-auth-05', 'carinfopro-auth-06',
  'carinfopro-schema-01',
];

describe('check ids', () => {
  it('medmapp ids are exactly the published list', () => {
    expect(SUITES.medmapp.checks.map((c) => c.id)).toEqual(MEDMAPP);
  });

  it('carinfopro ids are exactly the published list', () => {
    expect(SUITES.carinfopro!.checks.map((c) => c.id)).toEqual(CARINFOPRO);
  });

  it('every check is well-formed: unique id, level, doc reference, requirement', () => {
    const all = Object.values(SUITES).flatMap((s) => s.checks);
    expect(new Set(all.map((c) => c.id)).size).toBe(all.length);
    for (const c of all) {
      expect(c.id).toMatch(/^[a-z]+-[a-z]+-[0-9]{2,3}$/);
      expect(['MUST', 'SHOULD', 'MAY']).toContain(c.level);
      expect(c.doc).toMatch(/^(00[0-4] §.+|D-[a-z]+-\d{2})$/);
      expect(c.requirement.length).toBeGreaterThan(20);
      expect(c.tags.length).toBeGreaterThan(0);
    }
  });
});
