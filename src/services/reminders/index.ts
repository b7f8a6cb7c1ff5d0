// What other use cases may use of reminders.
export { sendReminders } from './send-reminders.js';
