// Public API of the templates folder. Every export is named.
export { createTemplateService } from './template-service.js';
export type { TemplateOverrideStore, TemplateServiceOptions } from './template-service.js';
export { isTemplateError, MAX_BODY_LENGTH, TemplateError } from './template-error.js';
export type { TemplateErrorCode } from './template-error.js';
export type { PreviewResult, TemplateInfo, TemplateLanguage, TemplateRole, TemplateService } from './types.js';
export { variablesOf } from './variables.js';
export { sampleEvent } from './sample-events.js';
