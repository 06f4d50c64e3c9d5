// The XML replies of the report calls, written as the provider's page shows them.
import { formatIstanbul } from './istanbul-time.js';
import { forEachNumber, type DeliveryModel } from './number-state.js';
import type { SendRecord } from './store.js';
import { escapeXml } from './xml-escape.js';

/** `xml_rapor.php`: pending, delivered and failed (NOT_DELIVERED + EXPIRED) numbers, comma-separated. */
export function summaryXml(record: SendRecord, now: number, model: DeliveryModel): string {
  const waiting: string[] = [];
  const delivered: string[] = [];
  const failed: string[] = [];
  forEachNumber(record, now, model, (state) => {
    (state.status === 'WAITING' ? waiting : state.status === 'DELIVERED' ? delivered : failed).push(state.number);
  });
  return `<SONUC><BEKLEYEN>${waiting.join(',')}</BEKLEYEN>` + `<ILETILEN>${delivered.join(',')}</ILETILEN><HATALI>${failed.join(',')}</HATALI></SONUC>`;
}

/** `xml_rapor_detay.php`: one `<rapor … />` per number; a waiting number has `durum="WAITING"`. */
export function detailXml(record: SendRecord, now: number, model: DeliveryModel): string {
  const id = String(record.reportId);
  const sentAt = formatIstanbul(record.sendAt);
  const rows: string[] = [];
  let lastText: string | undefined;
  let escaped = '';
  forEachNumber(record, now, model, (state) => {
    if (state.text !== lastText) {
      lastText = state.text;
      escaped = escapeXml(state.text);
    }
    const finished = state.finishedAt === null ? '' : formatIstanbul(state.finishedAt);
    rows.push(
      `  <rapor id="${id}" numara="${state.number}" gonderilme="${sentAt}" sonuclanma="${finished}"` +
        ` durum="${state.status}" hatakodu="${state.errorCode}" mesaj="${escaped}" uzunluk="${state.parts}" />`,
    );
  });
  return rows.length === 0 ? '<RaporDetay></RaporDetay>' : `<RaporDetay>\n${rows.join('\n')}\n</RaporDetay>`;
}

/** `xml_raporlar.php`: report ids accepted within [from, to] (epoch ms, either optional), comma-separated. */
export function reportListXml(records: readonly SendRecord[], from: number | undefined, to: number | undefined): string {
  const ids = records
    .filter((record) => {
      const accepted = Math.floor(record.acceptedAt / 1000) * 1000; // the range has whole seconds
      return (from === undefined || accepted >= from) && (to === undefined || accepted <= to);
    })
    .map((record) => record.reportId);
  return `<SONUC>${ids.join(',')}</SONUC>`;
}

/** `xml_bakiye.php`: a plain string, no XML, as on the provider's page. */
export function balanceText(numeric: number, alphanumeric: number): string {
  return `numerik(${numeric})\nalphanumeric(${alphanumeric})`;
}
