import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { parseEncryptionKeys, SecretBox, SecretBoxError } from "../../../src/workspaces/secret-box.js";

const key = () => randomBytes(32);

describe("SecretBox", () => {
  it("seals so the secret is nowhere in the sealed text, and opens it again", () => {
    const box = new SecretBox([key()]);
    const secret = "xoxb-1234-secret-token";
    const sealed = box.seal(secret, "installation:T1");
    expect(sealed).not.toContain(secret);
    expect(sealed).not.toContain(Buffer.from(secret).toString("base64"));
    expect(box.open(sealed, "installation:T1")).toBe(secret);
    // Random IVs: the same secret never seals to the same text twice.
    expect(box.seal(secret, "installation:T1")).not.toBe(sealed);
  });

  it("opens values sealed by an older key after rotation, and seals with the new one", () => {
    const oldKey = key();
    const newKey = key();
    const sealedBefore = new SecretBox([oldKey]).seal("sk_old", "mixpeek:T1");
    const rotated = new SecretBox([newKey, oldKey]);
    expect(rotated.open(sealedBefore, "mixpeek:T1")).toBe("sk_old");
    const sealedAfter = rotated.seal("sk_new", "mixpeek:T1");
    expect(new SecretBox([newKey]).open(sealedAfter, "mixpeek:T1")).toBe("sk_new");
    expect(() => new SecretBox([newKey]).open(sealedBefore, "mixpeek:T1")).toThrow(SecretBoxError);
  });

  it("refuses a value moved to another row, tampered with, or not sealed at all", () => {
    const box = new SecretBox([key()]);
    const sealed = box.seal("sk_a", "mixpeek:TA");
    expect(() => box.open(sealed, "mixpeek:TB")).toThrow(SecretBoxError);
    const parts = sealed.split(".");
    const body = Buffer.from(parts[3]!, "base64url");
    body[0] = (body[0] ?? 0) ^ 1;
    parts[3] = body.toString("base64url");
    expect(() => box.open(parts.join("."), "mixpeek:TA")).toThrow(SecretBoxError);
    expect(() => box.open("sk_a", "mixpeek:TA")).toThrow(SecretBoxError);
  });
});

describe("parseEncryptionKeys", () => {
  it("reads comma-separated base64 keys of 32 bytes", () => {
    const [a, b] = [key(), key()];
    const parsed = parseEncryptionKeys(` ${a.toString("base64")} , ${b.toString("base64")}`);
    expect(parsed).toEqual([a, b]);
  });

  it("names the key that is not 32 bytes, never its value", () => {
    const good = key().toString("base64");
    const parsed = parseEncryptionKeys(`${good},c2hvcnQ=`);
    expect(parsed).toEqual({ problem: expect.stringContaining("key 2 is not 32 bytes") });
    expect(JSON.stringify(parsed)).not.toContain("c2hvcnQ");
    expect(parseEncryptionKeys(" , ")).toEqual({ problem: "needs at least one key" });
    expect(parseEncryptionKeys("not base64 at all!")).toMatchObject({ problem: expect.any(String) });
  });
});
