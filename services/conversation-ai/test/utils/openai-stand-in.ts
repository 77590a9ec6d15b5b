import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { type AddressInfo } from 'node:net';

/** How the stand-in answers the next chat completion. */
export type StandInBehaviour =
  | { kind: 'tool_call'; arguments: Record<string, unknown> | string }
  | { kind: 'delay'; ms: number }
  | { kind: 'status'; status: number };

/**
 * A local stand-in for OpenAI's `POST /v1/chat/completions` (https://platform.openai.com/docs/api-reference/chat/create):
 * records every request body and answers with a `chat.completion` whose message carries one
 * `tool_calls` entry (function calling), a delay (to trigger client timeouts), or an HTTP error.
 */
export class OpenAiStandIn {
  readonly requests: { path: string; authorization: string | undefined; body: Record<string, unknown> }[] = [];
  behaviour: StandInBehaviour = { kind: 'status', status: 500 };
  private server: Server | null = null;

  /** Base URL to give the client (`http://127.0.0.1:<port>/v1`). */
  get baseUrl(): string {
    const port = (this.server?.address() as AddressInfo | null)?.port;
    return `http://127.0.0.1:${port}/v1`;
  }

  async start(): Promise<void> {
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
  }

  async stop(): Promise<void> {
    const s = this.server;
    if (!s) return;
    s.closeAllConnections();
    await new Promise<void>((resolve) => s.close(() => resolve()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as Record<string, unknown>;
    this.requests.push({ path: req.url ?? '', authorization: req.headers.authorization, body });
    if (req.method !== 'POST' || req.url !== '/v1/chat/completions') {
      res.writeHead(404, { 'content-type': 'application/json' }).end(JSON.stringify({ error: { message: 'not found', type: 'invalid_request_error' } }));
      return;
    }
    const b = this.behaviour;
    if (b.kind === 'status') {
      res.writeHead(b.status, { 'content-type': 'application/json' }).end(JSON.stringify({ error: { message: 'stand-in error', type: 'server_error' } }));
      return;
    }
    if (b.kind === 'delay') {
      await new Promise((r) => setTimeout(r, b.ms));
      if (!res.destroyed) res.writeHead(500).end();
      return;
    }
    const tools = (body.tools as { function: { name: string } }[] | undefined) ?? [];
    const name = tools[0]?.function.name ?? 'extract';
    const args = typeof b.arguments === 'string' ? b.arguments : JSON.stringify(b.arguments);
    res.writeHead(200, { 'content-type': 'application/json' }).end(
      JSON.stringify({
        id: 'chatcmpl-standin',
        object: 'chat.completion',
        created: Math.floor(Date.now() / 1000),
        model: String(body.model ?? 'stand-in'),
        choices: [{ index: 0, message: { role: 'assistant', content: null, tool_calls: [{ id: 'call_1', type: 'function', function: { name, arguments: args } }] }, logprobs: null, finish_reason: 'tool_calls' }],
        usage: { prompt_tokens: 10, completion_tokens: 10, total_tokens: 20 },
      }),
    );
  }
}
