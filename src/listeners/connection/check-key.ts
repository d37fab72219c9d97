/**
 * Checks a Mixpeek API key and default namespace with a real call before they are saved: one page of the
 * namespace's retrievers. The answer is a sentence for the modal when Mixpeek says no; the key itself is
 * never in it.
 */
import { createMixpeekClient, type MixpeekClientOptions } from "../../mixpeek/client.js";
import { isMixpeekError } from "../../mixpeek/errors.js";

export interface KeyCheckSettings {
  baseUrl: string;
  mixpeek?: Pick<MixpeekClientOptions, "retry" | "timeouts">;
}

/** null when Mixpeek accepted the key for the namespace; otherwise why not. */
export async function checkMixpeekKey(
  apiKey: string,
  namespace: string,
  settings: KeyCheckSettings,
): Promise<string | null> {
  const client = createMixpeekClient({ baseUrl: settings.baseUrl, apiKey, ...settings.mixpeek });
  try {
    await client.listRetrievers({ namespace, limit: 1 });
    return null;
  } catch (error) {
    if (!isMixpeekError(error)) throw error;
    switch (error.kind) {
      case "auth":
        return "Mixpeek refused this API key (or it cannot read that namespace). Nothing was saved.";
      case "not_found":
        return `Mixpeek has no namespace "${namespace}" for this key. Nothing was saved.`;
      case "invalid_request":
        return `Mixpeek did not accept "${namespace}" as a namespace. Nothing was saved.`;
      default:
        return "Mixpeek did not answer the check (busy or unreachable). Nothing was saved; try again in a minute.";
    }
  } finally {
    await client.close();
  }
}
