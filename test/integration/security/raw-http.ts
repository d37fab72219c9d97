/** HTTP by hand over a TCP socket: slow clients, partial headers and bodies no HTTP client would send. */
import { connect, type Socket } from "node:net";

export interface RawConnection {
  socket: Socket;
  /** Everything the server sent so far. */
  received(): string;
  /** Resolves when the server has closed the connection, with what it sent. */
  closed: Promise<string>;
  /** Resolves once the server has sent this much, or closed (then with what it sent). */
  answer(): Promise<string>;
  end(): void;
}

export function openRaw(port: number): Promise<RawConnection> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: "127.0.0.1", port });
    let data = "";
    const waiting: Array<() => void> = [];
    socket.setEncoding("utf8");
    socket.on("data", (chunk: string) => {
      data += chunk;
      for (const wake of waiting.splice(0)) wake();
    });
    const closed = new Promise<string>((done) => {
      socket.on("close", () => {
        for (const wake of waiting.splice(0)) wake();
        done(data);
      });
    });
    socket.on("error", () => undefined);
    socket.once("connect", () => {
      resolve({
        socket,
        received: () => data,
        closed,
        answer: () =>
          new Promise<string>((done) => {
            const check = () => {
              if (/\r\n\r\n/.test(data) || socket.destroyed) done(data);
              else waiting.push(check);
            };
            check();
          }),
        end: () => socket.destroy(),
      });
    });
    socket.once("error", reject);
  });
}

/** The status code of a raw answer ("HTTP/1.1 413 …"), or undefined when the server sent nothing. */
export function statusOf(answer: string): number | undefined {
  const match = /^HTTP\/1\.1 (\d{3})/.exec(answer);
  return match ? Number(match[1]) : undefined;
}

/**
 * One request sent exactly as written, request target included (an HTTP client would normalise
 * `/slack/./events` or drop `#x` before sending); resolves with the status of the answer.
 */
export async function postRaw(
  port: number,
  target: string,
  body: string,
  headers: Record<string, string>,
): Promise<number | undefined> {
  const raw = await openRaw(port);
  const lines = Object.entries({
    Host: "bot",
    ...headers,
    "Content-Length": String(Buffer.byteLength(body)),
    Connection: "close",
  }).map(([name, value]) => `${name}: ${value}\r\n`);
  raw.socket.write(`POST ${target} HTTP/1.1\r\n${lines.join("")}\r\n${body}`);
  const answer = await raw.answer();
  raw.end();
  return statusOf(answer);
}
