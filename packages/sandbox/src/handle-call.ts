// One API call from body bytes to reply text: decode, parse, authenticate, then send or report.
// Synchronous and free of HTTP concerns; routes-api.ts wraps it with faults, latency and encoding.
import type { ApiPath } from './api-paths.js';
import { decodeBody } from './decode-body.js';
import { SANDBOX_ERRORS, type SandboxErrorKind } from './errors.js';
import { parseIstanbul } from './istanbul-time.js';
import type { DeliveryModel } from './number-state.js';
import { prepareBulkSend, preparePersonalSend } from './prepare-send.js';
import { balanceText, detailXml, reportListXml, summaryXml } from './report-xml.js';
import type { SandboxStore } from './store.js';
import { parseApiRequest, type ApiRequest } from './xml-request.js';

/** The reply to one call, before encoding. */
export interface CallResult {
  /** `text/plain` for `OK|`, `ERR|` and the balance; `text/xml` for the report XML. */
  type: 'text/plain' | 'text/xml';
  body: string;
  outcome: 'OK' | 'ERR' | 'XML' | 'TEXT';
  /** `<kullanici>` when the XML could be parsed. */
  user: string | null;
  /** The report id created or asked about. */
  reportId: string | null;
}

/** What a call needs besides its body. */
export interface CallContext {
  store: SandboxStore;
  model: DeliveryModel;
  now: () => number;
}

const error = (kind: SandboxErrorKind, user: string | null, reportId: string | null = null): CallResult => ({
  type: 'text/plain',
  body: SANDBOX_ERRORS[kind],
  outcome: 'ERR',
  user,
  reportId,
});

const xml = (body: string, user: string, reportId: string | null = null): CallResult => ({
  type: 'text/xml',
  body,
  outcome: 'XML',
  user,
  reportId,
});

function send(path: ApiPath, request: ApiRequest & { kind: 'bulk' | 'personal' }, user: string, context: CallContext): CallResult {
  const sendContext = context.store.sendContext(user);
  const prepared = request.kind === 'bulk' ? prepareBulkSend(request, path, sendContext) : preparePersonalSend(request, path, sendContext);
  if (typeof prepared === 'string') return error(prepared, user);
  const record = context.store.commit(user, path, prepared, context.now());
  const reportId = String(record.reportId);
  return { type: 'text/plain', body: `OK|${reportId}`, outcome: 'OK', user, reportId };
}

function reportList(request: ApiRequest & { kind: 'report-list' }, user: string, context: CallContext): CallResult {
  const from = request.from === '' ? undefined : parseIstanbul(request.from);
  const to = request.to === '' ? undefined : parseIstanbul(request.to);
  if ((request.from !== '' && from === undefined) || (request.to !== '' && to === undefined)) return error('date', user);
  return xml(reportListXml(context.store.reportsOf(user), from, to), user);
}

/** Answers one API call on `path` whose raw body is `body`. */
export function handleCall(path: ApiPath, body: Uint8Array | undefined, contentType: string | undefined, context: CallContext): CallResult {
  const request = body === undefined ? undefined : parseApiRequest(path, decodeBody(body, contentType));
  if (request === undefined) return error('xml', null);
  const { user: name, password } = request.credentials;
  const user = context.store.authenticate(name, password);
  if (user === undefined) return error('auth', name);
  switch (request.kind) {
    case 'bulk':
    case 'personal':
      return send(path, request, user, context);
    case 'summary':
    case 'detail': {
      const record = context.store.report(user, request.reportId);
      if (!record) return error('reportNotFound', user, request.reportId);
      const render = request.kind === 'summary' ? summaryXml : detailXml;
      return xml(render(record, context.now(), context.model), user, request.reportId);
    }
    case 'report-list':
      return reportList(request, user, context);
    case 'balance': {
      const account = context.store.account(user);
      const body = balanceText(account?.numericCredits ?? 0, account?.alphanumericCredits ?? 0);
      return { type: 'text/plain', body, outcome: 'TEXT', user, reportId: null };
    }
  }
}
