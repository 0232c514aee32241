import { describe, expect, it } from 'vitest';
import { createSseParser, type SseMessage } from './sse-parser';

function collect() {
  const messages: SseMessage[] = [];
  const comments: string[] = [];
  const retries: number[] = [];
  const parser = createSseParser({
    onMessage: (m) => messages.push(m),
    onComment: (c) => comments.push(c),
    onRetry: (r) => retries.push(r),
  });
  return { parser, messages, comments, retries };
}

describe('createSseParser', () => {
  it('parses named events with JSON data', () => {
    const { parser, messages } = collect();
    parser.push('event: snapshot\ndata: {"people":[]}\n\nevent: presence\ndata: {"a":1}\n\n');
    expect(messages).toEqual([
      { event: 'snapshot', data: '{"people":[]}', id: '' },
      { event: 'presence', data: '{"a":1}', id: '' },
    ]);
  });

  it('waits for the blank line, however the chunks are cut', () => {
    const { parser, messages } = collect();
    const stream = 'event: presence\ndata: {"userId":"u1","status":"working"}\n\n';
    for (const char of stream) parser.push(char);
    expect(messages).toEqual([
      { event: 'presence', data: '{"userId":"u1","status":"working"}', id: '' },
    ]);
  });

  it('joins several data lines with a line break and defaults the event name', () => {
    const { parser, messages } = collect();
    parser.push('data: first\ndata: second\n\n');
    expect(messages).toEqual([{ event: 'message', data: 'first\nsecond', id: '' }]);
  });

  it('reports comments (heartbeats) without dispatching an event', () => {
    const { parser, messages, comments } = collect();
    parser.push(': heartbeat\n\n:\n\n');
    expect(messages).toEqual([]);
    expect(comments).toEqual(['heartbeat', '']);
  });

  it('accepts CRLF and CR line breaks, also split between chunks', () => {
    const { parser, messages } = collect();
    parser.push('event: a\r\ndata: 1\r\n\r');
    parser.push('\nevent: b\rdata: 2\r\r');
    expect(messages).toEqual([
      { event: 'a', data: '1', id: '' },
      { event: 'b', data: '2', id: '' },
    ]);
  });

  it('keeps the last id, reads retry, ignores unknown fields and a field without colon', () => {
    const { parser, messages, retries } = collect();
    parser.push('id: 7\nretry: 3000\nfoo: bar\ndata\n\nretry: soon\ndata:x\n\n');
    expect(messages).toEqual([
      { event: 'message', data: '', id: '7' },
      { event: 'message', data: 'x', id: '7' },
    ]);
    expect(retries).toEqual([3000]);
  });

  it('does not dispatch an event cut off before its blank line', () => {
    const { parser, messages } = collect();
    parser.push('event: presence\ndata: {"half":');
    expect(messages).toEqual([]);
  });

  it('forgets the event name of an event without data', () => {
    const { parser, messages } = collect();
    parser.push('event: lonely\n\ndata: plain\n\n');
    expect(messages).toEqual([{ event: 'message', data: 'plain', id: '' }]);
  });
});
