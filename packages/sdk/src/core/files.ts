/** Bytes of a file and how to name them in a multipart upload. */
export interface FileObject {
  fileName: string;
  content: FileContent;
  contentType?: string;
}

/** A Node.js readable (`fs.createReadStream`, …), recognised without importing node:stream. */
export interface NodeReadableLike {
  pipe: unknown;
  on: unknown;
  [Symbol.asyncIterator](): AsyncIterator<unknown>;
}

export type FileContent =
  Blob | Uint8Array | ArrayBuffer | ReadableStream<Uint8Array> | NodeReadableLike;

/** What an upload (`file`) accepts. */
export type FileInput = FileContent | FileObject;

function isFileObject(value: unknown): value is FileObject {
  return typeof value === 'object' && value !== null && 'content' in value && 'fileName' in value;
}

function isNodeReadable(value: unknown): value is NodeReadableLike {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as NodeReadableLike).pipe === 'function' &&
    typeof (value as NodeReadableLike)[Symbol.asyncIterator] === 'function'
  );
}

function isWebStream(value: unknown): value is ReadableStream<Uint8Array> {
  return typeof ReadableStream !== 'undefined' && value instanceof ReadableStream;
}

/** Whether an argument value is a file (sent as a file part of a multipart body). */
export function isFileInput(value: unknown): value is FileInput {
  return (
    (typeof Blob !== 'undefined' && value instanceof Blob) ||
    value instanceof Uint8Array ||
    value instanceof ArrayBuffer ||
    isWebStream(value) ||
    isNodeReadable(value) ||
    isFileObject(value)
  );
}

interface Part {
  name: string;
  /** A string field, or a file. */
  value: string | { fileName: string; contentType: string; content: FileContent };
}

/** A Blob's own type ('' when it has none or is not a Blob). */
function blobType(content: FileContent): string {
  return typeof Blob !== 'undefined' && content instanceof Blob ? content.type : '';
}

function filePart(name: string, input: FileInput): Part {
  if (isFileObject(input)) {
    return {
      name,
      value: {
        fileName: input.fileName,
        contentType: input.contentType || blobType(input.content) || 'application/octet-stream',
        content: input.content,
      },
    };
  }
  return {
    name,
    value: {
      fileName: fileNameOf(input),
      contentType: blobType(input) || 'application/octet-stream',
      content: input,
    },
  };
}

/** A `File`'s name, the last segment of an `fs.createReadStream` path, else `file`. */
function fileNameOf(input: FileContent): string {
  if (typeof Blob !== 'undefined' && input instanceof Blob) {
    return 'name' in input && typeof input.name === 'string' && input.name ? input.name : 'file';
  }
  if (isNodeReadable(input)) {
    const path = (input as { path?: unknown }).path;
    const last = typeof path === 'string' ? path.split(/[\\/]/).pop() : undefined;
    if (last) return last;
  }
  return 'file';
}

/** The parts of a multipart body: files as files, other values as text fields. */
export function multipartParts(fields: Record<string, unknown>): Part[] {
  const parts: Part[] = [];
  for (const [name, value] of Object.entries(fields)) {
    if (value === undefined) continue;
    if (isFileInput(value)) parts.push(filePart(name, value));
    else if (Array.isArray(value)) for (const v of value) parts.push({ name, value: String(v) });
    else
      parts.push({
        name,
        value: typeof value === 'object' ? JSON.stringify(value) : String(value),
      });
  }
  return parts;
}

function isStreaming(content: FileContent): boolean {
  return isWebStream(content) || isNodeReadable(content);
}

/** A multipart body and whether it can be sent again (a stream can't). */
export interface MultipartBody {
  body: FormData | ReadableStream<Uint8Array>;
  /** Set for a streamed body (FormData sets its own). */
  contentType?: string;
  replayable: boolean;
  /**
   * Stops the source streams of a streamed body once its request is over (fetch does not
   * cancel a request body when the request is aborted), so a file is not left open.
   */
  stop?: (reason?: unknown) => Promise<void>;
}

/**
 * Encodes the parts. Without streams, a FormData (the runtime's own encoder). With a stream,
 * a body streamed part by part, so the file is never held whole in memory.
 */
export function encodeMultipart(parts: Part[]): MultipartBody {
  if (!parts.some((p) => typeof p.value !== 'string' && isStreaming(p.value.content))) {
    const form = new FormData();
    for (const p of parts) {
      if (typeof p.value === 'string') form.append(p.name, p.value);
      else {
        const content = p.value.content as Blob | Uint8Array | ArrayBuffer;
        const blob =
          content instanceof Blob && content.type === p.value.contentType
            ? content
            : new Blob([content as Uint8Array<ArrayBuffer>], { type: p.value.contentType });
        form.append(p.name, blob, p.value.fileName);
      }
    }
    return { body: form, replayable: true };
  }
  const boundary = `----castellan-${Math.random().toString(36).slice(2)}${Date.now().toString(36)}`;
  const encoder = new TextEncoder();
  const quote = (s: string) => s.replace(/[\r\n"]/g, (c) => encodeURIComponent(c));
  const stops: Stop[] = [];
  async function* chunks(): AsyncGenerator<Uint8Array> {
    for (const p of parts) {
      if (typeof p.value === 'string') {
        yield encoder.encode(
          `--${boundary}\r\nContent-Disposition: form-data; name="${quote(p.name)}"\r\n\r\n${p.value}\r\n`,
        );
        continue;
      }
      yield encoder.encode(
        `--${boundary}\r\nContent-Disposition: form-data; name="${quote(p.name)}"; filename="${quote(p.value.fileName)}"\r\nContent-Type: ${p.value.contentType}\r\n\r\n`,
      );
      yield* contentChunks(p.value.content, stops);
      yield encoder.encode('\r\n');
    }
    yield encoder.encode(`--${boundary}--\r\n`);
  }
  const iterator = chunks();
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      const next = await iterator.next();
      if (next.done) controller.close();
      else controller.enqueue(next.value);
    },
    cancel: (reason) => stop(reason),
  });
  // The generator may be waiting on a source with nothing more to give: stopping the sources
  // ends that wait, so the generator can finish.
  const stop = async (reason?: unknown) => {
    await Promise.allSettled(stops.map((s) => s(reason)));
    iterator.return(undefined).catch(() => undefined);
  };
  return {
    body,
    contentType: `multipart/form-data; boundary=${boundary}`,
    replayable: false,
    stop,
  };
}

/** Stops a source stream that will not be read to its end. */
type Stop = (reason: unknown) => unknown;

async function* contentChunks(content: FileContent, stops: Stop[]): AsyncGenerator<Uint8Array> {
  if (content instanceof Uint8Array) yield content;
  else if (content instanceof ArrayBuffer) yield new Uint8Array(content);
  else if (typeof Blob !== 'undefined' && content instanceof Blob)
    yield* contentChunks(content.stream(), stops);
  else if (isWebStream(content)) {
    const reader = content.getReader();
    stops.push((reason) => reader.cancel(reason));
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) return;
        yield value;
      }
    } finally {
      reader.releaseLock();
    }
  } else {
    const destroy = (content as { destroy?: (error?: Error) => void }).destroy;
    if (typeof destroy === 'function') stops.push(() => destroy.call(content));
    for await (const chunk of content as AsyncIterable<unknown>) {
      yield typeof chunk === 'string' ? new TextEncoder().encode(chunk) : (chunk as Uint8Array);
    }
  }
}
