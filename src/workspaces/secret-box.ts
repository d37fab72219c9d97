/**
 * Secrets at rest (bot tokens, refresh tokens, Mixpeek keys): AES-256-GCM with ENCRYPTION_KEY. Several
 * keys may be given for rotation: the first encrypts, every one of them decrypts, so a deployment adds a
 * new key in front, restarts, and drops the old one once nothing it sealed is left.
 *
 * A sealed value names its key by a short fingerprint (not the key), and is bound to what it is for
 * (`context`, e.g. the workspace and the kind of secret) as GCM's additional data: a value copied into
 * another workspace's row does not open there.
 */
import { createCipheriv, createDecipheriv, createHash, randomBytes } from "node:crypto";

const VERSION = "v1";
const IV_BYTES = 12;
const TAG_BYTES = 16;

export class SecretBoxError extends Error {
  override readonly name = "SecretBoxError";
}

interface Key {
  id: string;
  bytes: Buffer;
}

export class SecretBox {
  private readonly keys: readonly Key[];

  constructor(keys: readonly Buffer[]) {
    if (keys.length === 0) throw new SecretBoxError("at least one encryption key is needed");
    this.keys = keys.map((bytes) => {
      if (bytes.length !== 32) throw new SecretBoxError("an encryption key must be 32 bytes");
      return { id: fingerprint(bytes), bytes };
    });
  }

  /** Encrypts with the first key. */
  seal(plain: string, context: string): string {
    const key = this.keys[0] as Key;
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv("aes-256-gcm", key.bytes, iv);
    cipher.setAAD(Buffer.from(context, "utf8"));
    const body = Buffer.concat([cipher.update(plain, "utf8"), cipher.final()]);
    const parts = [iv, body, cipher.getAuthTag()].map((part) => part.toString("base64url"));
    return [VERSION, key.id, ...parts].join(".");
  }

  /** Decrypts with whichever configured key sealed it; throws SecretBoxError when none can. */
  open(sealed: string, context: string): string {
    const [version, keyId, iv, body, tag] = sealed.split(".");
    if (version !== VERSION || !keyId || iv === undefined || body === undefined || tag === undefined) {
      throw new SecretBoxError("not a sealed value");
    }
    const key = this.keys.find((candidate) => candidate.id === keyId);
    if (!key) throw new SecretBoxError("sealed with a key that ENCRYPTION_KEY no longer holds");
    try {
      const decipher = createDecipheriv("aes-256-gcm", key.bytes, Buffer.from(iv, "base64url"), {
        authTagLength: TAG_BYTES,
      });
      decipher.setAAD(Buffer.from(context, "utf8"));
      decipher.setAuthTag(Buffer.from(tag, "base64url"));
      return Buffer.concat([decipher.update(Buffer.from(body, "base64url")), decipher.final()]).toString(
        "utf8",
      );
    } catch {
      throw new SecretBoxError("a sealed value did not decrypt (tampered with, or another row's)");
    }
  }
}

/** ENCRYPTION_KEY: comma-separated base64 keys of 32 bytes each; a sentence naming the problem otherwise. */
export function parseEncryptionKeys(text: string): Buffer[] | { problem: string } {
  const items = text
    .split(",")
    .map((item) => item.trim())
    .filter((item) => item !== "");
  if (items.length === 0) return { problem: "needs at least one key" };
  const keys: Buffer[] = [];
  for (const [index, item] of items.entries()) {
    const bytes = /^[A-Za-z0-9+/_-]+={0,2}$/.test(item) ? Buffer.from(item, "base64") : Buffer.alloc(0);
    if (bytes.length !== 32) {
      return { problem: `key ${index + 1} is not 32 bytes of base64 (openssl rand -base64 32 makes one)` };
    }
    keys.push(bytes);
  }
  return keys;
}

function fingerprint(key: Buffer): string {
  return createHash("sha256").update("executions-bot key id").update(key).digest("base64url").slice(0, 8);
}
