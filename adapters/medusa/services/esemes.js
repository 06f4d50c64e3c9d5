// Medusa v1 entry: v1 globs `<plugin>/services/[!__]*.js` (in the package root, since the package has no
// dist/ folder) and registers `require(file).default`. The package is "type": "module", so this file is
// ESM and v1's require() loads it through Node's require(esm) (Node >= 20.19 / >= 22.12, the package's
// engines). It re-exports the class `medusa plugin:build` emitted from src/v1/notification-service.ts.
export { default } from '../.medusa/server/src/v1/notification-service.js';
