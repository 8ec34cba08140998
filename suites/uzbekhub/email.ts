// 004 §Accounts API 1-3, 5-6, 10-13 end to end: what needs a code or a link from an email. The code is read
// through the target file's hooks.emailCode (D-uzbekhub-29); without the hook every check here is skipped
// with that reason, and nothing else depends on them (the accounts checks that need an account of their own
// say so too). Each check works on an account of its own: the flows change its password, email or existence.
import type { Check } from '../../harness/check.ts';
import { expectJsonBody, expectStatus, expectTrue, short } from '../../harness/verify.ts';
import { curlLine } from '../support.ts';
import { emailed, expectSignIn, expectSignInRefused, freshEmail, freshPassword, ownAccount, signUp } from './accounts-support.ts';
import { body, type Ctx, type UzState } from './support.ts';

/** A code that is not `code` (a wrong one on purpose). */
const other = (code: string): string => (code === '00000' ? '11111' : '00000');

/** A reset link's path segment (D-uzbekhub-29), also when the hook gives back the whole link. */
const linkSegment = (value: string): string => value.split(/[?#]/)[0]!.split('/').filter(Boolean).pop() ?? value;

/** Asks for a reset link (§5) and reads it through the hook. */
async function resetLink(ctx: Ctx, email: string): Promise<string> {
  const res = await ctx.rest('auth.forgotPassword', { json: { email } });
  expectStatus(ctx, res, [200], 'forgot-password for the account\'s address');
  expectJsonBody(ctx, res, 'uzbekhub/ack-response', 'the forgot-password answer');
  return linkSegment(await emailed(ctx, email));
}

const reset = async (ctx: Ctx, link: string, json: Record<string, string>) => {
  const res = await ctx.rest('auth.resetPassword', { params: { reset_link: link }, json });
  return res;
};

export const emailChecks: Check<UzState>[] = [
  {
    id: 'uzbekhub-email-01',
    level: 'MUST',
    doc: '004 §Accounts API 2',
    title: 'Sign up, verify the emailed code, sign in',
    requirement: '§1 "Email ga tasdiqlash kodi yuboriladi" (a confirmation code is sent to the email); §2 POST /api/accounts/auth/email-verify/ {"code": "12345"} → 200 {"message": "User is successfully activated"}; §3 sign-in then answers the token.',
    tags: ['accounts', 'email', 'rest', 'hook'],
    async run(ctx) {
      const email = freshEmail('verify');
      const password = freshPassword(ctx);
      await signUp(ctx, email, password);
      const code = await emailed(ctx, email);
      ctx.addReproduction(curlLine('POST', '/api/accounts/auth/email-verify/', undefined, { json: { code: '<the emailed code>' } }));
      const res = await ctx.rest('auth.emailVerify', { json: { code } });
      expectStatus(ctx, res, [200], 'email-verify with the emailed code');
      expectJsonBody(ctx, res, 'uzbekhub/ack-response', 'the verification answer');
      await expectSignIn(ctx, email, password, 'sign-in of the verified account');
    },
  },
  {
    id: 'uzbekhub-email-02',
    level: 'SHOULD',
    doc: '004 §Accounts API 2',
    decision: 'D-uzbekhub-30',
    title: 'An account whose code is not verified yet cannot sign in',
    requirement: 'Decision D-uzbekhub-30: sign-up\'s account is inactive until §2 activates it ("User is successfully activated"); sign-in is refused as wrong credentials are.',
    tags: ['accounts', 'email', 'rest', 'hook'],
    async run(ctx) {
      const email = freshEmail('inactive');
      const password = freshPassword(ctx);
      await signUp(ctx, email, password);
      const code = await emailed(ctx, email);
      await expectSignInRefused(ctx, email, password, 'sign-in before the code is verified');
      const res = await ctx.rest('auth.emailVerify', { json: { code } });
      expectStatus(ctx, res, [200], 'email-verify with the emailed code');
      await expectSignIn(ctx, email, password, 'sign-in once verified');
    },
  },
  {
    id: 'uzbekhub-email-03',
    level: 'MUST',
    doc: '004 §Accounts API 6',
    title: 'Reset the password with the emailed link: the new one signs in, the old one no longer does',
    requirement: '§5 POST forgot-password {"email"} → 200 {"message": "Password reset link has been sent to your email"}; §6 POST reset-password/<reset_link>/ {"new_password", "confirm_password"} → 200 {"message": "Your password has been successfully updated"} (Yangi parol o\'rnatish: set a new password).',
    tags: ['accounts', 'email', 'rest', 'hook'],
    async run(ctx) {
      const me = await ownAccount(ctx, 'reset');
      const link = await resetLink(ctx, me.email);
      const fresh = freshPassword(ctx);
      ctx.addReproduction(curlLine('POST', '/api/accounts/auth/reset-password/<reset_link>/', undefined, { json: { new_password: fresh, confirm_password: fresh } }));
      const res = await reset(ctx, link, { new_password: fresh, confirm_password: fresh });
      expectStatus(ctx, res, [200], 'reset-password with the emailed link');
      expectJsonBody(ctx, res, 'uzbekhub/ack-response', 'the reset answer');
      await expectSignIn(ctx, me.email, fresh, 'sign-in with the new password');
      await expectSignInRefused(ctx, me.email, me.password, 'sign-in with the old password');
    },
  },
  {
    id: 'uzbekhub-email-04',
    level: 'SHOULD',
    doc: '004 §Accounts API 6',
    decision: 'D-uzbekhub-31',
    title: 'A reset with passwords that differ or are short is 400; an unknown or used link is 400 or 404',
    requirement: 'Decision D-uzbekhub-31: mismatched passwords or one under 8 characters are 400; an unknown or used reset_link is 400 or 404.',
    tags: ['accounts', 'email', 'rest', 'hook', 'validation'],
    async run(ctx) {
      const me = await ownAccount(ctx, 'reset-rules');
      const link = await resetLink(ctx, me.email);
      const fresh = freshPassword(ctx);
      const tries = [
        { what: 'confirm_password differing', res: await reset(ctx, link, { new_password: fresh, confirm_password: `${fresh}x` }), want: [400] },
        { what: 'a new password of 7 characters', res: await reset(ctx, link, { new_password: 'Pw-1234', confirm_password: 'Pw-1234' }), want: [400] },
        { what: 'a link nobody was sent', res: await reset(ctx, `${link}0bad`, { new_password: fresh, confirm_password: fresh }), want: [400, 404] },
        { what: 'the emailed link', res: await reset(ctx, link, { new_password: fresh, confirm_password: fresh }), want: [200] },
        { what: 'the same link again', res: await reset(ctx, link, { new_password: fresh, confirm_password: fresh }), want: [400, 404] },
      ];
      const wrong = tries.filter((t) => !t.want.includes(t.res.status)).map((t) => `${t.what}: ${t.res.status} ${short(t.res.text, 80)}`);
      expectTrue(ctx, wrong.length === 0, {
        expected: tries.map((t) => `${t.what}: HTTP ${t.want.join(' or ')}`),
        observed: tries.map((t) => `${t.what}: ${t.res.status}`).join('; '),
        pass: 'the reset rules hold',
        fail: `${wrong.length} of ${tries.length} answered otherwise (${wrong[0]})`,
      });
    },
  },
  {
    id: 'uzbekhub-email-05',
    level: 'MUST',
    doc: '004 §Accounts API 10',
    title: 'Change the email with the code sent to the new address: the new one signs in, the old one no longer does',
    requirement: '§10 POST change-email/ {"new_email", "password"} → 200 ("A verification code has been sent to your new email address…"); §11 POST change-email/confirm/ {"code"} → 200 {"message": "Email successfully updated"}.',
    tags: ['accounts', 'email', 'rest', 'hook'],
    async run(ctx) {
      const me = await ownAccount(ctx, 'move');
      const next = freshEmail('moved');
      ctx.addReproduction(curlLine('POST', '/api/accounts/account/change-email/', undefined, { json: { new_email: next, password: me.password } }));
      const asked = await ctx.rest('email.change', { token: me.token, json: { new_email: next, password: me.password } });
      expectStatus(ctx, asked, [200], 'asking to change the email');
      expectJsonBody(ctx, asked, 'uzbekhub/ack-response', 'the change-email answer');
      const code = await emailed(ctx, next);
      const confirmed = await ctx.rest('email.changeConfirm', { token: me.token, json: { code } });
      expectStatus(ctx, confirmed, [200], 'confirming with the code sent to the new address');
      expectJsonBody(ctx, confirmed, 'uzbekhub/ack-response', 'the confirmation answer');
      await expectSignIn(ctx, next, me.password, 'sign-in with the new email');
      await expectSignInRefused(ctx, me.email, me.password, 'sign-in with the old email');
    },
  },
  {
    id: 'uzbekhub-email-06',
    level: 'SHOULD',
    doc: '004 §Accounts API 10',
    decision: 'D-uzbekhub-32',
    title: 'Changing the email needs the current password and the right code (400 otherwise)',
    requirement: 'Decision D-uzbekhub-32: §10 with a wrong `password` is 400; §11 with a wrong code is 400 (and the email stays).',
    tags: ['accounts', 'email', 'rest', 'hook', 'validation'],
    async run(ctx) {
      const me = await ownAccount(ctx, 'move-rules');
      const next = freshEmail('moved');
      const wrongPassword = await ctx.rest('email.change', { token: me.token, json: { new_email: next, password: `${me.password}x` } });
      expectStatus(ctx, wrongPassword, [400], 'change-email with a wrong password');
      expectStatus(ctx, await ctx.rest('email.change', { token: me.token, json: { new_email: next, password: me.password } }), [200], 'change-email with the right password');
      const code = await emailed(ctx, next);
      expectStatus(ctx, await ctx.rest('email.changeConfirm', { token: me.token, json: { code: other(code) } }), [400], 'confirming with a wrong code');
      await expectSignIn(ctx, me.email, me.password, 'sign-in with the email kept');
    },
  },
  {
    id: 'uzbekhub-email-07',
    level: 'MUST',
    doc: '004 §Accounts API 12',
    title: 'Delete the account with the emailed code (204): sign-in is refused afterwards',
    requirement: '§12 POST account/delete/ {"password"} → 200 {"message": "Verification code sent to email"}; §13 POST account/delete/confirm/ {"code"} → 204 No Content (Akkauntni o\'chirish: the account is deleted).',
    tags: ['accounts', 'email', 'rest', 'hook'],
    async run(ctx) {
      const me = await ownAccount(ctx, 'delete');
      ctx.addReproduction(curlLine('POST', '/api/accounts/account/delete/', undefined, { json: { password: me.password } }));
      const asked = await ctx.rest('account.delete', { token: me.token, json: { password: me.password } });
      expectStatus(ctx, asked, [200], 'asking to delete the account');
      expectJsonBody(ctx, asked, 'uzbekhub/ack-response', 'the delete answer');
      const code = await emailed(ctx, me.email);
      expectStatus(ctx, await ctx.rest('account.deleteConfirm', { token: me.token, json: { code } }), [204], 'confirming with the emailed code');
      await expectSignInRefused(ctx, me.email, me.password, 'sign-in of the deleted account');
    },
  },
  {
    id: 'uzbekhub-email-08',
    level: 'SHOULD',
    doc: '004 §Accounts API 12',
    decision: 'D-uzbekhub-32',
    title: 'Deleting needs the current password and the right code; the deleted account\'s token answers 401',
    requirement: 'Decision D-uzbekhub-32: §12 with a wrong `password` is 400; §13 with a wrong code is 400; after the deletion the account\'s tokens answer 401.',
    tags: ['accounts', 'email', 'rest', 'hook', 'validation'],
    async run(ctx) {
      const me = await ownAccount(ctx, 'delete-rules');
      expectStatus(ctx, await ctx.rest('account.delete', { token: me.token, json: { password: `${me.password}x` } }), [400], 'delete with a wrong password');
      expectStatus(ctx, await ctx.rest('account.delete', { token: me.token, json: { password: me.password } }), [200], 'delete with the right password');
      const code = await emailed(ctx, me.email);
      expectStatus(ctx, await ctx.rest('account.deleteConfirm', { token: me.token, json: { code: other(code) } }), [400], 'confirming with a wrong code');
      expectStatus(ctx, await ctx.rest('account.deleteConfirm', { token: me.token, json: { code } }), [204], 'confirming with the emailed code');
      const after = await ctx.rest('profile.get', { token: me.token });
      expectStatus(ctx, after, [401], 'my profile with the deleted account\'s token');
      expectTrue(ctx, typeof body(after).detail === 'string', { expected: ['401 {"detail"}'], observed: short(after.json), pass: 'the 401 has §Error Responses\' shape', fail: 'the 401 body has no "detail"' });
    },
  },
];
