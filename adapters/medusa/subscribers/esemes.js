// Medusa v1 entry: v1 globs `<plugin>/subscribers/*.js` and builds `new (require(file).default)(cradle, options)`
// once at boot. ESM (the package is "type": "module"), loaded through Node's require(esm) (Node >= 20.19).
// It re-exports the class `medusa plugin:build` emitted from src/v1/subscriber.ts.
export { default } from '../.medusa/server/src/v1/subscriber.js';
