// Public API of @esemes/dashboard. Every export is named.
export { createDashboard } from './plugin.js';
export type { Dashboard } from './plugin.js';
export type { DashboardOptions, DashboardSandbox } from './options.js';
