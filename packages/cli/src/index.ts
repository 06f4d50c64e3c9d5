// Public API of @esemes/cli: the program, for embedding and in-process tests. Named exports only.
export { createProgram, run } from './program.js';
export type { CliIo } from './output.js';
export { CliError, describeError, EXIT_FAILURE, EXIT_OK, EXIT_USAGE, exitCodeFor } from './exit.js';
export type { CliErrorCode, ErrorReport, ExitCode } from './exit.js';
export { messageFileFormat, readCsvMessages, readJsonlMessages } from './message-files.js';
export type { MessageFileFormat, MessageRow } from './message-files.js';
