import type { ConnectionSummary } from '../../domain/connection.js';
import type { AuthLink } from '../../domain/link.js';
import type { LinkIssued } from './contract.js';

/** What `generate` answers for a link: new, or the one a repeated submission already created. */
export function issued(
  link: AuthLink,
  connection: ConnectionSummary,
  superseded: string[],
  duplicate: boolean,
): LinkIssued {
  return {
    link,
    connection,
    channelId: link.channelId,
    hosted: link.tokenHash !== null,
    superseded,
    completionDetectable: link.offlineAtIssue !== false,
    duplicate,
  };
}
