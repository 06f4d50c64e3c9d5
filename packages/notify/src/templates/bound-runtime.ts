// Calling a compiled Handlebars template the ordinary way sets it up again on every call: it wraps every
// helper of its environment in two fresh closures, merges them into a new object and builds the
// prototype-access rules: about a fifth of a default template's render. A template called with the
// runtime options of a partial uses the ones it is given as they are, so a template service prepares
// them once, from its own environment (handlebars 4.7; render-golden.test.ts pins the outputs).
import { createRequire } from 'node:module';
import type Handlebars from 'handlebars';

type ProtoAccessControl = object;
// Not re-exported by the package's entry; the same rules a template builds for itself with no runtime options.
const { createProtoAccessControl } = createRequire(import.meta.url)('handlebars/dist/cjs/handlebars/internal/proto-access.js') as {
  createProtoAccessControl: (runtimeOptions: object) => ProtoAccessControl;
};

/** Runs a template of `hb` with `data` as its `@data` (and `@root` the context), as `template(context, { data })` would. */
export type RunTemplate = (template: Handlebars.TemplateDelegate, context: object, data: object) => string;

/**
 * The runner of templates compiled by `hb`. Register the helpers first: they are read now, once. What the
 * ordinary setup does per call is done here once: `helperMissing` and `blockHelperMissing` move to the hooks,
 * the other helpers are passed unwrapped (the wrapper only adds `options.lookupProperty`, which only
 * Handlebars' `lookup` reads, and a template service unregisters it).
 */
export function boundRuntime(hb: typeof Handlebars): RunTemplate {
  const helpers: Record<string, Handlebars.HelperDelegate | undefined> = { ...hb.helpers };
  const hooks = { helperMissing: helpers['helperMissing'], blockHelperMissing: helpers['blockHelperMissing'] };
  helpers['helperMissing'] = undefined;
  helpers['blockHelperMissing'] = undefined;
  const partials = {};
  const decorators = {};
  const protoAccessControl = createProtoAccessControl({});
  return (template, context, data) => {
    // What the ordinary call's initData builds: a frame over the caller's data, with @root.
    const frame: Record<string, unknown> = Object.assign({}, data) as Record<string, unknown>;
    frame['_parent'] = data;
    frame['root'] = context;
    const options = { partial: true, helpers, partials, decorators, hooks, protoAccessControl, data: frame };
    return template(context, options as Handlebars.RuntimeOptions);
  };
}
