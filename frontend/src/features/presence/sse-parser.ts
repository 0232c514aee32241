/**
 * A small Server-Sent Events parser (the "event stream interpretation" of the HTML standard),
 * fed with text chunks as they arrive from `fetch`. EventSource cannot send the
 * `Authorization` header the API needs, so the presence screen reads the stream itself.
 */

export interface SseMessage {
  /** The `event:` field; "message" when the server sent none. */
  event: string;
  /** The `data:` lines joined with "\n". */
  data: string;
  /** The last `id:` seen on the stream, or '' . */
  id: string;
}

export interface SseHandlers {
  onMessage: (message: SseMessage) => void;
  /** Comment lines (": ping"): the server's heartbeats, proof that the connection lives. */
  onComment?: (text: string) => void;
  /** A `retry:` field: the reconnection time the server asks for, in milliseconds. */
  onRetry?: (milliseconds: number) => void;
}

export interface SseParser {
  /** Feeds the next chunk of decoded text; complete events are dispatched at once. */
  push: (chunk: string) => void;
}

export function createSseParser(handlers: SseHandlers): SseParser {
  let buffer = '';
  let eventType = '';
  let data: string[] = [];
  let lastId = '';
  // A chunk may end between the CR and LF of one line break.
  let skipLeadingLf = false;

  function dispatch() {
    if (data.length > 0) {
      handlers.onMessage({ event: eventType || 'message', data: data.join('\n'), id: lastId });
    }
    eventType = '';
    data = [];
  }

  function processLine(line: string) {
    if (line === '') {
      dispatch();
      return;
    }
    if (line.startsWith(':')) {
      handlers.onComment?.(line.slice(1).replace(/^ /, ''));
      return;
    }
    const colon = line.indexOf(':');
    const field = colon === -1 ? line : line.slice(0, colon);
    const value = colon === -1 ? '' : line.slice(colon + 1).replace(/^ /, '');
    switch (field) {
      case 'event':
        eventType = value;
        break;
      case 'data':
        data.push(value);
        break;
      case 'id':
        if (!value.includes('\0')) lastId = value;
        break;
      case 'retry':
        if (/^\d+$/.test(value)) handlers.onRetry?.(Number(value));
        break;
      default:
        break; // unknown fields are ignored, as the standard says
    }
  }

  return {
    push(chunk: string) {
      let text = chunk;
      if (skipLeadingLf && text.startsWith('\n')) text = text.slice(1);
      skipLeadingLf = false;
      buffer += text;
      let start = 0;
      for (let i = 0; i < buffer.length; i += 1) {
        const char = buffer[i];
        if (char !== '\n' && char !== '\r') continue;
        processLine(buffer.slice(start, i));
        if (char === '\r') {
          if (i + 1 === buffer.length) skipLeadingLf = true;
          else if (buffer[i + 1] === '\n') i += 1;
        }
        start = i + 1;
      }
      buffer = buffer.slice(start);
    },
  };
}
