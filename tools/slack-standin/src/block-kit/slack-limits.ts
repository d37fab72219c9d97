/**
 * Block Kit limits Slack enforces, as its Block Kit reference gives them.
 * The stand-in keeps its own table rather than importing the bot's: it plays Slack, and a limit the bot
 * gets wrong must be refused here, not agreed with.
 */
export const SLACK_LIMITS = {
  messageBlocks: 50,
  surfaceBlocks: 100,
  sectionText: 3000,
  sectionFields: 10,
  fieldText: 2000,
  headerText: 150,
  contextElements: 10,
  actionsElements: 25,
  buttonText: 75,
  buttonValue: 2000,
  actionId: 255,
  blockId: 255,
  url: 3000,
  selectOptions: 100,
  optionText: 75,
  optionValue: 75,
  optionDescription: 75,
  overflowOptions: 5,
  placeholderText: 150,
  confirmTitle: 100,
  confirmText: 300,
  confirmButton: 30,
  imageAltText: 2000,
  labelText: 2000,
  markdownBlockText: 12_000,
  topLevelText: 40_000,
  /** Undocumented: past roughly this much text across all blocks Slack answers `msg_blocks_too_long`. */
  totalBlockText: 12_000,
  viewTitle: 24,
  viewButton: 24,
  callbackId: 255,
  privateMetadata: 3000,
} as const;
