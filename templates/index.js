// Where the default templates live: `<dir>/<language>/<event>.hbs`.
import { fileURLToPath } from 'node:url';

export const templatesDir = fileURLToPath(new URL('.', import.meta.url));
