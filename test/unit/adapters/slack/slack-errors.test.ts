/** Which Slack failures mean "not reachable now" (try again) rather than "refused" (tell someone). */
import { ErrorCode } from '@slack/web-api';
import { expect, it } from 'vitest';
import { slackUnreachable } from '../../../../src/adapters/slack/slack-errors.js';

it('network errors, 5xx and rate limits are unreachable; refusals and our own bugs are not', () => {
  expect(slackUnreachable({ code: ErrorCode.RequestError })).toBe(true);
  expect(slackUnreachable({ code: ErrorCode.HTTPError, statusCode: 503, headers: {} })).toBe(true);
  expect(slackUnreachable({ code: ErrorCode.RateLimitedError, retryAfter: 1 })).toBe(true);
  expect(slackUnreachable({ code: ErrorCode.PlatformError, data: { error: 'invalid_auth' } })).toBe(false);
  expect(slackUnreachable({ code: ErrorCode.HTTPError, statusCode: 404, headers: {} })).toBe(false);
  expect(slackUnreachable(new TypeError('a bug'))).toBe(false);
});
