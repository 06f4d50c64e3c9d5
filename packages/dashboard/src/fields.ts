// Forms described as data (the adapter kit's DashboardField): one partial draws them (views/partials/
// field.hbs), one reader turns a submitted form back into values. The engine's own store settings use
// the same description, so every form of the dashboard looks and behaves alike.
import type { DashboardErrors, DashboardField, DashboardText, DashboardValue } from '@esemes/adapter-kit';
import { textOf, type Language } from './i18n.js';

/** Most rows a `rows` field takes (a status mapping has about a dozen). */
export const MAX_ROWS = 50;
/** Longest value of one submitted text field. */
export const MAX_FIELD_LENGTH = 2_000;
const FIELD_NAME = /^[A-Za-z0-9_]{1,60}$/;

/** The field as the partial draws it: texts in the page's language, its error, row inputs numbered. */
export interface FieldView {
  kind: DashboardField['kind'];
  name: string;
  id: string;
  label: string;
  help: string;
  error: string;
  [key: string]: unknown;
}

/** Throws a TypeError for a field a panel described wrongly (a programming error, caught in tests). */
export function checkFields(fields: readonly DashboardField[], where: string): void {
  const seen = new Set<string>();
  for (const field of fields) {
    if (!FIELD_NAME.test(field.name)) throw new TypeError(`${where}: field name ${JSON.stringify(field.name)} must be 1–60 letters, digits or _`);
    if (seen.has(field.name)) throw new TypeError(`${where}: two fields are named ${field.name}`);
    seen.add(field.name);
  }
}

export function fieldViews(fields: readonly DashboardField[], language: Language, errors: DashboardErrors = {}, idPrefix = 'f'): FieldView[] {
  return fields.map((field) => {
    const base = {
      kind: field.kind,
      name: field.name,
      id: `${idPrefix}-${field.name}`,
      label: textOf(field.label, language),
      help: textOf(field.help, language),
      error: textOf(errors[field.name], language),
    };
    switch (field.kind) {
      case 'text':
        return {
          ...base,
          value: field.value,
          inputType: field.inputType ?? 'text',
          required: field.required === true,
          maxLength: field.maxLength,
          placeholder: field.placeholder,
        };
      case 'list':
        return { ...base, value: field.value.join('\n'), placeholder: field.placeholder };
      case 'checkbox':
        return { ...base, checked: field.value };
      case 'select':
        return {
          ...base,
          options: field.options.map((option) => ({ value: option.value, label: textOf(option.label, language), selected: option.value === field.value })),
        };
      case 'rows': {
        // One empty row at the end: where a new row is typed.
        const rows = [...field.value, {}].map((row, index) => ({
          index,
          cells: field.columns.map((column) => {
            const raw = row[column.name];
            return {
              kind: column.kind,
              name: `${field.name}.${index}.${column.name}`,
              label: textOf(column.label, language),
              value: typeof raw === 'string' ? raw : '',
              checked: raw === true,
              options: (column.options ?? []).map((option) => ({ value: option.value, label: textOf(option.label, language), selected: option.value === raw })),
            };
          }),
        }));
        return { ...base, columns: field.columns.map((column) => ({ label: textOf(column.label, language) })), rows };
      }
    }
  });
}

/** A submitted value: the last one when a name was sent twice, always text. */
function single(body: Record<string, unknown>, name: string): string | undefined {
  const raw = body[name];
  const value = Array.isArray(raw) ? raw[raw.length - 1] : raw;
  return typeof value === 'string' ? value.slice(0, MAX_FIELD_LENGTH) : undefined;
}

/**
 * The submitted values of `fields` from a form body: text and select → trimmed string; list → non-empty
 * lines; checkbox → whether it was sent; rows → the rows with any text filled in (at most MAX_ROWS).
 * Names not among the fields are ignored.
 */
export function readFields(fields: readonly DashboardField[], body: Record<string, unknown>): Record<string, DashboardValue> {
  const values: Record<string, DashboardValue> = {};
  for (const field of fields) {
    switch (field.kind) {
      case 'text':
      case 'select':
        values[field.name] = (single(body, field.name) ?? '').trim();
        break;
      case 'list':
        values[field.name] = (single(body, field.name) ?? '')
          .split(/\r?\n|,/)
          .map((line) => line.trim())
          .filter((line) => line !== '');
        break;
      case 'checkbox':
        values[field.name] = single(body, field.name) !== undefined;
        break;
      case 'rows': {
        const rows: Array<Record<string, string | boolean>> = [];
        for (let index = 0; index <= MAX_ROWS; index++) {
          const row: Record<string, string | boolean> = {};
          let filled = false;
          for (const column of field.columns) {
            const value = single(body, `${field.name}.${index}.${column.name}`);
            if (column.kind === 'checkbox') row[column.name] = value !== undefined;
            else {
              row[column.name] = (value ?? '').trim();
              if (row[column.name] !== '' && column.kind === 'text') filled = true;
            }
          }
          if (filled) rows.push(row);
        }
        values[field.name] = rows.slice(0, MAX_ROWS);
        break;
      }
    }
  }
  return values;
}

/** A text for the form as a whole (`''` of the errors), or undefined. */
export function formError(errors: DashboardErrors | undefined, language: Language): string | undefined {
  const text: DashboardText | undefined = errors?.[''];
  return text === undefined ? undefined : textOf(text, language);
}
