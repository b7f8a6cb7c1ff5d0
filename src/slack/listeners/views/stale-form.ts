import type { ViewErrorsResponseAction } from '@slack/bolt';

/** private_metadata that fails validation: a stale or tampered form. Nothing is done; the user starts again. */
export const staleFormErrors = (blockId: string): ViewErrorsResponseAction => ({
  response_action: 'errors',
  errors: { [blockId]: 'This form is out of date. Close it and run the command again.' },
});
