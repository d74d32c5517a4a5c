import { Transform, type TransformCallback } from 'node:stream';
import { apiErrors } from '../errors/api-errors.js';
import { IMAGE_HEAD_BYTES, sniffImageType } from './image-type.js';

/**
 * Passes an upload through while checking it, so nothing is buffered beyond one chunk and
 * the first few bytes: the first bytes must be an image's (else it fails with
 * `imageTypeInvalid` before anything is written), and the stream fails with `imageTooLarge`
 * as soon as it goes over `maxBytes`, without reading the rest.
 */
export class ImageCheckStream extends Transform {
  /** The sniffed content type, once the first bytes have passed. */
  contentType: string | undefined;
  private head: Buffer[] = [];
  private headBytes = 0;
  private total = 0;

  constructor(private readonly maxBytes: number) {
    super();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    this.total += chunk.length;
    if (this.total > this.maxBytes) {
      return done(apiErrors.imageTooLarge(Math.round(this.maxBytes / (1024 * 1024))));
    }
    if (this.contentType) return done(null, chunk);
    this.head.push(chunk);
    this.headBytes += chunk.length;
    if (this.headBytes < IMAGE_HEAD_BYTES) return done();
    done(this.releaseHead());
  }

  override _flush(done: TransformCallback): void {
    if (this.contentType) return done();
    done(this.releaseHead());
  }

  private releaseHead(): Error | null {
    const head = Buffer.concat(this.head);
    this.head = [];
    this.contentType = sniffImageType(head);
    if (!this.contentType) return apiErrors.imageTypeInvalid();
    this.push(head);
    return null;
  }
}
