// The Admin GraphQL API of one shop, through Shopify's own client (@shopify/admin-api-client) with the
// fetch the adapter was given. Shopify limits apps by query cost (a leaky bucket per shop): a throttled
// answer is waited out for the time the bucket needs to refill for this query, then retried, a bounded
// number of times; every other failure is a typed ShopifyApiError the caller (a queue) classifies.
import { createAdminApiClient } from '@shopify/admin-api-client';

export type ShopifyApiErrorCode = 'auth' | 'throttled' | 'unreachable' | 'graphql' | 'user_errors';

export class ShopifyApiError extends Error {
  override readonly name = 'ShopifyApiError' as const;
  readonly code: ShopifyApiErrorCode;
  /** HTTP status when the request reached Shopify. */
  readonly status: number | undefined;
  constructor(code: ShopifyApiErrorCode, message: string, status?: number) {
    super(message);
    this.code = code;
    this.status = status;
  }
}

export function isShopifyApiError(value: unknown): value is ShopifyApiError {
  return (
    value instanceof ShopifyApiError || (value instanceof Error && value.name === 'ShopifyApiError' && typeof (value as { code?: unknown }).code === 'string')
  );
}

export interface AdminGraphqlOptions {
  shop: string;
  accessToken: string;
  apiVersion: string;
  fetch: typeof globalThis.fetch;
  /** Waits between throttled attempts (injected so tests do not sleep). */
  sleep?: (ms: number) => Promise<void>;
  /** Throttled attempts before giving up (default 5). */
  maxThrottleRetries?: number;
  /** Longest wait for the bucket, ms (default 20,000). */
  maxWaitMs?: number;
}

export interface AdminGraphql {
  /** Runs a named operation; resolves with `data`, throws ShopifyApiError. */
  request<T>(operation: string, variables?: Record<string, unknown>): Promise<T>;
}

interface Cost {
  requestedQueryCost?: number;
  throttleStatus?: { maximumAvailable?: number; currentlyAvailable?: number; restoreRate?: number };
}

/** How long the bucket needs to hold this query again: what is missing over the restore rate, at least 1 s. */
export function throttleWaitMs(cost: Cost | undefined, maxWaitMs: number): number {
  const requested = cost?.requestedQueryCost ?? 0;
  const available = cost?.throttleStatus?.currentlyAvailable ?? 0;
  const rate = cost?.throttleStatus?.restoreRate ?? 0;
  const seconds = rate > 0 ? Math.max(1, Math.ceil((requested - available) / rate)) : 1;
  return Math.min(seconds * 1000, maxWaitMs);
}

export function createAdminGraphql(options: AdminGraphqlOptions): AdminGraphql {
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const maxThrottleRetries = options.maxThrottleRetries ?? 5;
  const maxWaitMs = options.maxWaitMs ?? 20_000;
  const client = createAdminApiClient({
    storeDomain: options.shop,
    apiVersion: options.apiVersion,
    accessToken: options.accessToken,
    customFetchApi: options.fetch,
    // A 429 or 503 is retried by the client itself (after 1 s), twice.
    retries: 2,
  });
  return {
    async request<T>(operation: string, variables?: Record<string, unknown>): Promise<T> {
      for (let attempt = 0; ; attempt += 1) {
        let answer: Awaited<ReturnType<typeof client.request>>;
        try {
          answer = await client.request(operation, variables === undefined ? {} : { variables });
        } catch (error) {
          throw new ShopifyApiError('unreachable', `Shopify could not be reached: ${error instanceof Error ? error.message.slice(0, 200) : 'network error'}`);
        }
        const { errors } = answer;
        if (!errors) return answer.data as T;
        const status = errors.networkStatusCode;
        if (status === 401 || status === 403)
          throw new ShopifyApiError('auth', `Shopify refused the access token (${status}): the app may have been uninstalled`, status);
        const graphQLErrors = Array.isArray(errors.graphQLErrors) ? (errors.graphQLErrors as Array<{ message?: string; extensions?: { code?: string } }>) : [];
        if (graphQLErrors.some((error) => error.extensions?.code === 'THROTTLED')) {
          if (attempt >= maxThrottleRetries) throw new ShopifyApiError('throttled', `Shopify throttled ${operation} ${attempt + 1} times`, status);
          await sleep(throttleWaitMs((answer.extensions as { cost?: Cost } | undefined)?.cost, maxWaitMs));
          continue;
        }
        if (status !== undefined && status >= 500) throw new ShopifyApiError('unreachable', `Shopify answered ${status} to ${operation}`, status);
        const message =
          graphQLErrors
            .map((error) => error.message ?? '')
            .filter((text) => text !== '')
            .join('; ') ||
          errors.message ||
          'unknown error';
        throw new ShopifyApiError('graphql', `${operation}: ${message.slice(0, 300)}`, status);
      }
    },
  };
}

/** The mutation's `userErrors`, as one ShopifyApiError. */
export function throwUserErrors(operation: string, userErrors: ReadonlyArray<{ field?: string[] | null; message: string }> | undefined): void {
  if (!userErrors || userErrors.length === 0) return;
  throw new ShopifyApiError(
    'user_errors',
    `${operation}: ${userErrors
      .map((error) => `${(error.field ?? []).join('.') || 'input'}: ${error.message}`)
      .join('; ')
      .slice(0, 300)}`,
  );
}
