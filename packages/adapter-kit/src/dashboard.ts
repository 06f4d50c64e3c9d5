// What a platform adds to the shop owner's dashboard: its stores, how to connect one, its settings and
// its lines in a message's timeline. Data, not HTML: the dashboard draws every page (one look, one set of
// accessibility and translation rules), so the dashboard's core names no platform.

/** Text shown to the shop owner: one string for both languages, or one per language. */
export type DashboardText = string | { tr: string; en: string };

interface FieldBase {
  /** The form field's name (letters, digits, `_`). */
  name: string;
  label: DashboardText;
  help?: DashboardText;
}

/** A form field of a platform's store settings or connection form. */
export type DashboardField =
  | (FieldBase & {
      kind: 'text';
      value: string;
      inputType?: 'text' | 'url' | 'tel' | 'number' | 'email' | 'time';
      required?: boolean;
      maxLength?: number;
      placeholder?: string;
    })
  | (FieldBase & { kind: 'list'; value: string[]; placeholder?: string })
  | (FieldBase & { kind: 'checkbox'; value: boolean })
  | (FieldBase & { kind: 'select'; value: string; options: ReadonlyArray<{ value: string; label: DashboardText }> })
  | (FieldBase & {
      kind: 'rows';
      value: Array<Record<string, string | boolean>>;
      columns: ReadonlyArray<{
        name: string;
        label: DashboardText;
        kind: 'text' | 'checkbox' | 'select';
        options?: ReadonlyArray<{ value: string; label: DashboardText }>;
      }>;
    });

/** A submitted field: text and select → string, list → lines, checkbox → boolean, rows → one record per row. */
export type DashboardValue = string | string[] | boolean | Array<Record<string, string | boolean>>;

/** A store as the dashboard lists it. */
export interface DashboardStore {
  /** The store id the engine knows it by (`store.id` of its events). */
  id: string;
  name: string;
  url?: string;
  /** Its connection's health, e.g. the webhook registration: ok, or what is wrong. */
  status?: { ok: boolean; text: DashboardText };
}

/** Refusals of a form, by field name (`''` for the form as a whole). */
export type DashboardErrors = Record<string, DashboardText>;

export interface DashboardPanel {
  /** The platform of its stores' events (`woocommerce`); unique among panels. */
  platform: string;
  title: DashboardText;
  stores(): Promise<DashboardStore[]>;
  /** Connecting a new store: the fields asked, then `start` with what was entered. */
  connect?: {
    fields: DashboardField[];
    button: DashboardText;
    help?: DashboardText;
    /**
     * Where to send the shop owner (the platform's approval page), or why not. `returnUrl` is the
     * dashboard's page the platform sends them back to; the platform may add its own query parameters.
     */
    start(values: Record<string, DashboardValue>, context: { returnUrl: string }): Promise<{ redirect: string } | { errors: DashboardErrors }>;
    /** What happened, from the query the platform sent the shop owner back with. */
    result(query: Record<string, string>): Promise<{ ok: boolean; storeId?: string; text: DashboardText }>;
  };
  /** The store's platform settings, or undefined when the store is not one of this platform's. */
  settings(storeId: string): Promise<DashboardField[] | undefined>;
  /** Save them; refusals by field name, nothing saved then. */
  saveSettings(storeId: string, values: Record<string, DashboardValue>): Promise<{ errors?: DashboardErrors; text?: DashboardText }>;
  /** Lines the platform adds to a message's timeline (e.g. the order note written back). */
  timeline?(message: { id: string; storeId: string; orderId: string | null }): Promise<Array<{ at: number; text: DashboardText }>>;
}
