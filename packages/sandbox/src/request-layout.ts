// The child elements the provider's page documents, per parent, for each kind of send call: one list for
// both request parsers (xml-request.ts and its fast path, xml-request-fast.ts), so they cannot drift apart.
// The page's `xml_ozel_api.php` example has no `tarih`, `karaliste`, `izin_link` or `izin_telefon`; those
// appear only in its `xml_ozel_api_ileri.php` example, and in the one-text `xml_api.php` example (`tarih`
// inside `mesaj` there). An element a call does not document is refused as malformed XML, as a provider
// validating its documents would (README: "Elements per call").
import type { ApiPath } from './api-paths.js';

/** The documented children of `<SMS>` and of `<mesaj>`. */
export interface Layout {
  SMS: ReadonlySet<string>;
  mesaj: ReadonlySet<string>;
}

/** The children of `<oturum>`. */
export const SESSION: ReadonlySet<string> = new Set(['kullanici', 'sifre']);

/** `xml_api.php`, `xml_api_ileri.php`, `tr/xml_api_ileri.php`. */
export const BULK_LAYOUT: Layout = {
  SMS: new Set(['oturum', 'mesaj', 'karaliste', 'izin_link', 'izin_telefon']),
  mesaj: new Set(['baslik', 'metin', 'alicilar', 'tarih']),
};

const PERSONAL_NOW_LAYOUT: Layout = { SMS: new Set(['oturum', 'baslik', 'mesaj']), mesaj: new Set(['metin', 'alici']) };
const PERSONAL_LATER_LAYOUT: Layout = {
  SMS: new Set([...PERSONAL_NOW_LAYOUT.SMS, 'tarih', 'karaliste', 'izin_link', 'izin_telefon']),
  mesaj: PERSONAL_NOW_LAYOUT.mesaj,
};

/** The layout of a personalized send on `path`: `xml_ozel_api.php` documents fewer elements than `…_ileri.php`. */
export const personalLayout = (path: ApiPath): Layout => (path.endsWith('_ileri.php') ? PERSONAL_LATER_LAYOUT : PERSONAL_NOW_LAYOUT);
