// Access control and pricing: pure rules, `now` passed in by the caller.
export * from './calendar-date.js';
export * from './local-time.js';
export * from './site-rules.js';
export * from './public-holidays.js';
export * from './opening-hours.js';
export * from './pass.js';
export * from './pass-validity.js';
export * from './access-decision.js';
export * from './pass-summary.js';
export * from './tariffs.js';
export * from './pass-billing.js';
export * from './pass-lifecycle.js';
export * from './monthly-statement.js';
export * from './statement-csv.js';
export * from './grant-windows.js';
export * from './statement-month.js';
export * from './offline-upload.js';
