/** The secrets every bot under test runs with; the global teardown checks no log line contains them. */
export const TEST_SECRETS = {
  botToken: "xoxb-test-0000-bot-token-never-logged",
  signingSecret: "test-signing-secret-never-logged-1234",
  apiKey: "sk_test_mixpeek_key_never_logged_5678",
  /** Socket Mode's app-level token, for the tests that run the bot in Socket Mode. */
  appToken: "xapp-1-test-app-token-never-logged",
} as const;
