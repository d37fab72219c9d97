/**
 * Bolt's SocketModeReceiver, except that stop() resolves once the WebSocket is closed. Bolt's own
 * resolves as soon as it has asked to close, so main.ts exiting right after would cut the connection
 * in the middle of the close handshake.
 */
import { SocketModeReceiver } from "@slack/bolt";

export class ClosingSocketModeReceiver extends SocketModeReceiver {
  override async stop(): Promise<void> {
    // The client says `disconnected` when the handshake is done, when it times out (30 s), or at once
    // when there was no socket; listening first means none of these can be missed.
    const disconnected = new Promise<void>((resolve) => this.client.once("disconnected", () => resolve()));
    await super.stop();
    await disconnected;
  }
}
