// What other use cases (and the shared context) may use of the accounts folder.
export { createOutageNotices, type OutageNotices } from './account-outage.js';
export { type AccountRouter, createAccountRouter, type RoutedAccount, singleAccount } from './account-router.js';
export { resolveConnection } from './resolve-connection.js';
