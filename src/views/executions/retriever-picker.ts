/**
 * `/executions` with no retriever opens this modal: pick a retriever (searched in Mixpeek as the person
 * types, through an external select), a status and a page size, then "Show". The namespace rides in
 * `private_metadata`, so the options listener searches the right one and the submission lists it.
 */
import type { types } from "@slack/bolt";
import * as z from "zod";
import { isAcceptableName } from "../../executions/names.js";
import {
  MAX_PAGE_SIZE,
  MIN_PAGE_SIZE,
  type PageQuery,
  STATUS_FILTER_LABELS,
  STATUS_FILTERS,
} from "../../executions/types.js";
import type { Retriever } from "../../mixpeek/schemas.js";
import { type KnownBlock, type PlainTextOption, plainText } from "../shared/blocks.js";
import { oneLine, truncatePlain } from "../shared/mrkdwn.js";
import { namespaceChoice, retrieverBlockId } from "../shared/namespace-choice.js";
import { SLACK_LIMITS } from "../shared/slack-limits.js";

export type ModalView = types.ModalView;

export const PICKER_CALLBACK_ID = "executions_picker";
/** The external select's action_id: the options listener answers `app.options(RETRIEVER_SEARCH_ACTION_ID, …)`. */
export const RETRIEVER_SEARCH_ACTION_ID = "retriever_search";
export const PICKER_BLOCK_IDS = {
  retriever: "picker_retriever",
  status: "picker_status",
  pageSize: "picker_page_size",
} as const;
const STATUS_ACTION_ID = "picker_status";
const PAGE_SIZE_ACTION_ID = "picker_page_size";

const PAGE_SIZES = [5, 10, 20];
const PICKER_METADATA_VERSION = 1;

export interface PickerOptions {
  namespace: string;
  /** The page size picked at first; the configured default. */
  pageSize: number;
  /**
   * The slash command's response_url: a view submission has none of its own, so the list the person
   * asks for is delivered through the command's (valid 30 minutes, 5 posts).
   */
  responseUrl?: string;
  /** MIXPEEK_NAMESPACES: more than one offers a namespace choice. */
  namespaces?: readonly string[] | "any";
  /** Set when the person chose the namespace in the modal (it then has a retriever select of its own). */
  chosen?: boolean;
}

function clampPageSize(size: number): number {
  if (!Number.isInteger(size)) return PAGE_SIZES[1] ?? MIN_PAGE_SIZE;
  return Math.min(MAX_PAGE_SIZE, Math.max(MIN_PAGE_SIZE, size));
}

function option(text: string, value: string): PlainTextOption {
  return { text: plainText(text), value };
}

function staticSelect(
  blockId: string,
  actionId: string,
  label: string,
  options: PlainTextOption[],
  initial: string,
): KnownBlock {
  return {
    type: "input",
    block_id: blockId,
    label: plainText(label),
    element: {
      type: "static_select",
      action_id: actionId,
      options,
      initial_option: options.find((o) => o.value === initial),
    },
  };
}

/**
 * The "Retriever" input of the picker and of the subscribe modal: a search over the namespace's
 * retrievers, answered by the options listener. Its block id names the namespace once one was chosen,
 * so Slack drops the choice made in another namespace.
 */
export function retrieverSearchInput(blockIdBase: string, chosenNamespace: string | undefined): KnownBlock {
  return {
    type: "input",
    block_id: retrieverBlockId(blockIdBase, chosenNamespace),
    label: plainText("Retriever"),
    element: {
      type: "external_select",
      action_id: RETRIEVER_SEARCH_ACTION_ID,
      placeholder: plainText("Search retrievers by name"),
      min_query_length: 0,
    },
  };
}

export function renderRetrieverPicker(options: PickerOptions): ModalView {
  const pageSize = clampPageSize(options.pageSize);
  // A configured default outside 5/10/20 is still offered, so the initial option is one of the options.
  const sizes = [...new Set([...PAGE_SIZES, pageSize])].sort((a, b) => a - b);
  const view: ModalView = {
    type: "modal",
    callback_id: PICKER_CALLBACK_ID,
    title: plainText("Executions"),
    submit: plainText("Show"),
    close: plainText("Cancel"),
    blocks: [
      retrieverSearchInput(PICKER_BLOCK_IDS.retriever, options.chosen ? options.namespace : undefined),
      staticSelect(
        PICKER_BLOCK_IDS.status,
        STATUS_ACTION_ID,
        "Status",
        STATUS_FILTERS.map((status) => option(STATUS_FILTER_LABELS[status], status)),
        "all",
      ),
      staticSelect(
        PICKER_BLOCK_IDS.pageSize,
        PAGE_SIZE_ACTION_ID,
        "Executions per page",
        sizes.map((size) => option(String(size), String(size))),
        String(pageSize),
      ),
      namespaceChoice(options.namespace, options.namespaces ?? [options.namespace]),
    ],
  };
  const metadata = encodePickerMetadata(options);
  if (metadata !== undefined) view.private_metadata = metadata;
  return view;
}

/**
 * What a modal that searches retrievers carries in `private_metadata`: the namespace it searches (the
 * options listener reads it), whether the person chose it, and where to answer (the picker).
 */
export function encodePickerMetadata(options: {
  namespace: string;
  responseUrl?: string | undefined;
  chosen?: boolean | undefined;
}): string | undefined {
  if (!isAcceptableName(options.namespace)) return undefined;
  const metadata: PickerMetadata = { v: PICKER_METADATA_VERSION, n: options.namespace };
  if (options.responseUrl && options.responseUrl.length <= MAX_RESPONSE_URL_LENGTH)
    metadata.u = options.responseUrl;
  if (options.chosen) metadata.c = 1;
  return JSON.stringify(metadata);
}

const MAX_RESPONSE_URL_LENGTH = 1000;

const PickerMetadataSchema = z.strictObject({
  v: z.literal(PICKER_METADATA_VERSION),
  n: z.string().refine(isAcceptableName),
  u: z
    .url({ protocol: /^https?$/ })
    .max(MAX_RESPONSE_URL_LENGTH)
    .optional(),
  c: z.literal(1).optional(),
});
type PickerMetadata = z.infer<typeof PickerMetadataSchema>;

/** What the picker was opened for, or null when the metadata is missing or altered. */
export function decodePickerMetadata(
  privateMetadata: unknown,
): { namespace: string; responseUrl?: string; chosen?: boolean } | null {
  if (typeof privateMetadata !== "string" || privateMetadata.length > SLACK_LIMITS.privateMetadata)
    return null;
  try {
    const parsed = PickerMetadataSchema.safeParse(JSON.parse(privateMetadata));
    if (!parsed.success) return null;
    return {
      namespace: parsed.data.n,
      ...(parsed.data.u ? { responseUrl: parsed.data.u } : {}),
      ...(parsed.data.c ? { chosen: true } : {}),
    };
  } catch {
    return null;
  }
}

/** The namespace the picker was opened for, or null when the metadata is missing or altered. */
export function decodePickerNamespace(privateMetadata: unknown): string | null {
  return decodePickerMetadata(privateMetadata)?.namespace ?? null;
}

/**
 * The options for the external select: a retriever's id when it has one (names may change, ids do
 * not), its name otherwise. Retrievers whose value would not fit an option, or not pass as a name on
 * submission, are left out rather than offered and refused.
 */
export function renderRetrieverOptions(retrievers: readonly Retriever[]): { options: PlainTextOption[] } {
  const options: PlainTextOption[] = [];
  const seen = new Set<string>();
  for (const retriever of retrievers) {
    if (options.length >= SLACK_LIMITS.selectOptions) break;
    const value = retriever.retriever_id ?? retriever.retriever_name;
    if (value.length > SLACK_LIMITS.optionValue || !isAcceptableName(value) || seen.has(value)) continue;
    seen.add(value);
    const name = oneLine(retriever.retriever_name);
    options.push(option(truncatePlain(name === "" ? value : name, SLACK_LIMITS.optionText), value));
  }
  return { options };
}

export type PickerSubmission = PageQuery | { errors: Record<string, string> };

const SelectedSchema = z.looseObject({
  selected_option: z.looseObject({ value: z.string() }).nullish(),
});
const StateValuesSchema = z.record(z.string(), z.record(z.string(), z.unknown()));

function selectedValue(values: Record<string, Record<string, unknown>>, blockId: string, actionId: string) {
  const parsed = SelectedSchema.safeParse(values[blockId]?.[actionId]);
  return parsed.success ? parsed.data.selected_option?.value : undefined;
}

const RetrieverValueSchema = z.string().refine(isAcceptableName);
const StatusValueSchema = z.enum(STATUS_FILTERS);
const PageSizeValueSchema = z
  .string()
  .regex(/^\d{1,2}$/)
  .transform(Number)
  .pipe(z.number().int().min(MIN_PAGE_SIZE).max(MAX_PAGE_SIZE));

/**
 * What the person asked for in the picker (`view.state.values`), as the first page to show, or the
 * errors to answer with `ack({ response_action: "errors", errors })`. A missing status or page size
 * falls back to the defaults; a value the modal never offered is refused.
 */
export function readPickerSubmission(stateValues: unknown, defaults: PickerOptions): PickerSubmission {
  const retrieverBlock = retrieverBlockId(
    PICKER_BLOCK_IDS.retriever,
    defaults.chosen ? defaults.namespace : undefined,
  );
  const values = StateValuesSchema.safeParse(stateValues);
  const state = values.success ? values.data : {};
  const errors: Record<string, string> = {};

  const retriever = RetrieverValueSchema.safeParse(
    selectedValue(state, retrieverBlock, RETRIEVER_SEARCH_ACTION_ID),
  );
  if (!retriever.success) errors[retrieverBlock] = "Pick a retriever from the list.";

  const rawStatus = selectedValue(state, PICKER_BLOCK_IDS.status, STATUS_ACTION_ID);
  const status = StatusValueSchema.safeParse(rawStatus ?? "all");
  if (!status.success) errors[PICKER_BLOCK_IDS.status] = "Pick one of the statuses in the list.";

  const rawSize = selectedValue(state, PICKER_BLOCK_IDS.pageSize, PAGE_SIZE_ACTION_ID);
  const pageSize = PageSizeValueSchema.safeParse(rawSize ?? String(clampPageSize(defaults.pageSize)));
  if (!pageSize.success) {
    errors[PICKER_BLOCK_IDS.pageSize] = `Pick a page size from ${MIN_PAGE_SIZE} to ${MAX_PAGE_SIZE}.`;
  }

  if (!retriever.success || !status.success || !pageSize.success) return { errors };
  return {
    namespace: defaults.namespace,
    retriever: retriever.data,
    status: status.data,
    offset: 0,
    limit: pageSize.data,
  };
}
