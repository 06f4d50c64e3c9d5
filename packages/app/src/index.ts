// Public API of @esemes/app. Every export is named.
export { builtInAdapters, BuiltInAdaptersConfigError } from './builtin-adapters.js';
