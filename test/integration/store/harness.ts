/**
 * Shared set-up for the store suite: which backends run, a fresh database per test, and small builders
 * for inputs. Time is explicit: every call gets an instant derived from T0.
 */
import { afterEach, beforeEach } from "vitest";
import { openStore } from "../../../src/alerts/store/open-store.js";
import type {
  AlertStore,
  NewSubscription,
  SubscriptionKey,
  WatchKey,
} from "../../../src/alerts/store/types.js";
import {
  createTestDatabase,
  postgresAvailable,
  type TestBackend,
  type TestDatabase,
} from "../../helpers/databases.js";

export const T0 = new Date("2025-03-01T12:00:00.000Z");
export const SECOND = 1_000;
export const MINUTE = 60 * SECOND;
export const at = (offsetMs: number): Date => new Date(T0.getTime() + offsetMs);

export async function backendsUnderTest(): Promise<{ backend: TestBackend; enabled: boolean }[]> {
  return [
    { backend: "sqlite", enabled: true },
    { backend: "postgres", enabled: await postgresAvailable() },
  ];
}

export function subscription(overrides: Partial<NewSubscription> = {}): NewSubscription {
  return {
    teamId: "T1",
    channelId: "C1",
    namespace: "ns-main",
    retrieverId: "ret_alpha",
    retrieverName: "Alpha search",
    mention: null,
    createdBy: "U1",
    now: T0,
    ...overrides,
  };
}

/** The key of subscription(): "ret_alpha" in "ns-main", in channel C1 of T1 unless overridden. */
export function subscriptionKey(overrides: Partial<SubscriptionKey> = {}): SubscriptionKey {
  return { teamId: "T1", channelId: "C1", namespace: "ns-main", retrieverId: "ret_alpha", ...overrides };
}

export const watchOf = (namespace: string, retrieverId: string): WatchKey => ({ namespace, retrieverId });

export interface StoreHarness {
  readonly database: TestDatabase;
  /** Opens a store on this test's database; it is closed after the test. */
  open(): Promise<AlertStore>;
}

/** Registers hooks that give each test its own database and close every store it opened. */
export function useTestDatabase(backend: TestBackend): StoreHarness {
  let database: TestDatabase | undefined;
  const opened: AlertStore[] = [];

  beforeEach(async () => {
    database = await createTestDatabase(backend);
  });
  afterEach(async () => {
    await Promise.all(opened.splice(0).map((store) => store.close()));
    await database?.drop();
    database = undefined;
  });

  return {
    get database() {
      if (!database) throw new Error("the test database exists only inside a test");
      return database;
    },
    async open() {
      const { url, schema } = this.database;
      const store = await openStore(url, { schema, poolSize: 4 });
      opened.push(store);
      return store;
    },
  };
}
