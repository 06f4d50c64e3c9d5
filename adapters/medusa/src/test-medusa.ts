// A fake of the parts of Medusa's container the runtime uses (awilix-style registrations, query.graph,
// the order module, a logger), for unit tests: the engine behind it is the real one, on SQLite, with
// the in-process sandbox delivering every message.
import { vi } from 'vitest';
import type { MedusaOrder } from './order-events.js';
import type { MedusaContainerLike, OrderModuleLike, QueryLike } from './runtime.js';

/** An order as query.graph returns it with ORDER_FIELDS. */
export const ORDER: MedusaOrder = {
  id: 'order_01J',
  display_id: 1042,
  currency_code: 'try',
  total: { value: '1249.900000001', numeric: 1249.9 },
  locale: 'en-US',
  items: [{ title: 'M', product_title: 'Keten Gömlek', quantity: 2, total: 999.8 }, null],
  shipping_address: { phone: '0532 111 22 33', first_name: 'Şule' },
  billing_address: { phone: '+90 532 111 22 33' },
  customer: { id: 'cus_1', phone: '05329998877', first_name: 'Ayşe', last_name: 'Yılmaz' },
  cart: { id: 'cart_9' },
};

export interface FakeMedusa {
  container: MedusaContainerLike;
  /** Rows query.graph answers from, by entity. */
  rows: Record<string, Array<Record<string, unknown>>>;
  orders: OrderModuleLike & { updates: Array<{ id: string; metadata: Record<string, unknown> }> };
  graph: ReturnType<typeof vi.fn>;
  logs: string[];
}

function matches(row: Record<string, unknown>, filters: Record<string, unknown> | undefined): boolean {
  if (filters === undefined) return true;
  for (const [field, wanted] of Object.entries(filters)) {
    const value = row[field];
    if (wanted === null) {
      if (value !== null && value !== undefined) return false;
    } else if (typeof wanted === 'object' && !(wanted instanceof Date) && !Array.isArray(wanted)) {
      const range = wanted as { $lte?: Date; $gte?: Date };
      const ms = value instanceof Date ? value.getTime() : Date.parse(String(value));
      if (range.$lte !== undefined && !(ms <= range.$lte.getTime())) return false;
      if (range.$gte !== undefined && !(ms >= range.$gte.getTime())) return false;
    } else if (Array.isArray(wanted) ? !wanted.includes(value) : value !== wanted) return false;
  }
  return true;
}

export function fakeMedusa(configModule?: unknown): FakeMedusa {
  const registrations = new Map<string, { resolve: (...args: never[]) => unknown }>();
  const rows: FakeMedusa['rows'] = { order: [], fulfillment: [], payment: [], cart: [] };
  const logs: string[] = [];
  const graph = vi.fn(async (input: Parameters<QueryLike['graph']>[0]) => {
    const all = (rows[input.entity] ?? []).filter((row) => matches(row, input.filters));
    const skip = input.pagination?.skip ?? 0;
    return { data: structuredClone(all.slice(skip, skip + (input.pagination?.take ?? all.length))) };
  });
  const updates: Array<{ id: string; metadata: Record<string, unknown> }> = [];
  const orders: FakeMedusa['orders'] = {
    updates,
    async listOrders(filters) {
      return rows['order']!.filter((row) => row['id'] === filters.id).map((row) => ({
        id: String(row['id']),
        metadata: (row['metadata'] as Record<string, unknown>) ?? null,
      }));
    },
    async updateOrders(data) {
      for (const update of data) {
        updates.push(structuredClone(update));
        const row = rows['order']!.find((candidate) => candidate['id'] === update.id);
        if (row) row['metadata'] = update.metadata;
      }
      return [];
    },
  };
  const values: Record<string, unknown> = {
    query: { graph },
    order: orders,
    logger: {
      info: (msg: string) => logs.push(`info ${msg}`),
      warn: (msg: string) => logs.push(`warn ${msg}`),
      error: (msg: string) => logs.push(`error ${msg}`),
    },
    ...(configModule !== undefined ? { configModule } : {}),
  };
  const container: MedusaContainerLike = {
    resolve<T>(key: string): T {
      const registered = registrations.get(key);
      if (registered) return registered.resolve() as T;
      if (key in values) return values[key] as T;
      throw new Error(`AwilixResolutionError: could not resolve '${key}'`);
    },
    hasRegistration: (key) => registrations.has(key) || key in values,
    register(name, resolver) {
      registrations.set(name, resolver);
      return container;
    },
  };
  return { container, rows, orders, graph, logs };
}
