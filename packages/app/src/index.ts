// Public API of @esemes/app. Every export is named.
export { builtInAdapters } from './builtin-adapters.js';
