import { describe, expect, it } from "vitest";
import { decodeSubscriptionRef, encodeSubscriptionRef } from "../../../src/subscriptions/subscription-ref.js";

describe("subscription reference (Unsubscribe and Mute buttons)", () => {
  it("round-trips a subscription id as compact JSON", () => {
    expect(encodeSubscriptionRef(42)).toBe('{"v":1,"id":42}');
    expect(decodeSubscriptionRef(encodeSubscriptionRef(42))).toBe(42);
  });

  it.each([
    undefined,
    42,
    "",
    "not json",
    '{"v":2,"id":42}',
    '{"v":1,"id":0}',
    '{"v":1,"id":-1}',
    '{"v":1,"id":1.5}',
    '{"v":1,"id":"42"}',
    '{"v":1,"id":42,"extra":true}',
    `{"v":1,"id":${"9".repeat(200)}}`,
  ])("refuses %j", (value) => {
    expect(decodeSubscriptionRef(value)).toBeNull();
  });
});
