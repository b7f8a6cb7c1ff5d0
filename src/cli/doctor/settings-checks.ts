/** Settings that are valid but risky: warnings, not failures. */
import type { Config } from '../../config.js';
import { isOpenPolicy } from '../../domain/access.js';
import { auditKeyLine } from './audit-key-check.js';
import type { CheckLine } from './check-line.js';

export function settingWarnings(config: Config, badVariables: ReadonlySet<string>): CheckLine[] {
  const out: CheckLine[] = [];
  if (
    isOpenPolicy(config.access) &&
    !badVariables.has('CELIGO_BOT_OPERATORS') &&
    !badVariables.has('CELIGO_BOT_ADMINS')
  ) {
    out.push({
      status: 'warn',
      text: 'Access: no CELIGO_BOT_OPERATORS or CELIGO_BOT_ADMINS, so everyone in the workspace may do everything',
      fix: 'set CELIGO_BOT_OPERATORS and CELIGO_BOT_ADMINS to Slack user IDs (U…) or user-group IDs (S…)',
    });
  }
  if (config.http.publicUrl === null && !badVariables.has('PUBLIC_URL')) {
    out.push({
      status: 'warn',
      text: 'PUBLIC_URL is not set: customers get raw Celigo authorization URLs, and there is no return relay (completion is found by polling only)',
      fix: 'set PUBLIC_URL to the https address where this app is reachable, e.g. https://bot.example.com',
    });
  }
  if (config.redirect.allowedHosts.length === 0 && !badVariables.has('REDIRECT_ALLOWED_HOSTS')) {
    out.push({
      status: 'warn',
      text: 'REDIRECT_ALLOWED_HOSTS is not set: admins may point landing pages at any https host',
      fix: 'set REDIRECT_ALLOWED_HOSTS to your hosts, e.g. example.com,*.example.com',
    });
  }
  if (!badVariables.has('AUDIT_KEY')) out.push(auditKeyLine(config));
  return out;
}
