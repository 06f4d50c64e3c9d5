// The provider's calls, by path under the base path `/api-v3/`.

/** Base path of every API call, as on the provider (`http://toplusms.esemes.net/api-v3/`). */
export const API_BASE_PATH = '/api-v3/';

/** What a call does, decided by its path alone. */
export type CallKind = 'bulk' | 'personal' | 'summary' | 'detail' | 'report-list' | 'balance';

/** Every path of the API (relative to {@link API_BASE_PATH}) and its kind. */
export const API_PATHS = {
  'xml_api.php': 'bulk',
  'xml_api_ileri.php': 'bulk',
  'tr/xml_api_ileri.php': 'bulk',
  'xml_ozel_api.php': 'personal',
  'xml_ozel_api_ileri.php': 'personal',
  'tr/xml_ozel_api_ileri.php': 'personal',
  'xml_rapor.php': 'summary',
  'xml_rapor_detay.php': 'detail',
  'xml_raporlar.php': 'report-list',
  'xml_bakiye.php': 'balance',
} as const satisfies Record<string, CallKind>;

/** One API path, relative to the base path (e.g. `'tr/xml_api_ileri.php'`). */
export type ApiPath = keyof typeof API_PATHS;

/** True for the paths that keep Turkish letters (`tr/…`). */
export function keepsTurkish(path: ApiPath): boolean {
  return path.startsWith('tr/');
}

/** `path` as an {@link ApiPath}, accepting `'xml_api.php'`, `'/api-v3/xml_api.php'` or a full URL path. */
export function toApiPath(path: string): ApiPath | undefined {
  let p = path.trim();
  const at = p.indexOf(API_BASE_PATH);
  if (at >= 0) p = p.slice(at + API_BASE_PATH.length);
  p = p.replace(/^\/+/, '');
  return Object.hasOwn(API_PATHS, p) ? (p as ApiPath) : undefined;
}
