/**
 * The fixed cast of the simulated world: which namespaces and retrievers exist and what their runs
 * look like. Query snippets deliberately include text Slack mrkdwn must escape (`<`, `&`, `*`, `_`,
 * `~`, backticks, `<!channel>`), nulls and very long strings, because that is what breaks renderers.
 */
import type { StageProfile } from "./types.js";

export interface RetrieverSpec {
  name: string;
  /** How many runs to seed; [0, 0] keeps a retriever empty. */
  executions: readonly [number, number];
  failureRate: number;
  /** Statuses of the newest runs, still in flight (e.g. "running", "pending"). */
  inFlight: readonly string[];
  stages: readonly StageProfile[];
  collections: readonly string[];
  tags: readonly string[];
  maxCredits: number | null;
  queries: ReadonlyArray<string | null>;
  failureMessages: readonly string[];
}

export interface NamespaceSpec {
  id: string;
  name: string;
  retrievers: readonly RetrieverSpec[];
}

const LONG_QUERY =
  "customer wrote: I ordered the trail runners in size 10 last week & they arrived in size 9, " +
  "the box said *final sale* but the product page did not, I'd like an exchange for the right size " +
  "or a refund to my original card <order #48213>, and please tell me whether the return label is " +
  "prepaid because the last time I returned something the label cost me $7.99 which ate most of " +
  "the refund; also is there a way to get notified when the_green_colourway is back in stock?";

const COMMON_FAILURES = [
  "Upstream embedding service timed out after 30000 ms",
  "LLM provider returned 429: rate limit exceeded for model gpt-4o-mini",
  "Budget exceeded: max_credits reached before the stage finished",
  "Invalid filter expression: unexpected token '<' at position 14",
  "Feature store unavailable (connection reset by peer)",
] as const;

const searchStages: readonly StageProfile[] = [
  { name: "semantic_search", type: "filter", baseMs: 120, keep: 0.08, llm: false },
  { name: "attribute_filter", type: "filter", baseMs: 25, keep: 0.6, llm: false },
  { name: "rerank", type: "sort", baseMs: 180, keep: 1, llm: false },
  { name: "top_k", type: "reduce", baseMs: 4, keep: 0.25, llm: false },
];

export const NAMESPACE_SPECS: readonly NamespaceSpec[] = [
  {
    id: "ns_demo",
    name: "demo",
    retrievers: [
      {
        name: "product-search",
        executions: [110, 120],
        failureRate: 0.12,
        inFlight: ["running"],
        stages: searchStages,
        collections: ["col_products", "col_product_images"],
        tags: ["ecommerce", "search"],
        maxCredits: 25,
        queries: [
          "red running shoes size 10",
          "waterproof hiking boots under $150 & free shipping",
          "*vintage* leather jacket",
          "kids' rain boots <blue>",
          null,
          "gift ideas for dad who likes _fishing_ and ~camping~",
          LONG_QUERY,
          "noise-cancelling headphones",
          "`SELECT * FROM products`",
          "<!channel> flash sale items",
          "linen shirts",
        ],
        failureMessages: COMMON_FAILURES,
      },
      {
        name: "video-moments",
        executions: [55, 70],
        failureRate: 0.15,
        inFlight: ["processing", "running"],
        stages: [
          { name: "scene_search", type: "filter", baseMs: 420, keep: 0.05, llm: false },
          { name: "transcript_match", type: "filter", baseMs: 160, keep: 0.5, llm: false },
          { name: "moment_summary", type: "apply", baseMs: 900, keep: 1, llm: true },
        ],
        collections: ["col_broadcasts"],
        tags: ["video", "media"],
        maxCredits: 50,
        queries: [
          "goal celebrations in the second half",
          "scenes with a red car & a dog",
          'speaker says "quarterly results" *twice*',
          null,
          "logo visible > 3 seconds",
          "interview clips <= 30s with captions",
        ],
        failureMessages: [
          ...COMMON_FAILURES,
          "Video decoder failed on segment 17 (codec hevc not supported)",
        ],
      },
      {
        name: "support-faq",
        executions: [75, 90],
        failureRate: 0.08,
        inFlight: [],
        stages: [
          { name: "faq_lookup", type: "filter", baseMs: 60, keep: 0.1, llm: false },
          { name: "answer_draft", type: "apply", baseMs: 1400, keep: 1, llm: true },
        ],
        collections: ["col_help_center"],
        tags: ["support"],
        maxCredits: 10,
        queries: [
          "how do I reset my password?",
          "refund policy for orders > 30 days",
          "error 500 when uploading <file.pdf>",
          "cancel subscription & get refund",
          null,
          "where is my order #1234?",
          LONG_QUERY,
        ],
        failureMessages: COMMON_FAILURES,
      },
      {
        name: "brand-safety",
        executions: [35, 45],
        failureRate: 0.3,
        inFlight: ["running"],
        stages: [
          { name: "frame_sampler", type: "apply", baseMs: 300, keep: 1, llm: false },
          { name: "unsafe_content_classifier", type: "enrich", baseMs: 650, keep: 1, llm: true },
          { name: "risk_threshold", type: "filter", baseMs: 8, keep: 0.15, llm: false },
        ],
        collections: ["col_ad_creatives"],
        tags: ["moderation"],
        maxCredits: 40,
        queries: [
          "flag violence | weapons | gore",
          "check logo placement near *adult* content",
          null,
          "<@U024BE7LH> review",
        ],
        failureMessages: [
          ...COMMON_FAILURES,
          "Classifier model 'safety-v3' is not deployed in region eu-west-1",
        ],
      },
      {
        name: "image-dedupe",
        executions: [0, 0],
        failureRate: 0,
        inFlight: [],
        stages: [{ name: "near_duplicate_search", type: "filter", baseMs: 90, keep: 0.02, llm: false }],
        collections: ["col_uploads"],
        tags: ["images"],
        maxCredits: null,
        queries: [null],
        failureMessages: COMMON_FAILURES,
      },
    ],
  },
  {
    id: "ns_staging",
    name: "staging",
    retrievers: [
      {
        name: "product-search",
        executions: [30, 40],
        failureRate: 0.2,
        inFlight: [],
        stages: searchStages,
        collections: ["col_products_staging"],
        tags: ["ecommerce", "search", "staging"],
        maxCredits: 5,
        queries: ["test query", "red running shoes", null, "qa: émojis 🚀 & ünïcode"],
        failureMessages: COMMON_FAILURES,
      },
      {
        name: "catalog-enrichment",
        executions: [45, 55],
        failureRate: 0.1,
        inFlight: ["pending"],
        stages: [
          { name: "fetch_products", type: "filter", baseMs: 40, keep: 0.4, llm: false },
          { name: "attribute_extraction", type: "enrich", baseMs: 1100, keep: 1, llm: true },
        ],
        collections: ["col_catalog"],
        tags: ["enrichment"],
        maxCredits: 100,
        queries: ["enrich: material, colour, fit", null, "backfill <missing> sizes & weights"],
        failureMessages: COMMON_FAILURES,
      },
      {
        name: "contract-clause-extraction-with-citations-for-legal-review-v2",
        executions: [30, 35],
        failureRate: 0.1,
        inFlight: [],
        stages: [
          { name: "clause_search", type: "filter", baseMs: 210, keep: 0.1, llm: false },
          { name: "citation_check", type: "apply", baseMs: 800, keep: 0.9, llm: true },
        ],
        collections: ["col_contracts"],
        tags: ["legal"],
        maxCredits: 60,
        queries: ["indemnification clauses & liability caps", "termination for convenience", null],
        failureMessages: COMMON_FAILURES,
      },
    ],
  },
];

/** Stage behaviour for retrievers added at run time without a profile. */
export const DEFAULT_STAGES: readonly StageProfile[] = [
  { name: "search", type: "filter", baseMs: 100, keep: 0.1, llm: false },
  { name: "rerank", type: "sort", baseMs: 150, keep: 1, llm: false },
];
