/** The secrets every bot under test runs with; the global teardown checks no log line contains them. */
export const TEST_SECRETS = {
  botToken: "xoxb-test-0000-bot-token-never-logged",
  signingSecret: "test-signing-secret-never-logged-1234",
  apiKey: "sk_test_mixpeek_key_never_logged_5678",
  /** Socket Mode's app-level token, for the tests that run the bot in Socket Mode. */
  appToken: "xapp-1-test-app-token-never-logged",
  /** Distributed mode (OAuth installs): the app's credentials, the key that encrypts, two Mixpeek keys. */
  clientSecret: "test-client-secret-never-logged-4321",
  stateSecret: "test-state-secret-never-logged-8765",
  encryptionKey: "dGVzdC1lbmNyeXB0aW9uLWtleS0zMi1ieXRlcy0hISE=",
  mixpeekKeyA: "sk_workspace_a_key_never_logged_1111",
  mixpeekKeyB: "sk_workspace_b_key_never_logged_2222",
} as const;
